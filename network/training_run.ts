/**
 * The one mini-batch training loop behind `train` and `trainAsync`, as a
 * generator that pauses after every batch: the synchronous driver runs it
 * straight through, the asynchronous one yields to the event loop between
 * batches and can stop it there.
 *
 * @module
 */
import { TrainingRecorder } from "../diagnostics/training_recorder.ts";
import type { Network } from "./network.ts";
import { Matrix } from "../tensor/matrix.ts";
import { checkPair } from "./checks.ts";
import { BackpropEngine } from "./backprop.ts";
import {
  attachSparse,
  gatheredAhead,
  gatherInWasm,
  planGather,
  SPARSE_MAX_DENSITY,
  SPARSE_MIN_WIDTH,
  sparseOf,
  SparseRows,
  wasmBatchRows,
  wasmDatasetRows,
} from "../tensor/kernels/mod.ts";
import { Random } from "../tensor/random.ts";
import { countCorrect, isClassification } from "./metrics.ts";
import {
  type EpochStats,
  type TrainingData,
  TrainingDivergedError,
  type TrainOptions,
} from "./train_options.ts";
import { Stopper } from "./early_stopping.ts";
import { checkResume } from "./training_state.ts";
import { compressInSlices, finiteInSlices } from "./setup_in_slices.ts";
import {
  type Checkpoint,
  TRAINING_FORMAT,
  TRAINING_VERSION,
} from "./model_json.ts";

/**
 * What the run hands its driver at a pause: nothing after a batch, or a
 * callback's promise to wait for (its value is passed back in).
 */
export type RunPause = PromiseLike<unknown> | undefined;

/**
 * Mini-batch training as a generator: for every epoch, shuffle (seeded),
 * then for every batch compute the gradient by backprop and let the
 * optimizer step; it pauses after every batch, so a driver that stops it
 * there leaves the network at a batch boundary.
 *
 * @param network The network to train, in place.
 * @param data Training inputs and targets.
 * @param options Epochs, batch size, optimizer and the rest.
 * @returns A generator whose return value is the history.
 * @throws {TypeError} On malformed data or a checkpoint that does not fit.
 * @throws {RangeError} On bad options or non-finite data.
 * @throws {TrainingDivergedError} If the loss becomes NaN or infinite.
 */
export function* trainingRun(
  network: Network,
  data: TrainingData,
  options: TrainOptions,
): Generator<RunPause, EpochStats[], unknown> {
  // ---- checks and buffers, once ----
  const { epochs, batchSize, optimizer, schedule } = options;
  positiveInteger("epochs", epochs);
  positiveInteger("batchSize", batchSize);
  const every = options.checkpointEvery ?? 1;
  positiveInteger("checkpointEvery", every);
  if (typeof optimizer?.step !== "function") {
    throw new TypeError(
      "Cannot train: option 'optimizer' must be an Optimizer with a step() method",
    );
  }
  if (schedule && typeof optimizer.learningRate !== "number") {
    throw new TypeError(
      `Cannot train: option 'schedule' needs an optimizer with a numeric 'learningRate', and '${optimizer.name}' has none`,
    );
  }
  // shapes now; finite values a slice at a time (a pause between slices)
  const [X, Y] = checkPair(
    data.x,
    data.y,
    network.inputSize,
    network.outputSize,
    false,
  );
  const val = options.validation
    ? checkPair(
      options.validation.x,
      options.validation.y,
      network.inputSize,
      network.outputSize,
      false,
    )
    : undefined;
  yield* finiteInSlices(X, "X");
  yield* finiteInSlices(Y, "Y");
  if (val) {
    yield* finiteInSlices(val[0], "validation X");
    yield* finiteInSlices(val[1], "validation Y");
  }
  const classify = options.classification ?? isClassification(Y);
  const n = X.rows, nIn = X.cols, nOut = Y.cols;
  const m = Math.min(batchSize, n);
  const full = { x: new Matrix(m, nIn), y: new Matrix(m, nOut) };
  const rest = n % m === 0
    ? full
    : { x: new Matrix(n % m, nIn), y: new Matrix(n % m, nOut) };
  const seed = options.seed ?? 0, shuffle = options.shuffle ?? true;
  const random = new Random(seed);
  let order: Uint32Array = new Uint32Array(n).map((_, i) => i);
  const stopper = options.earlyStopping
    ? new Stopper(network, options.earlyStopping, val !== undefined)
    : undefined;
  // one context object, updated in place: what the optimizer and the
  // schedule are told at every step
  const context = {
    trainingSize: n,
    epoch: 1,
    step: 0,
    batch: 0,
    batchesPerEpoch: Math.ceil(n / m),
    epochs,
    initialRate: optimizer.learningRate ?? NaN,
  };
  let history: EpochStats[] = [], finished = false, firstEpoch = 1;

  // ---- continue from a checkpoint ----
  if (options.resume !== undefined) {
    const at = checkResume(options.resume, network, {
      trainingSize: n,
      batchSize,
      epochs,
      seed,
      shuffle,
    });
    const t = at.training;
    restore("shuffle generator", () => random.setState(t.random));
    if (t.optimizer !== null || optimizer.setState) {
      if (!optimizer.setState || t.optimizer === null) {
        throw new TypeError(
          `Cannot resume training: the checkpoint has ${
            t.optimizer
              ? `state of optimizer '${t.optimizer.name}'`
              : "no optimizer state"
          } but this run's optimizer '${optimizer.name}' ${
            optimizer.setState ? "has state" : "cannot restore it"
          }`,
        );
      }
      restore(
        "optimizer",
        () => optimizer.setState!(network.params, t.optimizer),
      );
    }
    if ((t.schedule === null) !== (schedule === undefined)) {
      throw new TypeError(
        `Cannot resume training: the checkpoint was made ${
          t.schedule
            ? `with schedule '${t.schedule.name}'`
            : "without a schedule"
        } but this run has ${schedule ? `'${schedule.name}'` : "none"}`,
      );
    }
    if (schedule && t.schedule) {
      if (t.schedule.name !== schedule.name) {
        throw new TypeError(
          `Cannot resume training: the checkpoint was made with schedule '${t.schedule.name}' but this run has '${schedule.name}'`,
        );
      }
      if (!(typeof t.initialRate === "number" && t.initialRate > 0)) {
        throw new TypeError(
          "Cannot resume training: field 'initialRate' must be a positive number",
        );
      }
      if (schedule.setState) {
        restore("schedule", () => schedule.setState!(t.schedule!.state));
      }
      context.initialRate = t.initialRate;
    }
    if ((t.earlyStopping === null) !== (stopper === undefined)) {
      throw new TypeError(
        `Cannot resume training: the checkpoint was made ${
          stopper ? "without" : "with"
        } early stopping but this run has ${stopper ? "it" : "none"}`,
      );
    }
    stopper?.setState(t.earlyStopping);
    network.layers.forEach((layer, i) => {
      const s = t.layers[i];
      if (s !== null && s !== undefined) {
        if (!layer.setState) {
          throw new TypeError(
            `Cannot resume training: the checkpoint has state for layer ${i}, which cannot restore any`,
          );
        }
        restore(`layer ${i}`, () => layer.setState!(s));
      }
    });
    order = at.order;
    history = at.history;
    firstEpoch = t.epoch + 1;
    context.step = t.step;
    finished = t.finished === true;
  }

  // X and Y were checked (shapes, finite values) once above, so every batch
  // goes straight to the backprop engine, not through Network.gradient
  const engine = new BackpropEngine(network.layers, network.cost);
  // Sparse inputs (pixels) are compressed once; a batch then moves only its
  // nonzeros, and the first layer gets them ready-made
  let sparseX = new SparseRows();
  const sparse = nIn >= SPARSE_MIN_WIDTH &&
    (yield* compressInSlices(sparseX, X.data, n, nIn, SPARSE_MAX_DENSITY));
  // A first layer that reads only the compressed rows (Dense): then the
  // batch is not written out dense at all (its dense data stays zero, unread)
  const first = network.layers[0]!;
  const denseBatch = first.readsSparseInput !== true;
  if (sparse) {
    // a first layer with its weights in WebAssembly: gather straight into
    // its memory (one batch at a time, so full and rest can share), from a
    // copy of the data set's rows there (a memmove per row), which then
    // replaces the rows compressed in JavaScript
    const w = first.params[0]?.value;
    const rows = w === undefined ? undefined : wasmBatchRows(w);
    attachSparse(full.x, rows ?? new SparseRows());
    if (rest !== full) attachSparse(rest.x, rows ?? new SparseRows());
    if (rows !== undefined) {
      sparseX = wasmDatasetRows(w!, sparseX, n) ?? sparseX;
    }
  }

  /** The model and the position at the end of `epoch`. */
  const checkpoint = (epoch: number): Checkpoint => ({
    ...network.toJSON(),
    training: {
      format: TRAINING_FORMAT,
      version: TRAINING_VERSION,
      epoch,
      step: context.step,
      epochs,
      batchSize,
      trainingSize: n,
      seed,
      shuffle,
      random: random.getState(),
      order: Array.from(order),
      initialRate: schedule ? context.initialRate : null,
      optimizer: optimizer.getState?.(network.params) ?? null,
      schedule: schedule
        ? { name: schedule.name, state: schedule.getState?.() ?? null }
        : null,
      earlyStopping: stopper?.getState() ?? null,
      layers: network.layers.map((l) => l.getState?.() ?? null),
      finished,
      history: history.map((s) => ({ ...s })),
    },
  });

  const recorder = options.diagnostics
    ? new TrainingRecorder(network.layers)
    : undefined;

  // ---- the epochs ----
  for (let epoch = firstEpoch; epoch <= epochs && !finished; epoch++) {
    const started = performance.now();
    context.epoch = epoch;
    if (shuffle) random.shuffle(order);
    let lossSum = 0, correct = 0;
    // the ticket of the next batch's gather, planned ahead (0: none)
    let ahead = 0;
    for (let from = 0, batch = 1; from < n; from += m, batch++) {
      const b = from + m <= n ? full : rest;
      // the batch: rows order[from .. from + b.x.rows) of X and Y
      if (sparse) {
        const rows = sparseOf(b.x)!;
        if (
          !gatheredAhead(rows, ahead) &&
          (denseBatch || !gatherInWasm(sparseX, rows, order, from, b.x.rows))
        ) {
          rows.gather(
            sparseX,
            order,
            from,
            b.x.rows,
            denseBatch ? b.x.data : undefined,
            nIn,
          );
        }
        // the next batch of this epoch: a worker may gather it into the same
        // rows once the first layer is done with them (gather_plan.ts)
        const to = from + b.x.rows, next = to + m <= n ? full : rest;
        ahead = denseBatch || to === n
          ? 0
          : planGather(sparseX, sparseOf(next.x)!, order, to, next.x.rows);
      } else gather(X, order, from, b.x);
      gather(Y, order, from, b.y);
      // forward pass and BP1..BP4: every Param.grad for the batch mean cost
      lossSum += engine.run(b.x, b.y, network.fused) * b.x.rows;
      if (classify) correct += countCorrect(engine.output, b.y);
      // the update, at the rate the schedule sets
      context.step++;
      context.batch = batch;
      if (schedule) optimizer.learningRate = schedule.rate(context);
      recorder?.afterBackward(from / m);
      optimizer.step(network.params, context);
      recorder?.afterStep();
      options.onBatch?.(from + b.x.rows, n);
      yield undefined; // a batch boundary: the driver may pause or stop here
    }
    const seconds = (performance.now() - started) / 1000;
    const loss = lossSum / n;
    if (!Number.isFinite(loss)) {
      throw new TrainingDivergedError(epoch, loss, optimizer.learningRate);
    }
    const stats: EpochStats = { epoch, loss, seconds, evalSeconds: 0 };
    if (classify) stats.accuracy = correct / n;
    if (recorder) stats.layers = recorder.endEpoch();
    if (val) {
      const t = performance.now();
      stats.validationLoss = network.loss(val[0], val[1]);
      if (classify) {
        stats.validationAccuracy = countCorrect(network.lastOutput, val[1]) /
          val[0].rows;
      }
      stats.evalSeconds = (performance.now() - t) / 1000;
    }
    if (schedule) {
      stats.learningRate = optimizer.learningRate!;
      schedule.epochEnd?.(stats);
    }
    history.push(stats);
    let answer: unknown = options.onEpoch?.(stats);
    if (isPromise(answer)) answer = yield answer;
    finished = stopper?.update(stats) ?? false;
    if (
      options.onCheckpoint &&
      (epoch % every === 0 || epoch === epochs || finished)
    ) {
      const saved = options.onCheckpoint(checkpoint(epoch));
      if (isPromise(saved)) yield saved;
    }
    if (answer === false) break;
  }
  stopper?.finish();
  return history;
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then ===
    "function";
}

function restore(what: string, apply: () => void): void {
  try {
    apply();
  } catch (e) {
    throw new TypeError(
      `Cannot resume training: the checkpoint's ${what} state is invalid: ${
        (e as Error).message
      }`,
      { cause: e },
    );
  }
}

function positiveInteger(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot train: option '${name}' must be a positive integer, got '${value}'`,
    );
  }
}

/** Copies rows `order[start..start+out.rows)` of `src` into `out`. */
function gather(
  src: Matrix,
  order: Uint32Array,
  start: number,
  out: Matrix,
): void {
  const c = src.cols, S = src.data, O = out.data;
  for (let r = 0; r < out.rows; r++) {
    const from = order[start + r]! * c, to = r * c;
    for (let j = 0; j < c; j++) O[to + j] = S[from + j]!;
  }
}

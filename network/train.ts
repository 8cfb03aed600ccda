/**
 * The generic mini-batch training loop.
 *
 * @module
 */
import type { Optimizer } from "../optimizers/types.ts";
import type { Network } from "./network.ts";
import { Matrix, type MatrixLike } from "../tensor/matrix.ts";
import { checkPair } from "./checks.ts";
import { BackpropEngine } from "./backprop.ts";
import { Dense } from "../layers/dense.ts";
import {
  attachSparse,
  SPARSE_MAX_DENSITY,
  SPARSE_MIN_WIDTH,
  sparseOf,
  SparseRows,
  wasmBatchRows,
} from "../tensor/kernels/mod.ts";
import { Random } from "../tensor/random.ts";
import { countCorrect, isClassification } from "./metrics.ts";

/** Training data: inputs and targets, one row per sample. */
export interface TrainingData {
  /** Inputs, `n x n_in`. */
  x: MatrixLike;
  /** Targets, `n x n_out` (one-hot rows for classification). */
  y: MatrixLike;
}

/** When to stop before the last epoch. */
export interface EarlyStopping {
  /** Stop after this many epochs without improvement. */
  patience: number;
  /**
   * The figure to watch.
   *
   * @default {"validationLoss" if validation data is given, else "loss"}
   */
  monitor?: "loss" | "validationLoss";
  /**
   * How much lower counts as better.
   *
   * @default {0}
   */
  minDelta?: number;
  /**
   * Put back the weights of the best epoch at the end.
   *
   * @default {true}
   */
  restoreBest?: boolean;
}

/** What happened in one epoch. */
export interface EpochStats {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training cost over the epoch's batches (as the weights moved). */
  loss: number;
  /** Training accuracy over the epoch's batches, for classification. */
  accuracy?: number;
  /** Mean cost on the validation data after the epoch. */
  validationLoss?: number;
  /** Accuracy on the validation data after the epoch, for classification. */
  validationAccuracy?: number;
  /** Seconds spent in the training pass (shuffle included, evaluation excluded). */
  seconds: number;
  /** Seconds spent evaluating the validation data. */
  evalSeconds: number;
}

/** Options of {@linkcode train}. */
export interface TrainOptions {
  /** Number of passes over the data; a positive integer. */
  epochs: number;
  /** Mini-batch size m; a positive integer. */
  batchSize: number;
  /** How to update the weights. */
  optimizer: Optimizer;
  /**
   * Seed of the shuffles.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Shuffle before every epoch; false keeps the given row order.
   *
   * @default {true}
   */
  shuffle?: boolean;
  /** Data to evaluate after every epoch. */
  validation?: TrainingData;
  /**
   * Called after every mini-batch with the samples done so far in the epoch
   * and the epoch's total (for progress bars).
   */
  onBatch?: (done: number, total: number) => void;
  /** Called after every epoch; return `false` to stop. */
  onEpoch?: (stats: EpochStats) => void | boolean;
  /** Stop when the monitored loss stops improving. */
  earlyStopping?: EarlyStopping;
  /**
   * Report accuracy (argmax of one-hot rows, or a 0.5 threshold for one
   * output). Default: when every target is 0 or 1 (and rows sum to 1 with
   * several outputs).
   */
  classification?: boolean;
}

/** Thrown when the loss becomes NaN or infinite during training. */
export class TrainingDivergedError extends Error {
  /** The epoch (1-based) in which the loss diverged. */
  readonly epoch: number;

  /**
   * Creates the error.
   *
   * @param epoch The epoch.
   * @param loss The loss seen.
   * @param learningRate The optimizer's η, if it has one.
   */
  constructor(epoch: number, loss: number, learningRate?: number) {
    const lr = learningRate === undefined ? "" : ` (it is '${learningRate}')`;
    super(
      `Training diverged in epoch ${epoch}: the loss became '${loss}'; try a smaller learning rate${lr}`,
    );
    this.name = "TrainingDivergedError";
    this.epoch = epoch;
  }
}

/**
 * Mini-batch training: for every epoch, shuffle (seeded), then for every
 * batch compute the gradient by backprop and let the optimizer step.
 * Buffers are allocated once per batch size; the loop itself allocates
 * nothing per batch.
 *
 * @param network The network to train, in place.
 * @param data Training inputs and targets.
 * @param options Epochs, batch size, optimizer and the rest.
 * @returns One {@linkcode EpochStats} per epoch run.
 * @throws {TypeError} On malformed data.
 * @throws {RangeError} On bad options or non-finite data.
 * @throws {TrainingDivergedError} If the loss becomes NaN or infinite.
 *
 * @example XOR
 * ```ts
 * import { train } from "./train.ts";
 * import { mlp } from "./mlp.ts";
 * import { SGD } from "../optimizers/sgd.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 4, 1], { seed: 2, cost: "crossEntropy" });
 * const history = train(net, { x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [[0], [1], [1], [0]] }, {
 *   epochs: 2000, batchSize: 4, optimizer: new SGD({ learningRate: 2 }), seed: 1,
 * });
 * assert.equal(history.at(-1)!.accuracy, 1);
 * ```
 */
export function train(
  network: Network,
  data: TrainingData,
  options: TrainOptions,
): EpochStats[] {
  const { epochs, batchSize } = options;
  positiveInteger("epochs", epochs);
  positiveInteger("batchSize", batchSize);
  if (typeof options.optimizer?.step !== "function") {
    throw new TypeError(
      "Cannot train: option 'optimizer' must be an Optimizer with a step() method",
    );
  }
  const [X, Y] = checkPair(
    data.x,
    data.y,
    network.inputSize,
    network.outputSize,
  );
  const val = options.validation
    ? checkPair(
      options.validation.x,
      options.validation.y,
      network.inputSize,
      network.outputSize,
    )
    : undefined;
  const classify = options.classification ?? isClassification(Y);
  const n = X.rows, nIn = X.cols, nOut = Y.cols;
  const m = Math.min(batchSize, n);
  const full = { x: new Matrix(m, nIn), y: new Matrix(m, nOut) };
  const rest = n % m === 0
    ? full
    : { x: new Matrix(n % m, nIn), y: new Matrix(n % m, nOut) };
  const order = new Uint32Array(n).map((_, i) => i);
  const random = new Random(options.seed ?? 0);
  const context = { trainingSize: n };
  const stopper = options.earlyStopping
    ? new Stopper(network, options.earlyStopping, val !== undefined)
    : undefined;
  const learningRate =
    (options.optimizer as { learningRate?: unknown }).learningRate;
  const history: EpochStats[] = [];
  // X and Y were checked (shapes, finite values) once above, so every batch
  // goes straight to the backprop engine, not through Network.gradient
  const engine = new BackpropEngine(network.layers, network.cost);
  // Sparse inputs (pixels) are compressed once; a batch then moves only its
  // nonzeros, and the first layer gets them ready-made
  const sparseX = new SparseRows();
  const sparse = nIn >= SPARSE_MIN_WIDTH &&
    sparseX.compress(X.data, n, nIn, SPARSE_MAX_DENSITY);
  // A first Dense layer reads only the compressed rows: then the batch is
  // not written out dense at all (its dense data stays zero, unread)
  const denseBatch = !(network.layers[0] instanceof Dense);
  if (sparse) {
    // a first Dense layer with its weights in WebAssembly: gather straight
    // into its memory (one batch at a time, so full and rest can share)
    const first = network.layers[0];
    const rows = first instanceof Dense
      ? wasmBatchRows(first.weights.data)
      : undefined;
    attachSparse(full.x, rows ?? new SparseRows());
    if (rest !== full) attachSparse(rest.x, rows ?? new SparseRows());
  }

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    if (options.shuffle ?? true) random.shuffle(order);
    let lossSum = 0, correct = 0;
    for (let from = 0; from < n; from += m) {
      const batch = from + m <= n ? full : rest;
      if (sparse) {
        sparseOf(batch.x)!.gather(
          sparseX,
          order,
          from,
          batch.x.rows,
          denseBatch ? batch.x.data : undefined,
          nIn,
        );
      } else gather(X, order, from, batch.x);
      gather(Y, order, from, batch.y);
      lossSum += engine.run(batch.x, batch.y, network.fused) * batch.x.rows;
      if (classify) correct += countCorrect(engine.output, batch.y);
      options.optimizer.step(network.params, context);
      options.onBatch?.(from + batch.x.rows, n);
    }
    const seconds = (performance.now() - started) / 1000;
    const loss = lossSum / n;
    if (!Number.isFinite(loss)) {
      throw new TrainingDivergedError(
        epoch,
        loss,
        typeof learningRate === "number" ? learningRate : undefined,
      );
    }
    const stats: EpochStats = { epoch, loss, seconds, evalSeconds: 0 };
    if (classify) stats.accuracy = correct / n;
    if (val) {
      const t = performance.now();
      stats.validationLoss = network.loss(val[0], val[1]);
      if (classify) {
        stats.validationAccuracy = countCorrect(network.lastOutput, val[1]) /
          val[0].rows;
      }
      stats.evalSeconds = (performance.now() - t) / 1000;
    }
    history.push(stats);
    const stop = options.onEpoch?.(stats) === false;
    if (stopper?.update(stats) || stop) break;
  }
  stopper?.finish();
  return history;
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

/** Early stopping with a snapshot of the best weights. */
class Stopper {
  #network: Network;
  #options: EarlyStopping;
  #monitor: "loss" | "validationLoss";
  #best = Infinity;
  #wait = 0;
  #snapshot: (Float64Array | Float32Array)[];

  constructor(
    network: Network,
    options: EarlyStopping,
    hasValidation: boolean,
  ) {
    positiveInteger("earlyStopping.patience", options.patience);
    this.#network = network;
    this.#options = options;
    this.#monitor = options.monitor ??
      (hasValidation ? "validationLoss" : "loss");
    if (this.#monitor === "validationLoss" && !hasValidation) {
      throw new TypeError(
        "Cannot train: earlyStopping monitors 'validationLoss' but no validation data was given",
      );
    }
    this.#snapshot = network.params.map((p) => p.value.slice());
  }

  /** Records an epoch; true when training should stop. */
  update(stats: EpochStats): boolean {
    const value = stats[this.#monitor]!;
    if (value < this.#best - (this.#options.minDelta ?? 0)) {
      this.#best = value;
      this.#wait = 0;
      this.#network.params.forEach((p, i) => this.#snapshot[i]!.set(p.value));
      return false;
    }
    return ++this.#wait >= this.#options.patience;
  }

  /** Restores the best weights if asked. */
  finish(): void {
    if (this.#options.restoreBest ?? true) {
      this.#network.params.forEach((p, i) => p.value.set(this.#snapshot[i]!));
    }
  }
}

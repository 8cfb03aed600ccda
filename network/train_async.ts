/**
 * `trainAsync`: the same loop as `train`, yielding to the event loop so
 * that timers, input and rendering keep running while a network trains.
 *
 * @module
 */
import type { Network } from "./network.ts";
import type {
  EpochStats,
  TrainingData,
  TrainOptions,
} from "./train_options.ts";
import { trainingRun } from "./training_run.ts";

/** Options of {@linkcode trainAsync}: those of `train`, and two more. */
export interface TrainAsyncOptions extends TrainOptions {
  /**
   * Cancels the run: it stops at the next batch boundary (the network
   * keeps the weights of the last whole step) and the promise rejects with
   * the signal's reason.
   */
  signal?: AbortSignal;
  /**
   * The longest stretch of training, in milliseconds, between two yields
   * to the event loop (a batch is never split).
   *
   * @default {5}
   */
  sliceMs?: number;
}

/**
 * {@linkcode train} without blocking: the same loop (one implementation),
 * the same bits for the same seed, but it gives the event loop a turn at
 * least every `sliceMs` milliseconds of work, awaits the promises that
 * `onEpoch` and `onCheckpoint` return, and stops when `signal` aborts.
 *
 * @param network The network to train, in place.
 * @param data Training inputs and targets.
 * @param options The options of `train`, `signal` and `sliceMs`.
 * @returns The history, as `train` returns it.
 * @throws {TypeError} On malformed data or a checkpoint that does not fit.
 * @throws {RangeError} On bad options or non-finite data.
 * @throws {TrainingDivergedError} If the loss becomes NaN or infinite.
 * @throws {DOMException} The signal's reason (an `AbortError` unless the
 * caller gave another) when the run is cancelled.
 *
 * @example A timer keeps firing while the network trains
 * ```ts
 * import { trainAsync } from "./train_async.ts";
 * import { mlp } from "./mlp.ts";
 * import { SGD } from "../optimizers/sgd.ts";
 * import assert from "node:assert/strict";
 *
 * let ticks = 0;
 * const timer = setInterval(() => ticks++, 1);
 * const net = mlp([2, 4, 1], { seed: 2, cost: "crossEntropy" });
 * const history = await trainAsync(net, { x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [[0], [1], [1], [0]] }, {
 *   epochs: 2000, batchSize: 1, optimizer: new SGD({ learningRate: 2 }), seed: 1, sliceMs: 2,
 * });
 * clearInterval(timer);
 * assert.equal(history.at(-1)!.accuracy, 1);
 * assert.ok(ticks > 0);
 * ```
 *
 * @example Cancel with an AbortSignal
 * ```ts
 * import { trainAsync } from "./train_async.ts";
 * import { mlp } from "./mlp.ts";
 * import { SGD } from "../optimizers/sgd.ts";
 * import assert from "node:assert/strict";
 *
 * const stop = new AbortController();
 * const run = trainAsync(mlp([1, 1]), { x: [[0], [1]], y: [[0], [1]] }, {
 *   epochs: 1e6, batchSize: 1, optimizer: new SGD({ learningRate: 0.1 }), signal: stop.signal,
 *   onEpoch: (s) => { if (s.epoch === 10) stop.abort(); },
 * });
 * await assert.rejects(run, { name: "AbortError" });
 * ```
 */
export async function trainAsync(
  network: Network,
  data: TrainingData,
  options: TrainAsyncOptions,
): Promise<EpochStats[]> {
  const { signal } = options;
  const slice = options.sliceMs ?? 5;
  if (typeof slice !== "number" || !(slice >= 0) || !Number.isFinite(slice)) {
    throw new RangeError(
      `Cannot train: option 'sliceMs' must be a non-negative number, got '${slice}'`,
    );
  }
  signal?.throwIfAborted();
  const run = trainingRun(network, data, options);
  try {
    let reply: unknown, since = performance.now();
    for (;;) {
      const next = run.next(reply);
      if (next.done) return next.value;
      // a batch boundary, or a callback's promise to wait for
      reply = next.value === undefined ? undefined : await next.value;
      if (performance.now() - since >= slice) {
        await macrotask();
        since = performance.now();
      }
      signal?.throwIfAborted();
    }
  } finally {
    run.return([]); // a no-op after the end; after an abort, ends the run
  }
}

type Schedule = (task: () => void) => void;

/**
 * Runs a task after the event loop has had a turn (due timers, I/O, input):
 * `setImmediate` where it exists (Deno, Node, Bun), else a MessageChannel
 * (browsers; nested `setTimeout(0)` would wait at least 4 ms each time).
 */
const nextTask: Schedule = (() => {
  const immediate = (globalThis as { setImmediate?: Schedule }).setImmediate;
  if (typeof immediate === "function") return immediate;
  if (typeof MessageChannel === "function") {
    const channel = new MessageChannel(), queue: (() => void)[] = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return (task: () => void) => {
      queue.push(task);
      channel.port2.postMessage(null);
    };
  }
  return (task: () => void) => void setTimeout(task, 0);
})();

/** Resolves after the event loop has run its pending tasks. */
function macrotask(): Promise<void> {
  return new Promise((resolve) => nextTask(() => resolve()));
}

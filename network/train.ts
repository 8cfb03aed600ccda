/**
 * `train`: the mini-batch loop, run straight through.
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

export {
  type EarlyStopping,
  type EpochStats,
  type TrainingData,
  TrainingDivergedError,
  type TrainOptions,
} from "./train_options.ts";

/**
 * Mini-batch training: for every epoch, shuffle (seeded), then for every
 * batch compute the gradient by backprop and let the optimizer step.
 * Buffers are allocated once per batch size; the loop itself allocates
 * nothing per batch. With `schedule` the learning rate follows a schedule;
 * with `onCheckpoint` it hands out resumable checkpoints, and with `resume`
 * it continues one, with the same bits as the uninterrupted run.
 * {@linkcode trainAsync} runs the same loop without blocking.
 *
 * @param network The network to train, in place.
 * @param data Training inputs and targets.
 * @param options Epochs, batch size, optimizer and the rest.
 * @returns One {@linkcode EpochStats} per epoch run (with a checkpoint's
 * epochs first when resuming).
 * @throws {TypeError} On malformed data or a checkpoint that does not fit.
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
 *
 * @example Stop after 3 epochs, resume from the checkpoint: the same bits
 * ```ts
 * import { train } from "./train.ts";
 * import { mlp } from "./mlp.ts";
 * import { Network } from "./network.ts";
 * import type { Checkpoint } from "./model_json.ts";
 * import { Adam } from "../optimizers/adam.ts";
 * import assert from "node:assert/strict";
 *
 * const data = { x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [[0], [1], [1], [0]] };
 * const options = { epochs: 6, batchSize: 2, seed: 1 };
 * const straight = mlp([2, 3, 1], { seed: 2 });
 * train(straight, data, { ...options, optimizer: new Adam({ learningRate: 0.1 }) });
 *
 * let saved: Checkpoint | undefined;
 * train(mlp([2, 3, 1], { seed: 2 }), data, {
 *   ...options, optimizer: new Adam({ learningRate: 0.1 }),
 *   onCheckpoint: (c) => { saved = JSON.parse(JSON.stringify(c)); },
 *   onEpoch: (s) => s.epoch < 3,
 * });
 * const resumed = Network.fromJSON(saved!);
 * train(resumed, data, { ...options, optimizer: new Adam({ learningRate: 0.1 }), resume: saved! });
 * assert.deepEqual(resumed.params.map((p) => p.value), straight.params.map((p) => p.value));
 * ```
 */
export function train(
  network: Network,
  data: TrainingData,
  options: TrainOptions,
): EpochStats[] {
  const run = trainingRun(network, data, options);
  for (;;) {
    const next = run.next();
    if (next.done) return next.value;
  }
}

/**
 * The network, the generic backprop pass and the mini-batch training loop.
 *
 * ```ts
 * import { mlp, train } from "./mod.ts";
 * import { SGD } from "../optimizers/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([1, 1], { activation: "identity" });
 * train(net, { x: [[1], [2]], y: [[2], [4]] }, { epochs: 1000, batchSize: 2, optimizer: new SGD({ learningRate: 0.3 }) });
 * assert.ok(Math.abs(net.predict([[3]]).get(0, 0) - 6) < 1e-3);
 * ```
 *
 * @module
 */
export { type FromJSONOptions, type LossOptions, Network } from "./network.ts";
export {
  type Checkpoint,
  type EarlyStoppingState,
  type LayerFactory,
  MODEL_FORMAT,
  MODEL_VERSION,
  type ModelJSON,
  TRAINING_FORMAT,
  TRAINING_VERSION,
  type TrainingJSON,
} from "./model_json.ts";
export { backpropSample, type SampleGradient } from "./backprop_sample.ts";
export { mlp, type MlpOptions } from "./mlp.ts";
export {
  type EarlyStopping,
  type EpochStats,
  train,
  type TrainingData,
  TrainingDivergedError,
  type TrainOptions,
} from "./train.ts";
export { trainAsync, type TrainAsyncOptions } from "./train_async.ts";
export { countCorrect, isClassification } from "./metrics.ts";

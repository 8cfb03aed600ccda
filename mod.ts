/**
 * backprop: feed-forward neural networks trained by backpropagation, after
 * chapter 2 of Michael Nielsen's *Neural Networks and Deep Learning*, with
 * the four equations in plain sight and pluggable Activations, Costs, Layers
 * and Optimizers.
 *
 * - BP1 `δ^L = ∇_a C ⊙ σ′(z^L)`
 * - BP2 `δ^l = ((w^(l+1))^T δ^(l+1)) ⊙ σ′(z^l)`
 * - BP3 `∂C/∂b^l_j = δ^l_j`
 * - BP4 `∂C/∂w^l_jk = a^(l-1)_k δ^l_j`
 *
 * This module is the in-memory library: it imports nothing from `node:*`,
 * `Deno` or npm, so it runs in Deno, Node, Bun and browsers alike (any
 * runtime with WebAssembly). Files and CSV are in `./io`
 * (`loadCsv`, `parseCsv`, `saveModel`, `loadModel`); the command line is
 * `./cli`.
 *
 * Goals: readable math that is checked against finite differences,
 * reproducible results from a seed, and a fast Float64 training loop; the
 * same four equations, generalised, behind chapter 6's convolutional
 * layers (`Conv2D`, `MaxPool2D`, `AvgPool2D`).
 * Non-goals: GPUs, automatic differentiation of arbitrary programs.
 *
 * ```ts
 * import { Dense, Network, quadratic, SGD, sigmoid, train } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = new Network([new Dense(2, 4, sigmoid, { seed: 1 }), new Dense(4, 1, sigmoid, { seed: 2 })], quadratic);
 * const x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [[0], [1], [1], [0]];
 * train(net, { x, y }, { epochs: 3000, batchSize: 4, optimizer: new SGD({ learningRate: 3 }), seed: 1 });
 * assert.ok(net.loss(x, y) < 0.01);
 * ```
 *
 * @module
 */
export {
  activate,
  activateBackward,
  type Activation,
  activations,
  elu,
  getActivation,
  identity,
  leakyRelu,
  relu,
  sigmoid,
  softmax,
  softplus,
  tanh,
} from "./activations/mod.ts";
export {
  type Cost,
  costs,
  crossEntropy,
  getCost,
  logLikelihood,
  quadratic,
} from "./costs/mod.ts";
export * from "./layers/mod.ts";
export {
  Adam,
  type AdamOptions,
  getOptimizer,
  l2Gradient,
  l2Penalty,
  Momentum,
  type MomentumOptions,
  type Optimizer,
  OptimizerBase,
  type OptimizerFactory,
  type OptimizerOptions,
  optimizers,
  type OptimizerState,
  RMSProp,
  type RMSPropOptions,
  SGD,
  type StepContext,
} from "./optimizers/mod.ts";
export {
  type Init,
  INITS,
  matmul,
  matmulTransA,
  matmulTransB,
  Matrix,
  type MatrixLike,
  Random,
  type RandomState,
  startThreads,
  toMatrix,
} from "./tensor/mod.ts";
export type { DType, FloatArray } from "./tensor/mod.ts";
export {
  backpropSample,
  type Checkpoint,
  countCorrect,
  type EarlyStopping,
  type EarlyStoppingState,
  type EpochStats,
  type FromJSONOptions,
  type LayerFactory,
  type LossOptions,
  mlp,
  type MlpOptions,
  type ModelJSON,
  Network,
  type SampleGradient,
  train,
  trainAsync,
  type TrainAsyncOptions,
  type TrainingData,
  TrainingDivergedError,
  type TrainingJSON,
  type TrainOptions,
} from "./network/mod.ts";
export * from "./schedules/mod.ts";
export {
  type Dataset,
  fitScaling,
  oneHot,
  type Scaling,
  selectRows,
  splitDataset,
  standardize,
  type Task,
} from "./data/dataset.ts";
// gradcheck's library half; the harness (gradcheck/harness/: the suite,
// scaling sweep, tables) writes files and stays out.
export * from "./gradcheck/mod.ts";
export * from "./diagnostics/mod.ts";

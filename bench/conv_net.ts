/**
 * Chapter 6's first convolutional network, shared by the conv benchmark's
 * setup and its timed process: conv 20 filters 5x5 → max-pool 2x2 → dense
 * 100 → softmax 10, log-likelihood, SGD η = 0.1, mini-batch 10.
 *
 * @module
 */
import {
  Conv2D,
  Dense,
  logLikelihood,
  MaxPool2D,
  Network,
  softmax,
} from "../mod.ts";

/** The setup of `deno task bench:conv`. */
export const CONV_SETUP = {
  learningRate: 0.1,
  batchSize: 10,
  epochs: 10,
  /** Seed of the initial weights. */
  initSeed: 5,
  /** Seed of the shuffles (as `train()`'s `seed` option). */
  shuffleSeed: 3,
} as const;

/**
 * The network for one hidden activation ("sigmoid" or "relu"): sigmoid
 * starts from N(0, 1/fan-in) weights (`"default"`), ReLU from He's.
 *
 * @param activation The activation of the conv and dense layers.
 * @param options The layers' dtype and threads (library defaults if absent).
 * @returns The network, seeded with `CONV_SETUP.initSeed`.
 */
export function chapter6Network(
  activation: "sigmoid" | "relu",
  options: { dtype?: "float64" | "float32"; threads?: number } = {},
): Network {
  const init = activation === "relu" ? "he" : "default";
  const seed = CONV_SETUP.initSeed;
  const conv = new Conv2D([1, 28, 28], 20, 5, activation, {
    ...options,
    init,
    seed,
  });
  const pool = new MaxPool2D(conv.outputShape, 2);
  return new Network([
    conv,
    pool,
    new Dense(pool.outputSize, 100, activation, {
      ...options,
      init,
      seed: seed + 1,
    }),
    new Dense(100, 10, softmax, { ...options, init, seed: seed + 2 }),
  ], logLikelihood);
}

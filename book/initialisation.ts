/**
 * Chapter 3, weight initialisation: [784, 30, 10], sigmoid, cross-entropy,
 * η = 0.1, mini-batch 10, L2 with λ scaled to our training set (the book's
 * λ = 5.0 for 50,000 digits is λ/n = 1e-4; ours 0.8 for 8,000), weights
 * N(0, 1) ('large') against N(0, 1/n_in) ('default'): test accuracy per
 * epoch.
 *
 * @module
 */
import { type EpochStats, mlp, SGD, train } from "../mod.ts";
import type { Init } from "../tensor/init.ts";
import { digits, firstRows } from "./digits.ts";

/** One initialisation run. */
export interface InitRun {
  /** The initialiser. */
  init: Init;
  /** The seed. */
  seed: number;
  /** The history. */
  history: EpochStats[];
}

/**
 * Trains both initialisations for each seed.
 *
 * @param epochs Epochs (the book: 30).
 * @param trainSize Training digits (at most 8,000).
 * @param seeds Seeds.
 * @returns The runs.
 */
export function initialisation(
  epochs: number,
  trainSize: number,
  seeds: readonly number[],
): InitRun[] {
  const d = digits();
  const x = firstRows(d.xTrain, trainSize), y = firstRows(d.yTrain, trainSize);
  const runs: InitRun[] = [];
  for (const seed of seeds) {
    for (const init of ["large", "default"] as const) {
      const net = mlp([784, 30, 10], { cost: "crossEntropy", init, seed });
      const history = train(net, { x, y }, {
        epochs,
        batchSize: 10,
        optimizer: new SGD({ learningRate: 0.1, l2: 5.0 * trainSize / 50000 }),
        seed,
        validation: { x: d.xTest, y: d.yTest },
        classification: true,
      });
      runs.push({ init, seed, history });
    }
  }
  return runs;
}

/**
 * Chapter 3, overfitting and L2: [784, 30, 10], sigmoid, cross-entropy,
 * η = 0.5, mini-batch 10, trained on the first 1,000 training digits for
 * 400 epochs, evaluated on the test digits after every epoch; then the same
 * with L2 regularisation λ = 0.1.
 *
 * @module
 */
import { type EpochStats, mlp, reviewTraining, SGD, train } from "../mod.ts";
import { digits, firstRows } from "./digits.ts";

/** One overfitting run. */
export interface OverfitRun {
  /** L2 λ. */
  lambda: number;
  /** The history (validation = the test digits). */
  history: EpochStats[];
  /** The doctor's findings. */
  findings: string[];
}

/**
 * Trains both runs.
 *
 * @param epochs Epochs (the book: 400).
 * @param trainSize Training digits (the book: 1,000).
 * @param seed Seed of the weights and shuffles.
 * @returns The run without and with L2.
 */
export function overfitting(
  epochs: number,
  trainSize: number,
  seed: number,
): OverfitRun[] {
  const d = digits();
  const x = firstRows(d.xTrain, trainSize), y = firstRows(d.yTrain, trainSize);
  return [0, 0.1].map((lambda) => {
    const net = mlp([784, 30, 10], { cost: "crossEntropy", seed });
    const history = train(net, { x, y }, {
      epochs,
      batchSize: 10,
      optimizer: new SGD({ learningRate: 0.5, l2: lambda }),
      seed,
      validation: { x: d.xTest, y: d.yTest },
      classification: true,
    });
    return { lambda, history, findings: reviewTraining(history) };
  });
}

/**
 * The mean test accuracy over the last `k` epochs (the plateau).
 *
 * @param history A history.
 * @param k Epochs.
 * @returns The accuracy.
 */
export function plateau(history: readonly EpochStats[], k: number): number {
  const tail = history.slice(-k);
  return tail.reduce((s, h) => s + h.validationAccuracy!, 0) / tail.length;
}

/**
 * The epoch of the lowest test cost.
 *
 * @param history A history.
 * @returns The epoch.
 */
export function bestValidationEpoch(history: readonly EpochStats[]): number {
  return history.reduce((b, h) => h.validationLoss! < b.validationLoss! ? h : b)
    .epoch;
}

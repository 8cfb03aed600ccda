/**
 * Chapter 5, the vanishing gradient: sigmoid networks with network2's
 * initialisation (N(0, 1/n_in)) and cross-entropy; ‖∂C/∂b^l‖ of each hidden
 * layer for the mean cost over the first 1,000 training digits, at the
 * start (over several seeds), and during 500 epochs of mini-batch-1000 SGD
 * (η = 0.1, λ = 5.0), measured by `train`'s diagnostics.
 *
 * @module
 */
import { diagnose, mlp, SGD, train } from "../mod.ts";
import { digits, firstRows } from "./digits.ts";

/** The three deep networks of the chapter. */
export const DEEP_NETS: readonly (readonly number[])[] = [
  [784, 30, 30, 10],
  [784, 30, 30, 30, 10],
  [784, 30, 30, 30, 30, 10],
];

/** The book's ‖∂C/∂b^l‖ per hidden layer at the start, for DEEP_NETS. */
export const BOOK_SPEEDS: readonly (readonly number[])[] = [
  [0.066, 0.309],
  [0.012, 0.060, 0.283],
  [0.0030, 0.017, 0.070, 0.285],
];

/**
 * ‖∂C/∂b^l‖ per hidden layer at the initial weights, one row per seed.
 *
 * @param sizes The network.
 * @param seeds Seeds of the initial weights.
 * @param n Training digits (the book: 1,000).
 * @returns `speeds[seed][hidden layer]`.
 */
export function startSpeeds(
  sizes: readonly number[],
  seeds: readonly number[],
  n: number,
): number[][] {
  const d = digits();
  const x = firstRows(d.xTrain, n), y = firstRows(d.yTrain, n);
  return seeds.map((seed) => {
    const net = mlp([...sizes], { cost: "crossEntropy", seed });
    return diagnose(net, x, y).layers.slice(0, -1).map((l) =>
      l.biasGradientNorm
    );
  });
}

/**
 * ‖∂C/∂b^l‖ per hidden layer at the start of every epoch of full-batch
 * training on `n` digits.
 *
 * @param sizes The network.
 * @param epochs Epochs (the book: 500).
 * @param n Training digits (the book: 1,000; batch = all of them).
 * @param seed Seed.
 * @returns `speeds[epoch][hidden layer]`.
 */
export function speedsDuringTraining(
  sizes: readonly number[],
  epochs: number,
  n: number,
  seed: number,
): number[][] {
  const d = digits();
  const x = firstRows(d.xTrain, n), y = firstRows(d.yTrain, n);
  const net = mlp([...sizes], { cost: "crossEntropy", seed });
  const history = train(net, { x, y }, {
    epochs,
    batchSize: n,
    optimizer: new SGD({ learningRate: 0.1, l2: 5.0 }),
    seed,
    diagnostics: true,
    classification: true,
  });
  return history.map((h) =>
    h.layers!.slice(0, -1).map((l) => l.biasGradientNorm)
  );
}

/**
 * Mean and sample standard deviation of each column.
 *
 * @param rows Rows of equal length.
 * @returns `[mean, std]` per column.
 */
export function columnStats(rows: readonly number[][]): [number, number][] {
  return rows[0]!.map((_, j) => {
    const v = rows.map((r) => r[j]!);
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) /
      Math.max(1, v.length - 1);
    return [mean, Math.sqrt(variance)];
  });
}

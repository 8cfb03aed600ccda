/**
 * Weight initialisers.
 *
 * @module
 */
import type { Random } from "./random.ts";

/**
 * How Dense weights and biases start:
 * - `"default"`: W ~ N(0, 1/n_in), b ~ N(0, 1): network2's default.
 * - `"large"`: W ~ N(0, 1), b ~ N(0, 1): chapter 1's network.py.
 * - `"glorot"`: W ~ U(±√(6/(n_in + n_out))), b = 0 (Glorot and Bengio).
 * - `"he"`: W ~ N(0, 2/n_in), b = 0 (He et al., for ReLU).
 */
export type Init = "default" | "large" | "glorot" | "he";

/** The valid {@linkcode Init} names. */
export const INITS: readonly Init[] = ["default", "large", "glorot", "he"];

/**
 * Fills a weight matrix (`nOut x nIn`) and bias vector by `init`. Biases are
 * drawn first, then weights row by row, as network.py does.
 *
 * @param init The scheme.
 * @param weights Receives `nOut * nIn` values.
 * @param biases Receives `nOut` values.
 * @param nIn Fan-in.
 * @param random The seeded generator.
 */
export function initialise(
  init: Init,
  weights: Float64Array,
  biases: Float64Array,
  nIn: number,
  random: Random,
): void {
  const nOut = biases.length;
  if (init === "default" || init === "large") {
    for (let j = 0; j < nOut; j++) biases[j] = random.normal();
  } else {
    biases.fill(0);
  }
  if (init === "glorot") {
    const limit = Math.sqrt(6 / (nIn + nOut));
    for (let i = 0; i < weights.length; i++) {
      weights[i] = (2 * random.uniform() - 1) * limit;
    }
    return;
  }
  const scale = init === "large"
    ? 1
    : init === "he"
    ? Math.sqrt(2 / nIn)
    : 1 / Math.sqrt(nIn);
  for (let i = 0; i < weights.length; i++) weights[i] = random.normal() * scale;
}

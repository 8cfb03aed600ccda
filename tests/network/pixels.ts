/**
 * A small MNIST-like fixture shared by the sparse-path tests.
 *
 * @module
 */
import { Matrix, Random } from "../../mod.ts";

/**
 * 42 rows of 100 pixels, 80% of them zero (wide and sparse, as MNIST), with
 * one-hot targets over 3 classes.
 *
 * @param seed The generator's seed.
 * @returns Inputs and targets.
 */
export function pixels(seed: number): { x: Matrix; y: Matrix } {
  const random = new Random(seed), n = 42;
  const x = new Matrix(n, 100), y = new Matrix(n, 3);
  for (let i = 0; i < x.data.length; i++) {
    x.data[i] = random.uniform() < 0.8 ? 0 : random.uniform();
  }
  for (let r = 0; r < n; r++) y.data[r * 3 + random.int(3)] = 1;
  return { x, y };
}

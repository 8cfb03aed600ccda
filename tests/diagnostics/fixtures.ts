/**
 * Data for the doctor's tests: pixel-like rows whose class is the third of
 * the row with the most ink (learnable), or random labels (only memorised).
 *
 * @module
 */
import { Matrix, Random } from "../../mod.ts";

/**
 * Rows of `width` values in [0, 1], 80% zero, with one-hot targets over 3
 * classes.
 *
 * @param n Rows.
 * @param width Columns (a multiple of 3).
 * @param seed Seed.
 * @param randomLabels Labels unrelated to the pixels.
 * @returns Inputs and targets.
 */
export function inkRows(
  n: number,
  width: number,
  seed: number,
  randomLabels = false,
): { x: Matrix; y: Matrix } {
  const random = new Random(seed);
  const x = new Matrix(n, width), y = new Matrix(n, 3), third = width / 3;
  for (let r = 0; r < n; r++) {
    const ink = [0, 0, 0];
    for (let c = 0; c < width; c++) {
      const v = random.uniform() < 0.8 ? 0 : random.uniform();
      x.data[r * width + c] = v;
      ink[Math.floor(c / third)]! += v;
    }
    const label = randomLabels ? random.int(3) : ink.indexOf(Math.max(...ink));
    y.data[r * 3 + label] = 1;
  }
  return { x, y };
}

/**
 * The chapter's network, `[784, 30, 10]`, and a batch shaped like MNIST,
 * for the headline timing of backprop against the forward difference.
 *
 * @module
 */
import { mlp, type Network } from "../../network/mod.ts";
import { Random } from "../../tensor/mod.ts";

/**
 * Nielsen's `Network([784, 30, 10])` (sigmoid, quadratic cost, N(0, 1/n_in)
 * weights) and a batch of ten synthetic 28x28 inputs shaped like MNIST
 * digits: about 19% of the pixels nonzero, intensities in (0, 1], one-hot
 * targets. (MNIST itself is not bundled; the timing depends on the shape,
 * not on which digits.)
 *
 * @param seed Seed of the weights and the batch.
 * @param batch Rows in the batch.
 * @returns The network and the batch.
 *
 * @example
 * ```ts
 * import { chapterNetwork } from "./chapter.ts";
 * import assert from "node:assert/strict";
 *
 * const { network, x } = chapterNetwork(1);
 * assert.equal(network.params.reduce((s, p) => s + p.value.length, 0), 23860);
 * assert.equal(x.length, 10);
 * ```
 */
export function chapterNetwork(
  seed: number,
  batch = 10,
): { network: Network; x: number[][]; y: number[][] } {
  const network = mlp([784, 30, 10], { seed });
  const r = new Random(seed + 1);
  const x: number[][] = [], y: number[][] = [];
  for (let i = 0; i < batch; i++) {
    // a blob of ink: pixels inside an ellipse around the centre, 19% of 784
    const cx = 14 + 3 * (r.uniform() - 0.5), cy = 14 + 3 * (r.uniform() - 0.5);
    const row: number[] = [];
    for (let p = 0; p < 784; p++) {
      const dx = (p % 28) - cx, dy = Math.floor(p / 28) - cy;
      const inside = (dx * dx) / 36 + (dy * dy) / 64 <= 1;
      row.push(inside ? 0.05 + 0.95 * r.uniform() : 0);
    }
    x.push(row);
    const digit = r.int(10);
    y.push(Array.from({ length: 10 }, (_, j) => (j === digit ? 1 : 0)));
  }
  return { network, x, y };
}

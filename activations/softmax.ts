/**
 * The softmax output activation (not element-wise).
 *
 * @module
 */
import type { Activation } from "./types.ts";

/**
 * a_j = e^(z_j) / Σ_k e^(z_k) over each row. It is not element-wise, so it
 * implements the batch pair: `forward` (stable: the row maximum is
 * subtracted first, so z of ±1000 is fine) and `backward`, the
 * vector-Jacobian product `∂C/∂z_j = a_j (g_j − Σ_k g_k a_k)` with
 * `g = ∂C/∂a`. `fn` and `derivative` throw: there is no σ(z) of one z.
 *
 * @example
 * ```ts
 * import { softmax } from "./softmax.ts";
 * import assert from "node:assert/strict";
 *
 * const out = new Float64Array(2);
 * softmax.forward!(Float64Array.of(1000, 1000), out, 1, 2);
 * assert.deepEqual(Array.from(out), [0.5, 0.5]);
 * ```
 */
export const softmax: Activation = {
  name: "softmax",
  fn(): number {
    throw new TypeError(
      "Cannot apply softmax to one value: it normalises a whole row, use forward()",
    );
  },
  derivative(): number {
    throw new TypeError(
      "Cannot take softmax's derivative of one value: its Jacobian is a matrix, use backward()",
    );
  },
  forward(
    z: Float64Array,
    out: Float64Array,
    rows: number,
    cols: number,
  ): void {
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) if (z[o + j]! > max) max = z[o + j]!;
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const e = Math.exp(z[o + j]! - max);
        out[o + j] = e;
        sum += e;
      }
      for (let j = 0; j < cols; j++) out[o + j]! /= sum;
    }
  },
  backward(
    _z: Float64Array,
    a: Float64Array,
    grad: Float64Array,
    out: Float64Array,
    rows: number,
    cols: number,
  ): void {
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      let dot = 0;
      for (let k = 0; k < cols; k++) dot += grad[o + k]! * a[o + k]!;
      for (let j = 0; j < cols; j++) {
        out[o + j] = a[o + j]! * (grad[o + j]! - dot);
      }
    }
  },
};

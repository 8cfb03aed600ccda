/**
 * The binary cross-entropy cost of chapter 3, summed over the outputs.
 *
 * @module
 */
import type { Cost } from "./types.ts";

/** Outputs are clamped to [EPS, 1 − EPS] so C and ∇C stay finite at 0 and 1. */
const EPS = 1e-12;

function clamp(a: number): number {
  return a < EPS ? EPS : a > 1 - EPS ? 1 - EPS : a;
}

/**
 * C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], with
 * ∂C_x/∂a_j = (a_j − y_j) / (a_j (1 − a_j)). Outputs are clamped to
 * `[1e-12, 1 − 1e-12]`, so both stay finite at a = 0 and a = 1. After a
 * sigmoid output layer the network uses the fused `δ^L = a − y` instead.
 *
 * @example
 * ```ts
 * import { crossEntropy } from "./cross_entropy.ts";
 * import assert from "node:assert/strict";
 *
 * const c = crossEntropy.fn(Float64Array.of(0.5), Float64Array.of(1));
 * assert.equal(c, Math.LN2);
 * assert.ok(Number.isFinite(crossEntropy.fn(Float64Array.of(0), Float64Array.of(1))));
 * ```
 */
export const crossEntropy: Cost = {
  name: "crossEntropy",
  pairsWith: "sigmoid",
  fn(a: Float64Array, y: Float64Array): number {
    let s = 0;
    for (let j = 0; j < a.length; j++) {
      const aj = clamp(a[j]!), yj = y[j]!;
      if (yj !== 0) s -= yj * Math.log(aj);
      if (yj !== 1) s -= (1 - yj) * Math.log1p(-aj);
    }
    return s;
  },
  gradient(a: Float64Array, y: Float64Array, out: Float64Array): void {
    for (let j = 0; j < a.length; j++) {
      const aj = clamp(a[j]!);
      out[j] = (aj - y[j]!) / (aj * (1 - aj));
    }
  },
};

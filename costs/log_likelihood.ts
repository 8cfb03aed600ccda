/**
 * The log-likelihood cost for softmax outputs.
 *
 * @module
 */
import type { Cost } from "./types.ts";

/** Outputs are clamped below at EPS so C and ∇C stay finite at a = 0. */
const EPS = 1e-300;

/**
 * C_x = −Σ_j y_j ln a_j, which is −ln a_y for a one-hot y;
 * ∂C_x/∂a_j = −y_j / a_j. After a softmax output layer the network uses
 * the fused `δ^L = a − y` instead.
 *
 * @example
 * ```ts
 * import { logLikelihood } from "./log_likelihood.ts";
 * import assert from "node:assert/strict";
 *
 * const c = logLikelihood.fn(Float64Array.of(0.25, 0.75), Float64Array.of(0, 1));
 * assert.equal(c, -Math.log(0.75));
 * ```
 */
export const logLikelihood: Cost = {
  name: "logLikelihood",
  pairsWith: "softmax",
  fn(a: Float64Array, y: Float64Array): number {
    let s = 0;
    for (let j = 0; j < a.length; j++) {
      const yj = y[j]!;
      if (yj !== 0) s -= yj * Math.log(Math.max(a[j]!, EPS));
    }
    return s;
  },
  gradient(a: Float64Array, y: Float64Array, out: Float64Array): void {
    for (let j = 0; j < a.length; j++) {
      const yj = y[j]!;
      out[j] = yj === 0 ? 0 : -yj / Math.max(a[j]!, EPS);
    }
  },
};

/**
 * The quadratic cost, the chapter's C_x = ½‖y − a‖².
 *
 * @module
 */
import type { Cost } from "./types.ts";

/**
 * C_x = ½ Σ_j (a_j − y_j)², ∇_a C_x = a − y.
 *
 * @example
 * ```ts
 * import { quadratic } from "./quadratic.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(quadratic.fn(Float64Array.of(1, 2), Float64Array.of(0, 0)), 2.5);
 * ```
 */
export const quadratic: Cost = {
  name: "quadratic",
  fn(a: Float64Array, y: Float64Array): number {
    let s = 0;
    for (let j = 0; j < a.length; j++) {
      const d = a[j]! - y[j]!;
      s += d * d;
    }
    return 0.5 * s;
  },
  gradient(a: Float64Array, y: Float64Array, out: Float64Array): void {
    for (let j = 0; j < a.length; j++) out[j] = a[j]! - y[j]!;
  },
};

/**
 * The Cost interface: C_x and ∇_a C_x of one sample.
 *
 * @module
 */

/**
 * A cost `C_x` that depends only on the output activations `a` and the
 * target `y` of one sample. The network's cost of a batch is the mean of
 * `C_x` over its rows.
 *
 * @example A user-defined cost: mean absolute error Σ|a − y|
 * ```ts
 * import type { Cost } from "./types.ts";
 * import assert from "node:assert/strict";
 *
 * const absolute: Cost = {
 *   name: "absolute",
 *   fn(a, y) {
 *     let s = 0;
 *     for (let j = 0; j < a.length; j++) s += Math.abs(a[j]! - y[j]!);
 *     return s;
 *   },
 *   gradient(a, y, out) {
 *     for (let j = 0; j < a.length; j++) out[j] = Math.sign(a[j]! - y[j]!);
 *   },
 * };
 * assert.equal(absolute.fn(Float64Array.of(1), Float64Array.of(3)), 2);
 * ```
 */
export interface Cost {
  /** Registry name, stored in saved models. */
  readonly name: string;
  /**
   * C_x.
   *
   * @param a Output activations of one sample.
   * @param y Its target.
   * @returns The cost.
   */
  fn(a: Float64Array, y: Float64Array): number;
  /**
   * ∇_a C_x, written into `out`.
   *
   * @param a Output activations of one sample.
   * @param y Its target.
   * @param out Receives ∂C_x/∂a_j.
   */
  gradient(a: Float64Array, y: Float64Array, out: Float64Array): void;
  /**
   * The activation this cost pairs with for the fused, stable shortcut
   * `δ^L = a − y` (cross-entropy: `"sigmoid"`, log-likelihood: `"softmax"`).
   */
  readonly pairsWith?: string;
}

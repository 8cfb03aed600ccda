/**
 * The L2 penalty `λ/(2n) Σ w²` and its gradient, kept apart from the data
 * loss so that gradcheck can check each on its own.
 *
 * @module
 */
import type { Param } from "../layers/types.ts";

/**
 * The L2 penalty `λ/(2n) Σ w²` over the Params marked `regularize`.
 *
 * @param params The network's Params.
 * @param lambda λ.
 * @param n The training-set size.
 * @returns The penalty.
 *
 * @example
 * ```ts
 * import { l2Penalty } from "./l2.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "W", shape: [2], value: Float64Array.of(1, 2), grad: new Float64Array(2), regularize: true };
 * assert.equal(l2Penalty([w], 0.5, 1), 1.25);
 * ```
 */
export function l2Penalty(
  params: readonly Param[],
  lambda: number,
  n: number,
): number {
  let s = 0;
  for (const p of params) {
    if (!p.regularize) continue;
    for (let i = 0; i < p.value.length; i++) s += p.value[i]! * p.value[i]!;
  }
  return (lambda / (2 * n)) * s;
}

/**
 * The gradient of the L2 penalty for one entry: `(λ/n) w`, or 0 for a Param
 * that is not regularised.
 *
 * @param param The Param.
 * @param i The entry.
 * @param decay `λ/n`.
 * @returns The gradient of the penalty.
 *
 * @example
 * ```ts
 * import { l2Gradient } from "./l2.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "W", shape: [1], value: Float64Array.of(2), grad: new Float64Array(1), regularize: true };
 * assert.equal(l2Gradient(w, 0, 0.5), 1);
 * ```
 */
export function l2Gradient(param: Param, i: number, decay: number): number {
  return param.regularize ? decay * param.value[i]! : 0;
}

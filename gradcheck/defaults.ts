/**
 * The numbers behind a gradient check: step sizes, the relative-error floor
 * and the pass/fail thresholds, with the reasons for each.
 *
 * @module
 */

/** The finite-difference formula: the chapter's forward or the central one. */
export type Method = "forward" | "central";

/** Unit roundoff of Float64, 2^-53 ≈ 1.1e-16. */
const U = 2 ** -53;

/**
 * Default relative step ε per method, from the truncation/round-off
 * trade-off of each formula. The forward difference errs by about
 * `ε |C''| / 2` (truncation) plus `2u |C| / ε` (round-off), smallest at
 * `ε ≈ sqrt(u) ≈ 1.05e-8`; the central difference errs by about
 * `ε² |C'''| / 6` plus `u |C| / ε`, smallest at `ε ≈ cbrt(u) ≈ 4.8e-6`. The
 * step for weight w is `ε · max(1, |w|)`, so that it stays above the
 * spacing of floats near large weights.
 *
 * @example
 * ```ts
 * import { DEFAULT_EPSILON } from "./defaults.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(DEFAULT_EPSILON.forward < DEFAULT_EPSILON.central);
 * ```
 */
export const DEFAULT_EPSILON: Readonly<Record<Method, number>> = Object.freeze(
  { forward: Math.sqrt(U), central: Math.cbrt(U) },
);

/**
 * Default tolerance on the relative error, per method: the relative error
 * an entry may show and still pass. It is a detection level, not a fitted
 * noise bound: 1e-3 (forward) and 1e-5 (central) both fail a uniform 1%
 * error in σ′ (about 1e-2). Whether an entry beyond it fails is decided by
 * the error model of `error_model.ts`: only a disagreement beyond
 * `ERROR_FACTOR` times the estimated truncation and round-off of its
 * difference quotient fails; one within it is `inconclusive`. The figures
 * measured over many seeds, and their margin to these tolerances, are in
 * docs/gradcheck.md.
 *
 * @example
 * ```ts
 * import { DEFAULT_TOLERANCE } from "./defaults.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(DEFAULT_TOLERANCE.forward < 0.01); // fails a 1% error in σ′
 * ```
 */
export const DEFAULT_TOLERANCE: Readonly<Record<Method, number>> = Object
  .freeze({ forward: 1e-3, central: 1e-5 });

/**
 * The floor of the relative error's denominator: a fraction of the
 * gradient's size `max(‖g_analytic‖∞, ‖g_numeric‖∞)`. An entry far
 * smaller than the largest one (zero up to rounding, or a weight into a
 * nearly dead unit) is then judged by its absolute error,
 * `tolerance · floor`, instead of by a ratio of two noise-sized numbers.
 * (Round-off is judged by the error model of `error_model.ts`.)
 *
 * @example
 * ```ts
 * import { FLOOR_FRACTION } from "./defaults.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(FLOOR_FRACTION, 1e-3);
 * ```
 */
export const FLOOR_FRACTION = 1e-3;

/**
 * The relative error `|a − n| / max(|a|, |n|, floor)`; 0 when both are 0.
 *
 * @param analytic The backprop value.
 * @param numeric The finite-difference value.
 * @param floor The smallest denominator.
 * @returns The relative error.
 *
 * @example
 * ```ts
 * import { relativeError } from "./defaults.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(relativeError(1, 0.99, 1e-8), 0.010000000000000009);
 * assert.equal(relativeError(1e-12, 0, 1e-6), 1e-6);
 * ```
 */
export function relativeError(
  analytic: number,
  numeric: number,
  floor: number,
): number {
  const d = Math.abs(analytic - numeric);
  if (d === 0) return 0;
  return d / Math.max(Math.abs(analytic), Math.abs(numeric), floor);
}

/**
 * Checks a method name.
 *
 * @param method The name.
 * @returns The method.
 * @throws {RangeError} If it is neither `"forward"` nor `"central"`.
 *
 * @example
 * ```ts
 * import { checkMethod } from "./defaults.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => checkMethod("backward"), /Unknown method 'backward'/);
 * ```
 */
export function checkMethod(method: string): Method {
  if (method !== "forward" && method !== "central") {
    throw new RangeError(
      `Unknown method '${method}': use 'forward' or 'central'`,
    );
  }
  return method;
}

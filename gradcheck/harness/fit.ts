/**
 * A least-squares line through points on a log-log scale.
 *
 * @module
 */

/** `log10 y = intercept + slope · log10 x`. */
export interface LogLogFit {
  /** The exponent: y grows like x^slope. */
  slope: number;
  /** log10 of y at x = 1. */
  intercept: number;
}

/**
 * Fits `log10 y = a + b log10 x` by least squares.
 *
 * @param xs Positive x.
 * @param ys Positive y.
 * @returns Slope and intercept.
 * @throws {RangeError} With fewer than two points.
 *
 * @example
 * ```ts
 * import { fitLogLog } from "./fit.ts";
 * import assert from "node:assert/strict";
 *
 * const f = fitLogLog([10, 100, 1000], [3e2, 3e4, 3e6]);
 * assert.ok(Math.abs(f.slope - 2) < 1e-12);
 * ```
 */
export function fitLogLog(
  xs: readonly number[],
  ys: readonly number[],
): LogLogFit {
  if (xs.length < 2 || xs.length !== ys.length) {
    throw new RangeError(
      `Cannot fit a line: need at least two (x, y) points, got ${xs.length}`,
    );
  }
  const u = xs.map(Math.log10), v = ys.map(Math.log10), n = u.length;
  const mu = u.reduce((s, a) => s + a, 0) / n;
  const mv = v.reduce((s, a) => s + a, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (u[i]! - mu) * (v[i]! - mv);
    sxx += (u[i]! - mu) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: mv - slope * mu };
}

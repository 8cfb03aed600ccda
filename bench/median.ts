/**
 * The median the bench scripts report (of epochs, or of rounds).
 *
 * @module
 */

/**
 * The median of some numbers (the mean of the middle two for an even count).
 *
 * @param xs The numbers (not changed).
 * @returns Their median.
 *
 * @example
 * ```ts
 * import { median } from "./median.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(median([3, 1, 2]), 2);
 * assert.equal(median([4, 1, 2, 3]), 2.5);
 * ```
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/**
 * The ratios `top[i] / bottom[i]` of the rounds in which both ran, as
 * "median (min-max)", or "-" if there are none.
 *
 * @param top One column's figure per round (NaN where it did not run).
 * @param bottom The other's.
 * @param digits Decimals to print.
 * @returns The summary.
 *
 * @example
 * ```ts
 * import { pairedRatios } from "./median.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(pairedRatios([1, 3, NaN], [2, 2, 1]), "1.000 (0.500-1.500)");
 * assert.equal(pairedRatios([NaN], [1]), "-");
 * ```
 */
export function pairedRatios(
  top: readonly number[],
  bottom: readonly number[],
  digits = 3,
): string {
  const rs = top.map((x, i) => x / bottom[i]!).filter(Number.isFinite);
  if (!rs.length) return "-";
  return `${median(rs).toFixed(digits)} (${Math.min(...rs).toFixed(digits)}-${
    Math.max(...rs).toFixed(digits)
  })`;
}

/**
 * Warm, repeated timing.
 *
 * @module
 */

/**
 * Wall time of one call of `fn` in ms: one untimed warm-up call, then five
 * batches of calls, each running until `minMs / 5` have passed (and at
 * least `minRuns` calls); the result is the median of the five batch means,
 * so one garbage-collection pause or a burst of load from another process
 * does not decide the figure.
 *
 * @param fn What to time.
 * @param minMs The least total time to measure.
 * @param minRuns The least number of calls per batch.
 * @returns Median of the batch means, ms per call.
 *
 * @example
 * ```ts
 * import { timeRepeated } from "./timing.ts";
 * import assert from "node:assert/strict";
 *
 * let calls = 0;
 * const ms = timeRepeated(() => calls++, 1, 3);
 * assert.ok(ms >= 0 && calls >= 16);
 * ```
 */
export function timeRepeated(
  fn: () => unknown,
  minMs: number,
  minRuns = 1,
): number {
  fn();
  const means: number[] = [];
  for (let b = 0; b < 5; b++) {
    let runs = 0, elapsed = 0;
    const start = performance.now();
    while (runs < minRuns || elapsed < minMs / 5) {
      fn();
      runs++;
      elapsed = performance.now() - start;
    }
    means.push(elapsed / runs);
  }
  means.sort((a, b) => a - b);
  return means[2]!;
}

/**
 * "Did you mean" suggestions by edit distance.
 *
 * @module
 */

/**
 * The edit distance: insertions, deletions, substitutions and swaps of
 * neighbours (optimal string alignment), one edit each.
 *
 * @param a One string.
 * @param b The other.
 * @returns The number of single-character edits from `a` to `b`.
 *
 * @example
 * ```ts
 * import { editDistance } from "./suggest.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(editDistance("kitten", "sitting"), 3);
 * assert.equal(editDistance("trian", "train"), 1);
 * ```
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2]! + 1); // a swap of two neighbours
      }
      row.push(d);
    }
    [before, prev] = [prev, row];
  }
  return prev[b.length]!;
}

/**
 * The candidate nearest to `word`, if it is near enough to be a typo (at
 * most a third of the word's length, and at least 1, edits away).
 *
 * @param word What the user typed.
 * @param candidates The valid names.
 * @returns The nearest name, or undefined.
 *
 * @example
 * ```ts
 * import { nearest } from "./suggest.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nearest("epoch", ["epochs", "batch"]), "epochs");
 * assert.equal(nearest("zzz", ["epochs", "batch"]), undefined);
 * ```
 */
export function nearest(
  word: string,
  candidates: readonly string[],
): string | undefined {
  let best: string | undefined, bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3))
    ? best
    : undefined;
}

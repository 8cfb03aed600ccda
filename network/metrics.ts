/**
 * Accuracy helpers for classification.
 *
 * @module
 */
import type { Matrix } from "../tensor/matrix.ts";

/**
 * Whether targets look like classification: every value 0 or 1, and with
 * several columns every row one-hot.
 *
 * @param y Targets.
 * @returns True for one-hot rows or a single 0/1 column.
 *
 * @example
 * ```ts
 * import { isClassification } from "./metrics.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(isClassification(Matrix.from([[0, 1], [1, 0]])));
 * assert.ok(!isClassification(Matrix.from([[0.3], [2]])));
 * ```
 */
export function isClassification(y: Matrix): boolean {
  const Y = y.data, n = y.cols;
  for (let i = 0; i < Y.length; i += n) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const v = Y[i + j]!;
      if (v !== 0 && v !== 1) return false;
      sum += v;
    }
    if (n > 1 && sum !== 1) return false;
  }
  return true;
}

/**
 * The number of rows whose prediction matches the target: argmax for
 * several outputs, a 0.5 threshold for one.
 *
 * @param a Outputs.
 * @param y Targets.
 * @returns The count of correct rows.
 *
 * @example
 * ```ts
 * import { countCorrect } from "./metrics.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(countCorrect(Matrix.from([[0.2, 0.8], [0.6, 0.4]]), Matrix.from([[0, 1], [0, 1]])), 1);
 * ```
 */
export function countCorrect(a: Matrix, y: Matrix): number {
  const A = a.data, Y = y.data, n = y.cols;
  let correct = 0;
  if (n === 1) {
    for (let i = 0; i < Y.length; i++) {
      if ((A[i]! >= 0.5) === (Y[i]! >= 0.5)) correct++;
    }
    return correct;
  }
  for (let i = 0; i < Y.length; i += n) {
    let best = 0, target = 0;
    for (let j = 1; j < n; j++) {
      if (A[i + j]! > A[i + best]!) best = j;
      if (Y[i + j]! > Y[i + target]!) target = j;
    }
    if (best === target) correct++;
  }
  return correct;
}

/**
 * The Dataset type and what is done to one before training: one-hot
 * encoding, a seeded (stratified) train/test split, and standardisation.
 *
 * @module
 */
import { Matrix } from "../tensor/matrix.ts";
import { Random } from "../tensor/random.ts";

/** What the label is: class names or a number. */
export type Task = "classification" | "regression";

/** A table of numeric features and their targets, as `train` takes them. */
export interface Dataset {
  /** Features, one row per sample (`n x features`). */
  x: Matrix;
  /**
   * Targets: one-hot rows for classification, one column for regression,
   * no columns when the file had no label.
   */
  y: Matrix;
  /** The feature columns' names, in the order of the columns of `x`. */
  featureNames: string[];
  /** The label column's name, if there was one. */
  labelName: string | undefined;
  /** The class names, in the order of the columns of `y` (classification). */
  classNames: string[];
  /** Classification or regression. */
  task: Task;
  /** The line in its file where each row starts, when read from a file. */
  lines?: number[];
}

/** Per-column mean and standard deviation. */
export interface Scaling {
  /** Column means. */
  mean: number[];
  /** Column standard deviations (1 for a constant column). */
  std: number[];
}

/**
 * One-hot rows from class indices.
 *
 * @param indices Class indices, each in `[0, k)`.
 * @param k The number of classes.
 * @returns An `n x k` matrix with a single 1 per row.
 *
 * @example
 * ```ts
 * import { oneHot } from "./dataset.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(oneHot([2, 0], 3).toArray(), [[0, 0, 1], [1, 0, 0]]);
 * ```
 */
export function oneHot(indices: ArrayLike<number>, k: number): Matrix {
  const out = new Matrix(indices.length, k);
  for (let i = 0; i < indices.length; i++) out.data[i * k + indices[i]!] = 1;
  return out;
}

/**
 * The rows of `data` at `indices`, in that order.
 *
 * @param data The data set.
 * @param indices Row indices.
 * @returns A new data set with copied rows.
 *
 * @example
 * ```ts
 * import { selectRows } from "./dataset.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const data = { x: Matrix.from([[1], [2], [3]]), y: Matrix.from([[0], [1], [0]]),
 *   featureNames: ["a"], labelName: "b", classNames: [], task: "regression" as const };
 * assert.deepEqual(selectRows(data, [2, 0]).x.toArray(), [[3], [1]]);
 * ```
 */
export function selectRows(
  data: Dataset,
  indices: ArrayLike<number>,
): Dataset {
  const { lines, ...rest } = data;
  return {
    ...rest,
    x: takeRows(data.x, indices),
    y: takeRows(data.y, indices),
    ...(lines ? { lines: Array.from(indices, (i) => lines[i]!) } : {}),
  };
}

function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const c = m.cols, out = new Matrix(indices.length, c);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * c;
    out.data.set(m.data.subarray(from, from + c), i * c);
  }
  return out;
}

/**
 * Splits the rows at random (seeded) into a training and a test set. For
 * classification the split is stratified: each class gives
 * `round(testFraction * its count)` rows to the test set, but always keeps
 * at least one of its rows for training.
 *
 * @param data The data set.
 * @param testFraction The share of rows to hold out, in (0, 1).
 * @param seed Seed of the shuffle.
 * @returns `[train, test]`.
 * @throws {RangeError} If the fraction is outside (0, 1) or either part would
 * be empty.
 *
 * @example 20% of 10 rows
 * ```ts
 * import { splitDataset } from "./dataset.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const x = Matrix.from([[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]]);
 * const data = { x, y: x, featureNames: ["a"], labelName: "b", classNames: [], task: "regression" as const };
 * const [train, test] = splitDataset(data, 0.2, 1);
 * assert.equal(train.x.rows, 8);
 * assert.equal(test.x.rows, 2);
 * ```
 */
export function splitDataset(
  data: Dataset,
  testFraction: number,
  seed: number,
): [Dataset, Dataset] {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(
      `Cannot split: the test fraction must be between 0 and 1, got '${testFraction}'`,
    );
  }
  const random = new Random(seed);
  const groups = data.task === "classification"
    ? classGroups(data.y)
    : [Array.from({ length: data.x.rows }, (_, i) => i)];
  const trainIdx: number[] = [], testIdx: number[] = [];
  for (const group of groups) {
    random.shuffle(group);
    // every class keeps at least one training row
    const k = Math.min(
      Math.round(testFraction * group.length),
      data.task === "classification" ? group.length - 1 : group.length,
    );
    testIdx.push(...group.slice(0, k));
    trainIdx.push(...group.slice(k));
  }
  if (testIdx.length === 0 || trainIdx.length === 0) {
    throw new RangeError(
      `Cannot split ${data.x.rows} rows with a test fraction of '${testFraction}': one part would be empty; give more rows or a test file`,
    );
  }
  random.shuffle(trainIdx);
  return [selectRows(data, trainIdx), selectRows(data, testIdx)];
}

function classGroups(y: Matrix): number[][] {
  const groups: number[][] = Array.from({ length: y.cols }, () => []);
  for (let i = 0; i < y.rows; i++) {
    let c = 0;
    for (let j = 1; j < y.cols; j++) {
      if (y.data[i * y.cols + j]! > y.data[i * y.cols + c]!) c = j;
    }
    groups[c]!.push(i);
  }
  return groups.filter((g) => g.length > 0);
}

/**
 * Column means and (population) standard deviations; a constant column
 * gets std 1 so that scaling leaves it at 0. Each column is computed on
 * its values divided by its largest magnitude, so that values near ±1e308
 * do not overflow and values near 1e-160 are not mistaken for constant: a
 * column is constant when its spread is at most 1e-12 of its largest
 * magnitude.
 *
 * @param m The matrix (the training rows only).
 * @returns The scaling; every figure is finite.
 *
 * @example
 * ```ts
 * import { fitScaling } from "./dataset.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(fitScaling(Matrix.from([[1, 5], [3, 5]])), { mean: [2, 5], std: [1, 1] });
 * // scale-aware: tiny values are not constant, huge ones do not overflow
 * const tiny = fitScaling(Matrix.from([[1e-160], [3e-160]])).std[0]!;
 * assert.ok(Math.abs(tiny / 1e-160 - 1) < 1e-15);
 * assert.deepEqual(fitScaling(Matrix.from([[-1e308], [1e308]])), { mean: [0], std: [1e308] });
 * ```
 */
export function fitScaling(m: Matrix): Scaling {
  const mean: number[] = [], std: number[] = [];
  for (let j = 0; j < m.cols; j++) {
    const s = columnStats(m, j);
    mean.push(s.mean);
    std.push(s.constant ? 1 : s.std);
  }
  return { mean, std };
}

/**
 * The columns that {@linkcode fitScaling} finds constant (spread at most
 * 1e-12 of the largest magnitude).
 *
 * @param m The matrix.
 * @returns The indices of the constant columns.
 *
 * @example
 * ```ts
 * import { constantColumns } from "./dataset.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(constantColumns(Matrix.from([[1, 5, 1e-160], [3, 5, 2e-160]])), [1]);
 * ```
 */
export function constantColumns(m: Matrix): number[] {
  const out: number[] = [];
  for (let j = 0; j < m.cols; j++) if (columnStats(m, j).constant) out.push(j);
  return out;
}

/** Mean and std of column j, computed on the values over their largest magnitude. */
function columnStats(
  m: Matrix,
  j: number,
): { mean: number; std: number; constant: boolean } {
  const c = m.cols, d = m.data, n = m.rows;
  let big = 0;
  for (let i = j; i < d.length; i += c) big = Math.max(big, Math.abs(d[i]!));
  if (!(big > 0 && Number.isFinite(big))) {
    return { mean: 0, std: 1, constant: true };
  }
  let sum = 0;
  for (let i = j; i < d.length; i += c) sum += d[i]! / big;
  const mu = sum / n;
  let squares = 0;
  for (let i = j; i < d.length; i += c) squares += (d[i]! / big - mu) ** 2;
  const sd = Math.sqrt(squares / n), std = sd * big;
  return {
    mean: mu * big,
    std,
    constant: !(sd > 1e-12 && std > 0 && Number.isFinite(std)),
  };
}

/**
 * Standardises the columns in place: `(v − mean) / std`.
 *
 * @param m The matrix, changed in place.
 * @param scaling Means and standard deviations, one per column.
 * @returns `m`.
 * @throws {TypeError} If the scaling has the wrong width.
 *
 * @example
 * ```ts
 * import { standardize } from "./dataset.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const m = standardize(Matrix.from([[1], [3]]), { mean: [2], std: [1] });
 * assert.deepEqual(m.toArray(), [[-1], [1]]);
 * ```
 */
export function standardize(m: Matrix, scaling: Scaling): Matrix {
  const c = m.cols, d = m.data, { mean, std } = scaling;
  if (mean.length !== c || std.length !== c) {
    throw new TypeError(
      `Cannot standardise: the matrix has ${c} columns but the scaling has ${mean.length}`,
    );
  }
  for (let i = 0; i < d.length; i += c) {
    for (let j = 0; j < c; j++) {
      const v = d[i + j]!, mu = mean[j]!, s = std[j]!;
      const z = (v - mu) / s;
      // v − mean overflows only for huge values of opposite signs
      d[i + j] = Number.isFinite(z) ? z : v / s - mu / s;
    }
  }
  return m;
}

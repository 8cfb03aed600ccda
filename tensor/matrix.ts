/**
 * A row-major `Float64Array` matrix and the few kernels backprop needs.
 *
 * A mini-batch is one sample per row: `X` is `m x n_in`. The products run
 * on the SIMD kernels of `kernels/` and write into an `out` matrix the
 * caller owns, so the training loop allocates its
 * buffers once per batch size and reuses them.
 *
 * @module
 */
import { productNN, productNT, productTN } from "./kernels/gemm.ts";

/** Rows of numbers or a {@linkcode Matrix}: what the API accepts for a batch. */
export type MatrixLike = Matrix | readonly (readonly number[])[];

/** A dense row-major matrix of float64 values. */
export class Matrix {
  /** Number of rows (samples in a batch). */
  readonly rows: number;
  /** Number of columns (features or neurons). */
  readonly cols: number;
  /** The `rows * cols` values, row after row. */
  readonly data: Float64Array;

  /**
   * Wraps `data` (or a new zero array) as a `rows x cols` matrix.
   *
   * @param rows Number of rows, a non-negative integer.
   * @param cols Number of columns, a non-negative integer.
   * @param data Optional values, exactly `rows * cols` of them; not copied.
   * @throws {RangeError} If a dimension is not a non-negative integer.
   * @throws {TypeError} If `data` has the wrong length.
   *
   * @example Make a 2 x 3 zero matrix
   * ```ts
   * import { Matrix } from "./matrix.ts";
   * import assert from "node:assert/strict";
   *
   * const m = new Matrix(2, 3);
   * assert.equal(m.data.length, 6);
   * ```
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || rows < 0) {
      throw new RangeError(
        `Cannot create matrix: rows must be a non-negative integer, got '${rows}'`,
      );
    }
    if (!Number.isInteger(cols) || cols < 0) {
      throw new RangeError(
        `Cannot create matrix: cols must be a non-negative integer, got '${cols}'`,
      );
    }
    if (data !== undefined && data.length !== rows * cols) {
      throw new TypeError(
        `Cannot create ${rows}x${cols} matrix: expected ${
          rows * cols
        } values but got ${data.length}`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /**
   * Copies plain rows into a new matrix.
   *
   * @param rows The rows; every row must have the same length.
   * @returns A new matrix.
   * @throws {TypeError} If the rows are ragged.
   *
   * @example
   * ```ts
   * import { Matrix } from "./matrix.ts";
   * import assert from "node:assert/strict";
   *
   * const m = Matrix.from([[1, 2], [3, 4]]);
   * assert.equal(m.get(1, 0), 3);
   * ```
   */
  static from(rows: readonly (readonly number[])[]): Matrix {
    const cols = rows[0]?.length ?? 0;
    const m = new Matrix(rows.length, cols);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (row.length !== cols) {
        throw new TypeError(
          `Cannot build matrix: row ${i} has ${row.length} values but row 0 has ${cols}`,
        );
      }
      m.data.set(row, i * cols);
    }
    return m;
  }

  /**
   * The value at row `i`, column `j`.
   *
   * @param i Row index.
   * @param j Column index.
   * @returns The value.
   *
   * @example
   * ```ts
   * import { Matrix } from "./matrix.ts";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Matrix.from([[5, 6]]).get(0, 1), 6);
   * ```
   */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  /**
   * The rows as plain arrays (a copy).
   *
   * @returns One array per row.
   *
   * @example
   * ```ts
   * import { Matrix } from "./matrix.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Matrix.from([[1, 2]]).toArray(), [[1, 2]]);
   * ```
   */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) {
      out.push(
        Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)),
      );
    }
    return out;
  }
}

/**
 * Returns `x` as a {@linkcode Matrix}, copying plain rows.
 *
 * @param x A matrix or plain rows.
 * @param what What `x` is, for error messages (for example `"X"`).
 * @returns The matrix (the same object if `x` already is one).
 * @throws {TypeError} If the rows are ragged or `x` is not matrix-like.
 *
 * @example
 * ```ts
 * import { toMatrix } from "./matrix.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(toMatrix([[1], [2]], "X").rows, 2);
 * ```
 */
export function toMatrix(x: MatrixLike, what: string): Matrix {
  if (x instanceof Matrix) return x;
  if (!Array.isArray(x)) {
    throw new TypeError(
      `Cannot use ${what}: expected a Matrix or an array of rows`,
    );
  }
  try {
    return Matrix.from(x);
  } catch (e) {
    throw new TypeError(`Cannot use ${what}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

function assertShape(
  m: Matrix,
  rows: number,
  cols: number,
  what: string,
): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new TypeError(
      `Cannot multiply: ${what} is ${m.rows}x${m.cols} but must be ${rows}x${cols}`,
    );
  }
}

/**
 * `out = A Bᵀ` for `A` (`m x k`) and `B` (`n x k`): the forward pass
 * `Z = A W^T` with `W` stored `n_out x n_in` as in the chapter.
 *
 * @param a Left matrix, `m x k`.
 * @param b Right matrix, `n x k`.
 * @param out Result, `m x n`; overwritten.
 *
 * @example
 * ```ts
 * import { Matrix, matmulTransB } from "./matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const out = new Matrix(1, 1);
 * matmulTransB(Matrix.from([[1, 2]]), Matrix.from([[3, 4]]), out);
 * assert.equal(out.data[0], 11);
 * ```
 */
export function matmulTransB(a: Matrix, b: Matrix, out: Matrix): void {
  const m = a.rows, k = a.cols, n = b.rows;
  assertShape(b, n, k, "B");
  assertShape(out, m, n, "out");
  productNT(a.data, b.data, out.data, m, k, n);
}

/**
 * `out = A B` for `A` (`m x k`) and `B` (`k x n`): the backward pass
 * `Δ^(l+1) W^(l+1)` of BP2.
 *
 * @param a Left matrix, `m x k`.
 * @param b Right matrix, `k x n`.
 * @param out Result, `m x n`; overwritten.
 *
 * @example
 * ```ts
 * import { Matrix, matmul } from "./matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const out = new Matrix(1, 2);
 * matmul(Matrix.from([[1, 2]]), Matrix.from([[1, 0], [0, 1]]), out);
 * assert.deepEqual(Array.from(out.data), [1, 2]);
 * ```
 */
export function matmul(a: Matrix, b: Matrix, out: Matrix): void {
  const m = a.rows, k = a.cols, n = b.cols;
  assertShape(b, k, n, "B");
  assertShape(out, m, n, "out");
  productNN(a.data, b.data, out.data, m, k, n);
}

/**
 * `out = Aᵀ B` for `A` (`k x m`) and `B` (`k x n`): the weight gradient
 * `Δ^T A^(l-1)` of BP4, summed over the `k` rows of a batch.
 *
 * @param a Left matrix, `k x m`.
 * @param b Right matrix, `k x n`.
 * @param out Result, `m x n`; overwritten.
 *
 * @example
 * ```ts
 * import { Matrix, matmulTransA } from "./matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const out = new Matrix(2, 1);
 * matmulTransA(Matrix.from([[1, 2]]), Matrix.from([[3]]), out);
 * assert.deepEqual(Array.from(out.data), [3, 6]);
 * ```
 */
export function matmulTransA(a: Matrix, b: Matrix, out: Matrix): void {
  const k = a.rows, m = a.cols, n = b.cols;
  assertShape(b, k, n, "B");
  assertShape(out, m, n, "out");
  productTN(a.data, b.data, out.data, k, m, n);
}

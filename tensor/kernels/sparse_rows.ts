/**
 * Nonzero columns of the rows of a matrix, for kernels that skip zeros.
 *
 * MNIST pixels are about 80% zero, and the first layer's products with the
 * input (the forward `X W^T` and BP4's `Δ^T X`) only need the nonzero ones.
 * Skipping an exact zero leaves every sum bit for bit what the dense loop
 * gives (the same terms, added in the same order), as long as the other
 * factor is finite.
 *
 * @module
 */

/** Kernels try the sparse path only for inputs at least this wide. */
export const SPARSE_MIN_WIDTH = 64;

/**
 * Kernels take the sparse path when at most this fraction of the input is
 * nonzero (an indexed multiply costs about as much as two dense ones).
 */
export const SPARSE_MAX_DENSITY = 0.5;

/**
 * Compressed rows (CSR): for row `i`, the nonzero columns are
 * `index[start[i]..start[i+1])` and their values `value[...]`, in increasing
 * column order. The arrays grow as needed and are reused between calls.
 */
export class SparseRows {
  /** Row `i`'s entries begin at `start[i]`; `start[rows]` is the count. */
  start: Int32Array = new Int32Array(1);
  /** Column of every nonzero entry. */
  index: Int32Array = new Int32Array(0);
  /** Value of every nonzero entry. */
  value: Float64Array = new Float64Array(0);

  /**
   * Compresses `rows x cols` values if at most `maxDensity` of them are
   * nonzero.
   *
   * @param data The matrix, row-major.
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @param maxDensity Give up (return false) above this fraction of nonzeros.
   * @returns Whether the rows were compressed.
   *
   * @example
   * ```ts
   * import { SparseRows } from "./sparse_rows.ts";
   * import assert from "node:assert/strict";
   *
   * const s = new SparseRows();
   * assert.ok(s.compress(Float64Array.of(0, 2, 0, 0, 0, 3), 2, 3, 0.5));
   * assert.deepEqual([...s.start], [0, 1, 2]);
   * assert.deepEqual([...s.index.subarray(0, 2)], [1, 2]);
   * ```
   */
  compress(
    data: Float64Array,
    rows: number,
    cols: number,
    maxDensity: number,
  ): boolean {
    const size = rows * cols;
    let limit = Math.floor(size * maxDensity);
    if (size > 65536) {
      // a whole data set: count first, so as to allocate only what it needs
      let nonzeros = 0;
      for (let i = 0; i < size; i++) if (data[i] !== 0) nonzeros++;
      if (nonzeros > limit) return false;
      limit = nonzeros;
    }
    if (this.start.length < rows + 1) this.start = new Int32Array(rows + 1);
    if (this.index.length < limit) {
      this.index = new Int32Array(limit);
      this.value = new Float64Array(limit);
    }
    const start = this.start, index = this.index, value = this.value;
    let count = 0;
    for (let i = 0; i < rows; i++) {
      start[i] = count;
      const base = i * cols;
      for (let p = 0; p < cols; p++) {
        const v = data[base + p]!;
        if (v !== 0) {
          if (count === limit) return false;
          index[count] = p;
          value[count++] = v;
        }
      }
    }
    start[rows] = count;
    return true;
  }

  /**
   * Gathers rows `order[first..first+rows)` of the compressed `src` into
   * this (the mini-batch), and writes them dense into `out` too. Cheaper
   * than copying dense rows and compressing them again: only the nonzeros
   * move.
   *
   * @param src The compressed data set.
   * @param order Row indices into `src`.
   * @param first The first position in `order`.
   * @param rows Number of rows to gather.
   * @param out The dense `rows x cols` batch, overwritten; or undefined when
   * its only reader takes the compressed rows (a first Dense layer).
   * @param cols Number of columns.
   *
   * @example
   * ```ts
   * import { SparseRows } from "./sparse_rows.ts";
   * import assert from "node:assert/strict";
   *
   * const all = new SparseRows();
   * all.compress(Float64Array.of(0, 1, 2, 0), 2, 2, 1);
   * const batch = new SparseRows(), out = new Float64Array(2);
   * batch.gather(all, Uint32Array.of(1, 0), 0, 1, out, 2);
   * assert.deepEqual([...out], [2, 0]);
   * assert.deepEqual([...batch.index.subarray(0, 1)], [0]);
   * ```
   */
  gather(
    src: SparseRows,
    order: Uint32Array,
    first: number,
    rows: number,
    out: Float64Array | undefined,
    cols: number,
  ): void {
    const S = src.start, SI = src.index, SV = src.value;
    let count = 0;
    for (let r = 0; r < rows; r++) {
      const row = order[first + r]!;
      count += S[row + 1]! - S[row]!;
    }
    if (this.start.length < rows + 1) this.start = new Int32Array(rows + 1);
    if (this.index.length < count) {
      // grows to the largest batch seen, then stays
      this.index = new Int32Array(count + (count >> 2));
      this.value = new Float64Array(count + (count >> 2));
    }
    const start = this.start, index = this.index, value = this.value;
    out?.fill(0, 0, rows * cols);
    count = 0;
    for (let r = 0; r < rows; r++) {
      const row = order[first + r]!, to = S[row + 1]!, base = r * cols;
      start[r] = count;
      for (let t = S[row]!; t < to; t++) {
        const j = SI[t]!, v = SV[t]!;
        index[count] = j;
        value[count++] = v;
        if (out !== undefined) out[base + j] = v;
      }
    }
    start[rows] = count;
  }
}

const attached = new WeakMap<object, SparseRows>();

/**
 * Declares that `rows` holds the nonzeros of `matrix` (a training batch
 * that the trainer fills both ways), so that a layer need not compress it
 * again. The caller must keep the two in step.
 *
 * @param matrix The dense batch.
 * @param rows Its compressed rows.
 *
 * @example
 * ```ts
 * import { attachSparse, sparseOf, SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const batch = {}, rows = new SparseRows();
 * attachSparse(batch, rows);
 * assert.equal(sparseOf(batch), rows);
 * ```
 */
export function attachSparse(matrix: object, rows: SparseRows): void {
  attached.set(matrix, rows);
}

/**
 * The compressed rows attached to `matrix` by {@linkcode attachSparse}.
 *
 * @param matrix The dense batch.
 * @returns Its compressed rows, or undefined.
 *
 * @example
 * ```ts
 * import { sparseOf } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(sparseOf({}), undefined);
 * ```
 */
export function sparseOf(matrix: object): SparseRows | undefined {
  return attached.get(matrix);
}

/**
 * The training loop's one-off passes over the whole data set (the finite
 * check, the sparse compression), cut into slices with a pause between
 * them, so that `trainAsync` can give the event loop a turn even before the
 * first batch of a large data set.
 *
 * @module
 */
import type { Matrix } from "../tensor/matrix.ts";
import type { SparseRows } from "../tensor/kernels/mod.ts";
import { assertFinite } from "./checks.ts";

/** Entries per slice: well under a millisecond of work. */
const SLICE = 1 << 16;

/**
 * Checks that every value is finite, a slice at a time.
 *
 * @param m The matrix.
 * @param what Its name for messages.
 * @returns A generator that pauses between slices.
 * @throws {RangeError} On the first non-finite value.
 */
export function* finiteInSlices(
  m: Matrix,
  what: string,
): Generator<undefined, void, unknown> {
  for (let from = 0; from < m.data.length; from += SLICE) {
    assertFinite(m, what, from, Math.min(from + SLICE, m.data.length));
    yield undefined;
  }
}

/**
 * What `SparseRows.compress` does (compressed rows of the nonzeros, if at
 * most `maxDensity` of the values are nonzero), a slice of rows at a time.
 *
 * @param out The compressed rows, filled in place.
 * @param data The matrix, row-major.
 * @param rows Number of rows.
 * @param cols Number of columns.
 * @param maxDensity Give up (return false) above this fraction of nonzeros.
 * @returns A generator that pauses between slices and returns whether the
 * rows were compressed.
 */
export function* compressInSlices(
  out: SparseRows,
  data: Float64Array,
  rows: number,
  cols: number,
  maxDensity: number,
): Generator<undefined, boolean, unknown> {
  const size = rows * cols;
  let nonzeros = 0;
  for (let from = 0; from < size; from += SLICE) {
    const to = Math.min(from + SLICE, size);
    for (let i = from; i < to; i++) if (data[i] !== 0) nonzeros++;
    yield undefined;
  }
  if (nonzeros > Math.floor(size * maxDensity)) return false;
  if (out.start.length < rows + 1) out.start = new Int32Array(rows + 1);
  if (out.index.length < nonzeros) {
    out.index = new Int32Array(nonzeros);
    out.value = new Float64Array(nonzeros);
  }
  const start = out.start, index = out.index, value = out.value;
  const step = Math.max(1, Math.floor(SLICE / cols));
  let count = 0;
  for (let first = 0; first < rows; first += step) {
    for (let i = first; i < Math.min(first + step, rows); i++) {
      start[i] = count;
      const base = i * cols;
      for (let p = 0; p < cols; p++) {
        const v = data[base + p]!;
        if (v !== 0) {
          index[count] = p;
          value[count++] = v;
        }
      }
    }
    yield undefined;
  }
  start[rows] = count;
  return true;
}

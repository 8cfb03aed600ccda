/**
 * `O = Aᵀ B`, BP4's `Δ^T A^(l-1)` summed over the rows of a batch,
 * register-blocked.
 *
 * @module
 */
import {
  SPARSE_MAX_DENSITY,
  SPARSE_MIN_WIDTH,
  SparseRows,
} from "./sparse_rows.ts";

const sparse = new SparseRows();
const ROW_TILE = 64;

/**
 * `O = Aᵀ B` for row-major `A` (`k x m`), `B` (`k x n`), `O` (`m x n`).
 * Every entry is `Σ_p A[p][i] B[p][j]` summed from 0 in increasing `p` (the
 * batch rows in order): bit for bit the naive loop's result. When at most half
 * of a wide `B` is nonzero (pixels), the zeros of `B` are skipped.
 *
 * @param A Left, `k x m`.
 * @param B Right, `k x n`.
 * @param O Result, `m x n`; overwritten.
 * @param k Rows of both (the batch).
 * @param m Columns of `A`.
 * @param n Columns of `B`.
 *
 * @example
 * ```ts
 * import { gemmTN } from "./gemm_tn.ts";
 * import assert from "node:assert/strict";
 *
 * const O = new Float64Array(2);
 * gemmTN(Float64Array.of(1, 2), Float64Array.of(3), O, 1, 2, 1);
 * assert.deepEqual([...O], [3, 6]);
 * ```
 */
export function gemmTN(
  A: Float64Array,
  B: Float64Array,
  O: Float64Array,
  k: number,
  m: number,
  n: number,
): void {
  if (n >= SPARSE_MIN_WIDTH && sparse.compress(B, k, n, SPARSE_MAX_DENSITY)) {
    gemmTNSparse(A, sparse, O, k, m, n);
    return;
  }
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const o0 = i * n, o1 = o0 + n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0, a = i, b = j; p < k; p++, a += m, b += n) {
        const x0 = A[a]!, x1 = A[a + 1]!;
        const w0 = B[b]!, w1 = B[b + 1]!, w2 = B[b + 2]!, w3 = B[b + 3]!;
        s00 += x0 * w0;
        s01 += x0 * w1;
        s02 += x0 * w2;
        s03 += x0 * w3;
        s10 += x1 * w0;
        s11 += x1 * w1;
        s12 += x1 * w2;
        s13 += x1 * w3;
      }
      O[o0 + j] = s00;
      O[o0 + j + 1] = s01;
      O[o0 + j + 2] = s02;
      O[o0 + j + 3] = s03;
      O[o1 + j] = s10;
      O[o1 + j + 1] = s11;
      O[o1 + j + 2] = s12;
      O[o1 + j + 3] = s13;
    }
    for (; j < n; j++) {
      let s0 = 0, s1 = 0;
      for (let p = 0, a = i, b = j; p < k; p++, a += m, b += n) {
        const w = B[b]!;
        s0 += A[a]! * w;
        s1 += A[a + 1]! * w;
      }
      O[o0 + j] = s0;
      O[o1 + j] = s1;
    }
  }
  if (i < m) {
    const o0 = i * n;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0, a = i, b = j; p < k; p++, a += m, b += n) {
        s += A[a]! * B[b]!;
      }
      O[o0 + j] = s;
    }
  }
}

/**
 * `O = Aᵀ B` with `B` given as compressed rows: only `B`'s nonzeros are
 * multiplied, batch row after batch row, so every entry equals the dense
 * sum bit for bit (for finite `A`).
 *
 * @param A Left, `k x m`.
 * @param S `B` (`k x n`) compressed by {@linkcode SparseRows.compress}.
 * @param O Result, `m x n`; overwritten.
 * @param k Rows of both (the batch).
 * @param m Columns of `A`.
 * @param n Columns of `B`.
 *
 * @example
 * ```ts
 * import { gemmTNSparse } from "./gemm_tn.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const S = new SparseRows();
 * S.compress(Float64Array.of(0, 3), 1, 2, 1);
 * const O = new Float64Array(2);
 * gemmTNSparse(Float64Array.of(2), S, O, 1, 1, 2);
 * assert.deepEqual([...O], [0, 6]);
 * ```
 */
export function gemmTNSparse(
  A: Float64Array,
  S: SparseRows,
  O: Float64Array,
  k: number,
  m: number,
  n: number,
): void {
  const start = S.start, index = S.index, value = S.value;
  O.fill(0, 0, m * n);
  // batch rows in tiles of 64 (in order, so every sum keeps its order),
  // whose nonzeros stay in cache while the rows of O pass over them
  for (let r0 = 0; r0 < k; r0 += ROW_TILE) {
    const r1 = Math.min(k, r0 + ROW_TILE);
    // ten rows of O at a time (then six, then one) take every batch row's
    // nonzeros, in batch order
    let i = 0;
    for (; i + 10 <= m; i += 10) {
      const o = i * n;
      for (let p = r0; p < r1; p++) {
        const to = start[p + 1]!, a = p * m + i;
        const x0 = A[a]!, x1 = A[a + 1]!, x2 = A[a + 2]!, x3 = A[a + 3]!;
        const x4 = A[a + 4]!, x5 = A[a + 5]!, x6 = A[a + 6]!, x7 = A[a + 7]!;
        const x8 = A[a + 8]!, x9 = A[a + 9]!;
        for (let t = start[p]!; t < to; t++) {
          const j = o + index[t]!, v = value[t]!;
          O[j]! += x0 * v;
          O[j + n]! += x1 * v;
          O[j + 2 * n]! += x2 * v;
          O[j + 3 * n]! += x3 * v;
          O[j + 4 * n]! += x4 * v;
          O[j + 5 * n]! += x5 * v;
          O[j + 6 * n]! += x6 * v;
          O[j + 7 * n]! += x7 * v;
          O[j + 8 * n]! += x8 * v;
          O[j + 9 * n]! += x9 * v;
        }
      }
    }
    for (; i + 6 <= m; i += 6) {
      const o0 = i * n,
        o1 = o0 + n,
        o2 = o1 + n,
        o3 = o2 + n,
        o4 = o3 + n,
        o5 = o4 + n;
      for (let p = r0; p < r1; p++) {
        const to = start[p + 1]!, a = p * m + i;
        const x0 = A[a]!,
          x1 = A[a + 1]!,
          x2 = A[a + 2]!,
          x3 = A[a + 3]!,
          x4 = A[a + 4]!,
          x5 = A[a + 5]!;
        for (let t = start[p]!; t < to; t++) {
          const j = index[t]!, v = value[t]!;
          O[o0 + j]! += x0 * v;
          O[o1 + j]! += x1 * v;
          O[o2 + j]! += x2 * v;
          O[o3 + j]! += x3 * v;
          O[o4 + j]! += x4 * v;
          O[o5 + j]! += x5 * v;
        }
      }
    }
    for (; i < m; i++) {
      const o0 = i * n;
      for (let p = r0; p < r1; p++) {
        const x = A[p * m + i]!, to = start[p + 1]!;
        for (let t = start[p]!; t < to; t++) {
          O[o0 + index[t]!]! += x * value[t]!;
        }
      }
    }
  }
}

/**
 * `O = A Bᵀ`, the forward product `Z = A W^T`, register-blocked.
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
 * `O = A Bᵀ` for row-major `A` (`m x k`), `B` (`n x k`), `O` (`m x n`).
 * Every entry is `Σ_p A[i][p] B[j][p]` summed from 0 in increasing `p`, so
 * the result is bit for bit the naive triple loop's. When at most a quarter
 * of `A` is nonzero (pixels), the zeros of `A` are skipped.
 *
 * @param A Left, `m x k`.
 * @param B Right, `n x k`.
 * @param O Result, `m x n`; overwritten.
 * @param m Rows of `A`.
 * @param k Shared dimension.
 * @param n Rows of `B`.
 *
 * @example
 * ```ts
 * import { gemmNT } from "./gemm_nt.ts";
 * import assert from "node:assert/strict";
 *
 * const O = new Float64Array(1);
 * gemmNT(Float64Array.of(1, 2), Float64Array.of(3, 4), O, 1, 2, 1);
 * assert.equal(O[0], 11);
 * ```
 */
export function gemmNT(
  A: Float64Array,
  B: Float64Array,
  O: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  if (k >= SPARSE_MIN_WIDTH && sparse.compress(A, m, k, SPARSE_MAX_DENSITY)) {
    gemmNTSparse(sparse, B, O, m, k, n);
    return;
  }
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const a0 = i * k, a1 = a0 + k, o0 = i * n, o1 = o0 + n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = A[a0 + p]!, x1 = A[a1 + p]!;
        const w0 = B[b0 + p]!,
          w1 = B[b1 + p]!,
          w2 = B[b2 + p]!,
          w3 = B[b3 + p]!;
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
      const b0 = j * k;
      let s0 = 0, s1 = 0;
      for (let p = 0; p < k; p++) {
        const w = B[b0 + p]!;
        s0 += A[a0 + p]! * w;
        s1 += A[a1 + p]! * w;
      }
      O[o0 + j] = s0;
      O[o1 + j] = s1;
    }
  }
  if (i < m) {
    const a0 = i * k, o0 = i * n;
    for (let j = 0; j < n; j++) {
      const b0 = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[a0 + p]! * B[b0 + p]!;
      O[o0 + j] = s;
    }
  }
}

/**
 * `O = A Bᵀ` with `A` given as compressed rows: only `A`'s nonzeros are
 * multiplied, in increasing column order, so every entry equals the dense
 * sum bit for bit (for finite `B`).
 *
 * @param S `A` (`m x k`) compressed by {@linkcode SparseRows.compress}.
 * @param B Right, `n x k`.
 * @param O Result, `m x n`; overwritten.
 * @param m Rows of `A`.
 * @param k Shared dimension.
 * @param n Rows of `B`.
 *
 * @example
 * ```ts
 * import { gemmNTSparse } from "./gemm_nt.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const S = new SparseRows();
 * S.compress(Float64Array.of(0, 2), 1, 2, 1);
 * const O = new Float64Array(1);
 * gemmNTSparse(S, Float64Array.of(3, 4), O, 1, 2, 1);
 * assert.equal(O[0], 8);
 * ```
 */
export function gemmNTSparse(
  S: SparseRows,
  B: Float64Array,
  O: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  const start = S.start, index = S.index, value = S.value;
  // rows of A in tiles of 64, whose nonzeros stay in cache while the
  // rows of B pass over them
  for (let r0 = 0; r0 < m; r0 += ROW_TILE) {
    const r1 = Math.min(m, r0 + ROW_TILE);
    // six rows of B at a time (about 37 KB at k = 784) stay in L1 while
    // every row of A passes over them
    let j = 0;
    for (; j + 6 <= n; j += 6) {
      const b0 = j * k,
        b1 = b0 + k,
        b2 = b1 + k,
        b3 = b2 + k,
        b4 = b3 + k,
        b5 = b4 + k;
      for (let i = r0; i < r1; i++) {
        const from = start[i]!, to = start[i + 1]!, o = i * n + j;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0;
        for (let t = from; t < to; t++) {
          const p = index[t]!, x = value[t]!;
          s0 += x * B[b0 + p]!;
          s1 += x * B[b1 + p]!;
          s2 += x * B[b2 + p]!;
          s3 += x * B[b3 + p]!;
          s4 += x * B[b4 + p]!;
          s5 += x * B[b5 + p]!;
        }
        O[o] = s0;
        O[o + 1] = s1;
        O[o + 2] = s2;
        O[o + 3] = s3;
        O[o + 4] = s4;
        O[o + 5] = s5;
      }
    }
    for (; j < n; j++) {
      const b0 = j * k;
      for (let i = r0; i < r1; i++) {
        const to = start[i + 1]!;
        let s = 0;
        for (let t = start[i]!; t < to; t++) {
          s += value[t]! * B[b0 + index[t]!]!;
        }
        O[i * n + j] = s;
      }
    }
  }
}

/**
 * `O = A B`, BP2's `Δ^(l+1) W^(l+1)`, register-blocked.
 *
 * @module
 */

/**
 * `O = A B` for row-major `A` (`m x k`), `B` (`k x n`), `O` (`m x n`).
 * Every entry is `Σ_p A[i][p] B[p][j]` summed from 0 in increasing `p`: bit
 * for bit the naive loop's result.
 *
 * @param A Left, `m x k`.
 * @param B Right, `k x n`.
 * @param O Result, `m x n`; overwritten.
 * @param m Rows of `A`.
 * @param k Shared dimension.
 * @param n Columns of `B`.
 *
 * @example
 * ```ts
 * import { gemmNN } from "./gemm_nn.ts";
 * import assert from "node:assert/strict";
 *
 * const O = new Float64Array(2);
 * gemmNN(Float64Array.of(1, 2), Float64Array.of(1, 0, 0, 1), O, 1, 2, 2);
 * assert.deepEqual([...O], [1, 2]);
 * ```
 */
export function gemmNN(
  A: Float64Array,
  B: Float64Array,
  O: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const a0 = i * k, a1 = a0 + k, o0 = i * n, o1 = o0 + n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0, b = j; p < k; p++, b += n) {
        const x0 = A[a0 + p]!, x1 = A[a1 + p]!;
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
      for (let p = 0, b = j; p < k; p++, b += n) {
        const w = B[b]!;
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
      let s = 0;
      for (let p = 0, b = j; p < k; p++, b += n) s += A[a0 + p]! * B[b]!;
      O[o0 + j] = s;
    }
  }
}

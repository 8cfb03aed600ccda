/**
 * Runs a dense product in an arena: on the calling thread, or split
 * between the thread pool's workers (see `threads.ts`). Every split is of
 * the output (whole rows or whole columns), so each element is the same
 * sum in the same order for any thread count.
 *
 * @module
 */
import type { Arena } from "./arena.ts";
import type { DType } from "./dense_kernels.ts";
import {
  KIND_NN_F32,
  KIND_NN_F64,
  KIND_NT_F32,
  KIND_NT_F64,
} from "./thread_jobs.ts";
import { poolFor } from "./threads.ts";

/**
 * `O = A Bᵀ + 1 biasᵀ` (`A` `m x k`, `B` `n x k`, `O` `m x n`), byte
 * offsets into the arena; `pBias < 0` for no bias.
 *
 * @param arena Where the operands live.
 * @param dtype Their element type.
 * @param threads Most threads to use (the pool decides whether it pays).
 * @param pA A.
 * @param pB B.
 * @param pBias The bias (length n), or -1.
 * @param pO O.
 * @param m Rows of A.
 * @param k Columns of A and B.
 * @param n Rows of B.
 * @returns Whether the product was split between threads.
 */
export function denseNT(
  arena: Arena,
  dtype: DType,
  threads: number,
  pA: number,
  pB: number,
  pBias: number,
  pO: number,
  m: number,
  k: number,
  n: number,
): boolean {
  const pool = poolFor(arena, threads, 2 * m * k * n, Math.ceil(n / 4));
  const bias = pBias < 0 ? 0 : 1;
  if (pool !== undefined) {
    const kind = dtype === "float64" ? KIND_NT_F64 : KIND_NT_F32;
    pool.run(kind, n, 4, threads, pA, pB, pBias, bias, pO, m, k, n, 0);
    return true;
  }
  const f = dtype === "float64" ? arena.kernels.ntF64 : arena.kernels.ntF32;
  f(pA, pB, pBias, bias, pO, m, k, n, 0, n);
  return false;
}

/**
 * `O = A B` (`A` `M x K` read at `pA + r·aRow + p·aCol`, `B` `K x N`, `O`
 * `M x N`), byte offsets into the arena.
 *
 * @param arena Where the operands live.
 * @param dtype Their element type.
 * @param threads Most threads to use (the pool decides whether it pays).
 * @param pA A.
 * @param aRow Bytes from one row of A to the next.
 * @param aCol Bytes from one column of A to the next.
 * @param pB B.
 * @param pO O.
 * @param M Rows of O.
 * @param K The summed dimension.
 * @param N Columns of O.
 * @param split Split the rows or the columns of O between threads.
 * @returns Whether the product was split between threads.
 */
export function denseNN(
  arena: Arena,
  dtype: DType,
  threads: number,
  pA: number,
  aRow: number,
  aCol: number,
  pB: number,
  pO: number,
  M: number,
  K: number,
  N: number,
  split: "rows" | "cols",
): boolean {
  const rows = split === "rows";
  const align = rows ? 2 : dtype === "float64" ? 8 : 16;
  const total = rows ? M : N, s = rows ? 0 : 1;
  const pool = poolFor(arena, threads, 2 * M * K * N, Math.ceil(total / align));
  if (pool !== undefined) {
    const kind = dtype === "float64" ? KIND_NN_F64 : KIND_NN_F32;
    pool.run(kind, total, align, threads, pA, aRow, aCol, pB, pO, K, N, M, s);
    return true;
  }
  const f = dtype === "float64" ? arena.kernels.nnF64 : arena.kernels.nnF32;
  f(pA, aRow, aCol, pB, pO, K, N, 0, M, 0, N);
  return false;
}

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
  KIND_NT_PACKED_F32,
  KIND_NT_PACKED_F64,
  KIND_NT_SPARSE,
  KIND_TN_CSC_F32,
  KIND_TN_CSC_F64,
  KIND_TN_SPARSE,
  MIN_PARALLEL_FLOPS,
  MIN_PARALLEL_SCALAR_FLOPS,
  poolFor,
} from "./threads.ts";

/**
 * The widest block of outputs the SIMD sparse kernels sum in registers per
 * pass over the nonzeros (12 vectors: the first entry of each `Elem`'s
 * `widths` in `wasm/sparse_elem.ts`).
 */
export const SPARSE_BLOCK: Readonly<Record<DType, number>> = {
  float64: 24,
  float32: 48,
};

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

/**
 * The sparse forward product `O = A Bᵀ` (`A` `m x k` as compressed rows,
 * float64 values; `B` `n x k` and `O` `m x n` in `dtype`), split over the
 * columns of O.
 *
 * @param arena Where the operands live.
 * @param dtype The element type of B and O.
 * @param threads Most threads to use.
 * @param nonzeros A's nonzeros (the work is 2 · nonzeros · n flops).
 * @param pB B.
 * @param pO O.
 * @param pS A's row starts.
 * @param pI A's column indices.
 * @param pV A's values.
 * @param m Rows of A.
 * @param k Columns of A and B.
 * @param n Rows of B.
 * @param pP Where to pack B (`n·k` elements) for the SIMD kernel, or -1
 * for the scalar one (float64 only; the same bits).
 * @param meanwhile Other work for the calling thread that does not touch
 * O: done while the workers start on the parts, or after the product.
 * @returns Whether the product was split between threads.
 */
export function sparseNT(
  arena: Arena,
  dtype: DType,
  threads: number,
  nonzeros: number,
  pB: number,
  pO: number,
  pS: number,
  pI: number,
  pV: number,
  m: number,
  k: number,
  n: number,
  pP: number,
  meanwhile?: () => void,
): boolean {
  const f64 = dtype === "float64";
  if (pP < 0 && !f64) throw new Error("The float32 sparse product packs W");
  // every part passes over all of A's nonzeros once per block of B's rows:
  // parts of whole widest blocks (the scalar kernel's ten, the packed one's
  // SPARSE_BLOCK) make as few passes as one thread does
  const align = pP < 0 ? 10 : SPARSE_BLOCK[dtype];
  const pool = poolFor(
    arena,
    threads,
    2 * nonzeros * n,
    Math.ceil(n / align),
    pP < 0 ? MIN_PARALLEL_SCALAR_FLOPS : MIN_PARALLEL_FLOPS,
  );
  if (pool !== undefined) {
    const kind = pP < 0
      ? KIND_NT_SPARSE
      : f64
      ? KIND_NT_PACKED_F64
      : KIND_NT_PACKED_F32;
    // the scalar kernel takes no ninth argument
    const a8 = Math.max(pP, 0);
    pool.run(
      kind,
      n,
      align,
      threads,
      pB,
      pO,
      pS,
      pI,
      pV,
      m,
      k,
      n,
      a8,
      meanwhile,
    );
    return true;
  }
  const kernels = arena.kernels;
  if (pP < 0) kernels.ntSparse(pB, pO, pS, pI, pV, m, k, n, 0, n);
  else {
    const f = f64 ? kernels.ntPackedF64 : kernels.ntPackedF32;
    f(pB, pO, pS, pI, pV, m, k, n, 0, n, pP);
  }
  meanwhile?.();
  return false;
}

/**
 * The sparse BP4 `O = Aᵀ B` (`A` `k x m` and `O` `m x n` in `dtype`; `B`
 * `k x n` as compressed columns from `csr_to_csc`, float64 values; or, with
 * `csc` false, as compressed rows for the scalar float64 kernel, the same
 * bits), split over the rows of O.
 *
 * @param arena Where the operands live.
 * @param dtype The element type of A and O.
 * @param threads Most threads to use.
 * @param nonzeros B's nonzeros (the work is 2 · nonzeros · m flops).
 * @param pA A.
 * @param pO O.
 * @param pS B's column starts (row starts if not `csc`).
 * @param pI B's rows, as byte offsets of rows of A (columns if not `csc`).
 * @param pV B's values.
 * @param k Rows of A and B (the batch).
 * @param m Columns of A.
 * @param n Columns of B.
 * @param csc Whether B is compressed by columns.
 * @returns Whether the product was split between threads.
 */
export function sparseTN(
  arena: Arena,
  dtype: DType,
  threads: number,
  nonzeros: number,
  pA: number,
  pO: number,
  pS: number,
  pI: number,
  pV: number,
  k: number,
  m: number,
  n: number,
  csc: boolean,
): boolean {
  const f64 = dtype === "float64";
  if (!csc && !f64) throw new Error("The float32 sparse BP4 reads columns");
  // every part passes over all of B's nonzeros once per block of O's rows:
  // parts of whole widest blocks (the scalar kernel's ten, the SIMD ones'
  // SPARSE_BLOCK) make as few passes as one thread does
  const align = !csc ? 10 : SPARSE_BLOCK[dtype];
  const pool = poolFor(
    arena,
    threads,
    2 * nonzeros * m,
    Math.ceil(m / align),
    csc ? MIN_PARALLEL_FLOPS : MIN_PARALLEL_SCALAR_FLOPS,
  );
  if (pool !== undefined) {
    const kind = !csc
      ? KIND_TN_SPARSE
      : f64
      ? KIND_TN_CSC_F64
      : KIND_TN_CSC_F32;
    pool.run(kind, m, align, threads, pA, pO, pS, pI, pV, k, m, n, 0);
    return true;
  }
  const kernels = arena.kernels;
  const f = !csc
    ? kernels.tnSparse
    : f64
    ? kernels.tnSparseF64
    : kernels.tnSparseF32;
  f(pA, pO, pS, pI, pV, k, m, n, 0, m);
  return false;
}

/**
 * Runs the first layer's sparse products (`wasm/gen_sparse.ts`) in an
 * arena: on the calling thread, or split between the thread pool's workers
 * (see `threads.ts`). Every split is of the output, so each element is the
 * same sum in the same order for any thread count.
 *
 * @module
 */
import type { Arena } from "./arena.ts";
import type { DType } from "./dense_kernels.ts";
import {
  KIND_NT_PACKED_F32,
  KIND_NT_PACKED_F64,
  KIND_NT_ROWS_F32,
  KIND_NT_ROWS_F64,
  KIND_NT_SPARSE,
  KIND_PACK_F32,
  KIND_PACK_F64,
  KIND_TN_CSC_COLS_F32,
  KIND_TN_CSC_COLS_F64,
  KIND_TN_CSC_F32,
  KIND_TN_CSC_F64,
  KIND_TN_SPARSE,
} from "./thread_jobs.ts";
import {
  MIN_PARALLEL_FLOPS,
  MIN_PARALLEL_SCALAR_FLOPS,
  type Pool,
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
 * How a sparse product ran: on the calling thread, or split over O's rows
 * or O's columns. The usual split is over the outputs in whole widest
 * blocks (the forward's columns, BP4's rows: each part packs or reads only
 * its blocks); with too few blocks for the threads, the split is over the
 * other dimension instead (the forward's rows against W's panels packed
 * first, BP4's columns), which costs no extra pass over the nonzeros.
 */
export type SparseSplit = "one" | "rows" | "columns";

/**
 * A product whose outputs make at most this many widest blocks per thread
 * splits the other way (the forward over the batch's rows, BP4 over its
 * columns), where one part per thread would leave the threads unequal:
 * [784, 30, 10]'s first layer (two blocks, 24 and 6 outputs) at a batch of
 * 100 MNIST rows, on two threads, forward 57 -> 45 µs and BP4 (with the
 * compression by columns) 80 -> 59 µs (`bench:sparse`); at 100 outputs
 * (five blocks) the split by columns stays faster, 101-104 against
 * 114-117 µs. (In training that batch now stays on one thread: see
 * `evenPool`.)
 */
const EVEN_SPLIT_BLOCKS_PER_THREAD = 1;

/**
 * BP4 splits over ∂C/∂W's columns up to this many widest blocks of outputs
 * per thread (`blocks ≤ 2.5 · threads`), though its blocks could be shared
 * out: a thread then reads only its columns of the batch compressed by
 * columns, which the worker that compressed it has in its cache, instead
 * of all of it once per part, at the cost of reading all of Δ. [784, 100,
 * 10] batch 100 on two threads (five blocks in float64, three in float32),
 * epochs alternating within one process, columns ÷ blocks: float64 0.964
 * (0.946-1.013 over five runs of 14 pairs, faster in 47 of 70), float32
 * 0.962 and 0.949 (12 of 18); whole processes alternating with the commit
 * before, float64 0.930-0.985 over three runs (faster in 21 of 32 rounds),
 * float32 1.017 and 0.943 (13 of 22). At 784 → 256 (11 and 6 blocks)
 * 0.996-1.035 within a process, and at 784 → 1,024 in float64 (43 blocks)
 * 1.12-1.13, where Δ is ten times larger.
 */
const BP4_COLUMN_SPLIT_HALF_BLOCKS_PER_THREAD = 5;

/**
 * The pool for a split the other way, or undefined (for a product whose
 * outputs make more widest blocks than that, or one below
 * `MIN_PARALLEL_FLOPS`, as for the dense products).
 *
 * float64 had a threshold of its own, 400,000 flops: at [784, 30, 10] on
 * two threads, a batch of 50 MNIST rows (470,000 flops) gained in the
 * kernels alone (forward 33 -> 28 µs, BP4 44 -> 33 µs). Whole epochs did
 * not: at a batch of 100 (900,000 flops) two threads took 1.29 times one
 * thread's time (0.0265 against 0.0207 s, 8 of 10 alternating rounds
 * slower), each part's outputs and the batch's rows crossing between
 * cores; without this split 0.90 times as long as with it, and without the
 * posted compression as well (`DenseKernels.forward`) 0.79 (8 of 8
 * rounds). float32 took no less on two threads there before either (0.0166
 * against 0.0155 s).
 *
 * @param arena Where the operands live.
 * @param threads Most threads to use.
 * @param blocks The outputs' widest blocks.
 * @param flops The product's size.
 * @param length The length of the dimension to split.
 * @param halfBlocksPerThread Twice the most widest blocks per thread that
 * split this way.
 * @returns The pool, or undefined.
 */
function evenPool(
  arena: Arena,
  threads: number,
  blocks: number,
  flops: number,
  length: number,
  halfBlocksPerThread = 2 * EVEN_SPLIT_BLOCKS_PER_THREAD,
): Pool | undefined {
  if (2 * blocks > halfBlocksPerThread * threads) return undefined;
  return poolFor(arena, threads, flops, length);
}

/**
 * The sparse forward product `O = A Bᵀ (+ 1 biasᵀ)` (`A` `m x k` as
 * compressed rows, float64 values; `B` `n x k` and `O` `m x n` in `dtype`),
 * split over the columns of O or, when those make too few parts for the
 * threads, over its rows.
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
 * @param pBias float64 only: the bias (length n) to add to O, or -1.
 * @param pA float64 only: where to write `σ(O)` (the logistic sigmoid of
 * `wasm/gen_sigmoid.ts`, after the bias) if W is packed, or -1.
 * @returns How it ran; σ was applied exactly when `pP >= 0` and `pA >= 0`.
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
  pBias = -1,
  pA = -1,
): SparseSplit {
  const f64 = dtype === "float64";
  if (pP < 0 && !f64) throw new Error("The float32 sparse product packs W");
  if (!f64 && (pBias >= 0 || pA >= 0)) {
    throw new Error("The float32 sparse product adds no bias and applies no σ");
  }
  // every column part passes over all of A's nonzeros once per block of B's
  // rows: parts of whole widest blocks (the scalar kernel's ten, the packed
  // one's SPARSE_BLOCK) make as few passes as one thread does
  const align = pP < 0 ? 10 : SPARSE_BLOCK[dtype];
  const blocks = Math.ceil(n / align);
  const flops = 2 * nonzeros * n;
  const kernels = arena.kernels;
  if (pP >= 0) {
    const pool = evenPool(arena, threads, blocks, flops, m);
    if (pool !== undefined) {
      pool.run(
        f64 ? KIND_PACK_F64 : KIND_PACK_F32,
        n,
        align,
        threads,
        pB,
        k,
        pP,
        0,
        0,
        0,
        0,
        0,
        0,
      );
      pool.run(
        f64 ? KIND_NT_ROWS_F64 : KIND_NT_ROWS_F32,
        m,
        1,
        threads,
        pO,
        pS,
        pI,
        pV,
        k,
        n,
        pP,
        pBias,
        pA,
      );
      return "rows";
    }
  }
  const pool = poolFor(
    arena,
    threads,
    flops,
    blocks,
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
      pBias,
      pA,
    );
  } else {
    if (pP < 0) kernels.ntSparse(pB, pO, pS, pI, pV, m, k, n, 0, n);
    else {
      const f = f64 ? kernels.ntPackedF64 : kernels.ntPackedF32;
      f(pB, pO, pS, pI, pV, m, k, n, 0, n, pP, pBias, pA);
    }
  }
  // the scalar kernel adds no bias
  if (pP < 0 && pBias >= 0) kernels.addBiasF64(pO, pBias, m, n);
  return pool === undefined ? "one" : "columns";
}

/**
 * The sparse BP4 `O = Aᵀ B` (`A` `k x m` and `O` `m x n` in `dtype`; `B`
 * `k x n` as compressed columns from `csr_to_csc`, float64 values; or, with
 * `csc` false, as compressed rows for the scalar float64 kernel, the same
 * bits), split over the rows of O in whole widest blocks or, with at most
 * two and a half of those per thread, over its columns
 * (`BP4_COLUMN_SPLIT_HALF_BLOCKS_PER_THREAD`).
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
 * @returns How it ran.
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
): SparseSplit {
  const f64 = dtype === "float64";
  if (!csc && !f64) throw new Error("The float32 sparse BP4 reads columns");
  // every part passes over all of B's nonzeros once per block of O's rows:
  // parts of whole widest blocks (the scalar kernel's ten, the SIMD ones'
  // SPARSE_BLOCK) make as few passes as one thread does
  const align = !csc ? 10 : SPARSE_BLOCK[dtype];
  const blocks = Math.ceil(m / align), flops = 2 * nonzeros * m;
  if (csc) {
    const pool = evenPool(
      arena,
      threads,
      blocks,
      flops,
      n,
      BP4_COLUMN_SPLIT_HALF_BLOCKS_PER_THREAD,
    );
    if (pool !== undefined) {
      // parts of whole 64-byte lines of O's rows
      pool.run(
        f64 ? KIND_TN_CSC_COLS_F64 : KIND_TN_CSC_COLS_F32,
        n,
        f64 ? 8 : 16,
        // eight parts per thread: columns differ in their nonzeros (a
        // digit's border is blank)
        2 * threads,
        pA,
        pO,
        pS,
        pI,
        pV,
        k,
        m,
        n,
        0,
      );
      return "columns";
    }
  }
  const pool = poolFor(
    arena,
    threads,
    flops,
    blocks,
    csc ? MIN_PARALLEL_FLOPS : MIN_PARALLEL_SCALAR_FLOPS,
  );
  if (pool !== undefined) {
    const kind = !csc
      ? KIND_TN_SPARSE
      : f64
      ? KIND_TN_CSC_F64
      : KIND_TN_CSC_F32;
    pool.run(kind, m, align, threads, pA, pO, pS, pI, pV, k, m, n, 0);
    return "rows";
  }
  const kernels = arena.kernels;
  if (!csc) kernels.tnSparse(pA, pO, pS, pI, pV, k, m, n, 0, m);
  else {
    const f = f64 ? kernels.tnSparseF64 : kernels.tnSparseF32;
    f(pA, pO, pS, pI, pV, k, m, n, 0, m, 0, n);
  }
  return "one";
}

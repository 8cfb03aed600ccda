/**
 * The three float64 products of {@linkcode Matrix} on the SIMD kernels:
 * operands that live in the kernels' memory are read in place, others are
 * copied into a scratch area there (grown to the largest product seen, so
 * repeated products allocate nothing). Without WebAssembly SIMD the
 * TypeScript loops run.
 *
 * @module
 */
import { Arena } from "./arena.ts";
import { denseNN, denseNT } from "./dispatch.ts";
import { gemmNN } from "./gemm_nn.ts";
import { gemmNT } from "./gemm_nt.ts";
import { gemmTN } from "./gemm_tn.ts";
import { defaultThreads } from "./threads.ts";

let scratch:
  | { arena: Arena; at: number; bytes: number; view: Float64Array }
  | undefined;
/** Threads for Matrix's products (see `setMatrixThreads`). */
let threads = defaultThreads();

/**
 * Sets how many threads Matrix's products may use.
 *
 * @param n A positive integer.
 */
export function setMatrixThreads(n: number): void {
  threads = n;
}

/** Byte offsets of the three operands in the arena, staging A and B. */
function stage(
  A: Float64Array,
  B: Float64Array,
  outLength: number,
): { arena: Arena; pA: number; pB: number; pO: number } | undefined {
  const bytes = 8 * (A.length + B.length + outLength) + 192;
  if (scratch === undefined || scratch.bytes < bytes) {
    const arena = scratch?.arena ?? Arena.find(bytes);
    if (arena === undefined) return undefined;
    if (scratch !== undefined) scratch.arena.free(scratch.at);
    const at = arena.alloc(bytes);
    scratch = undefined;
    if (at === undefined) return undefined;
    scratch = { arena, at, bytes, view: arena.f64(at, bytes >> 3) };
  }
  const { arena, at, view } = scratch;
  const round = (n: number) => Math.ceil((8 * n) / 64) * 64;
  const place = (X: Float64Array, off: number): number => {
    if (arena.owns(X)) return X.byteOffset;
    view.set(X, (off - at) >> 3); // no view made per call
    return off;
  };
  const pA = place(A, at);
  const pB = place(B, at + round(A.length));
  return { arena, pA, pB, pO: at + round(A.length) + round(B.length) };
}

function finish(pO: number, O: Float64Array): void {
  const { at, view } = scratch!;
  for (let i = 0, j = (pO - at) >> 3; i < O.length; i++, j++) O[i] = view[j]!;
}

/**
 * `O = A Bᵀ`, `A` `m x k`, `B` `n x k`, `O` `m x n` (row-major).
 *
 * @param A Left.
 * @param B Right.
 * @param O Result; overwritten.
 * @param m Rows of A.
 * @param k Columns of A and B.
 * @param n Rows of B.
 *
 * @example
 * ```ts
 * import { productNT } from "./gemm.ts";
 * import assert from "node:assert/strict";
 *
 * const O = new Float64Array(1);
 * productNT(Float64Array.of(1, 2), Float64Array.of(3, 4), O, 1, 2, 1);
 * assert.equal(O[0], 11);
 * ```
 */
export function productNT(
  A: Float64Array,
  B: Float64Array,
  O: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  const s = stage(A, B, O.length);
  if (s === undefined) return gemmNT(A, B, O, m, k, n);
  denseNT(s.arena, "float64", threads, s.pA, s.pB, -1, s.pO, m, k, n);
  finish(s.pO, O);
}

/**
 * `O = A B`, `A` `m x k`, `B` `k x n`, `O` `m x n` (row-major).
 *
 * @param A Left.
 * @param B Right.
 * @param O Result; overwritten.
 * @param m Rows of A.
 * @param k Columns of A, rows of B.
 * @param n Columns of B.
 *
 * @example
 * ```ts
 * import { productNN } from "./gemm.ts";
 * import assert from "node:assert/strict";
 *
 * const O = new Float64Array(2);
 * productNN(Float64Array.of(1, 2), Float64Array.of(1, 0, 0, 1), O, 1, 2, 2);
 * assert.deepEqual([...O], [1, 2]);
 * ```
 */
export function productNN(
  A: Float64Array,
  B: Float64Array,
  O: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  const s = stage(A, B, O.length);
  if (s === undefined) return gemmNN(A, B, O, m, k, n);
  denseNN(
    s.arena,
    "float64",
    threads,
    s.pA,
    8 * k,
    8,
    s.pB,
    s.pO,
    m,
    k,
    n,
    "cols",
  );
  finish(s.pO, O);
}

/**
 * `O = Aᵀ B`, `A` `k x m`, `B` `k x n`, `O` `m x n` (row-major).
 *
 * @param A Left.
 * @param B Right.
 * @param O Result; overwritten.
 * @param k Rows of A and B.
 * @param m Columns of A.
 * @param n Columns of B.
 *
 * @example
 * ```ts
 * import { productTN } from "./gemm.ts";
 * import assert from "node:assert/strict";
 *
 * const O = new Float64Array(2);
 * productTN(Float64Array.of(1, 2), Float64Array.of(3), O, 1, 2, 1);
 * assert.deepEqual([...O], [3, 6]);
 * ```
 */
export function productTN(
  A: Float64Array,
  B: Float64Array,
  O: Float64Array,
  k: number,
  m: number,
  n: number,
): void {
  const s = stage(A, B, O.length);
  if (s === undefined) return gemmTN(A, B, O, k, m, n);
  denseNN(
    s.arena,
    "float64",
    threads,
    s.pA,
    8,
    8 * m,
    s.pB,
    s.pO,
    m,
    k,
    n,
    "rows",
  );
  finish(s.pO, O);
}

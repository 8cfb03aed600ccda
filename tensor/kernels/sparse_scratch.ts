/**
 * A pixel layer's sparse scratch in the arena (see `dense_kernels.ts`): the
 * batch as compressed rows (which `train()` gathers into, then the forward
 * pass needs no copy) and as compressed columns for the SIMD BP4
 * (`csr_to_csc` of `wasm/gen_sparse.ts`), and the room where the SIMD
 * forward packs W. The compression by columns runs on the calling thread,
 * or is posted to a worker with the next batch's gather while the calling
 * thread goes on to the layers above.
 *
 * @module
 */
import type { Arena } from "./arena.ts";
import { hold } from "./arena_views.ts";
import { SparseRows } from "./sparse_rows.ts";
import { KIND_CSC_THEN_GATHER } from "./thread_jobs.ts";
import { type Pool, settleThreads } from "./threads.ts";
import { takeGather, voidGather } from "./gather_plan.ts";
import { countKernel } from "./paths.ts";

/** Largest batch and nonzero count the scratch holds. */
const SPARSE_ROWS = 256;
const SPARSE_NONZEROS = 32768;

/** A posted compression's second kernel's arguments when no gather is
 * planned (0 rows: none). */
const NO_GATHER: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0];

/** Byte offsets of the scratch's arrays (see `csrLayout`). */
export interface CsrLayout {
  /** Compressed rows: starts (i32), columns (i32), values (f64). */
  readonly pS: number;
  readonly pI: number;
  readonly pV: number;
  /** Compressed columns: starts (i32), rows' byte offsets (i32), values. */
  readonly pCS: number;
  readonly pRI: number;
  readonly pCV: number;
  /** All of it, from the first. */
  readonly bytes: number;
}

/** The scratch of an `n_in`-wide layer, from byte `at`. */
function csrLayout(at: number, nIn: number): CsrLayout {
  const round = (bytes: number) => Math.ceil(bytes / 64) * 64;
  const pS = at, pI = pS + round((SPARSE_ROWS + 1) * 4);
  const pV = pI + SPARSE_NONZEROS * 4, pCS = pV + SPARSE_NONZEROS * 8;
  const pRI = pCS + round((nIn + 1) * 4), pCV = pRI + SPARSE_NONZEROS * 4;
  const bytes = pCV + SPARSE_NONZEROS * 8 - at;
  return { pS, pI, pV, pCS, pRI, pCV, bytes };
}

/**
 * One layer's sparse scratch, allocated on first use and held as long as
 * the layer's kernels are reachable.
 *
 * @example
 * ```ts
 * import { DenseKernels } from "./dense_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * // a layer's kernels hand out their scratch's compressed rows
 * const k = DenseKernels.create(784, 10, "float64");
 * const rows = k.batchRows();
 * assert.ok(rows === undefined || rows === k.batchRows());
 * ```
 */
export class SparseScratch {
  readonly #arena: Arena;
  readonly #nIn: number;
  /** Bytes per row of Δ (`n_out` elements), which the columns point into. */
  readonly #rowBytes: number;
  /** Bytes of W, packed. */
  readonly #packBytes: number;
  /** What keeps the scratch alive (the layer's kernels). */
  readonly #owner: object;
  #csr: CsrLayout & { rows: SparseRows } | undefined;
  /** Where the forward packs W, once allocated (-1: no room). */
  #pack: number | undefined;
  /** `csr_to_csc`'s arguments, once the scratch is allocated. */
  #cscArgs: number[] | undefined;
  /** Whether the compression by columns was posted (not waited for yet). */
  #posted = false;
  /** Whether the last forward pass (a training one) already compressed
   * its batch by columns for BP4. */
  #columns = false;

  /**
   * The scratch of a layer (nothing is allocated yet).
   *
   * @param arena The layer's arena.
   * @param nIn n_in.
   * @param nOut n_out.
   * @param size Bytes per element of W and Δ's copy (8 or 4).
   * @param owner What the scratch lives as long as.
   */
  constructor(
    arena: Arena,
    nIn: number,
    nOut: number,
    size: number,
    owner: object,
  ) {
    this.#arena = arena;
    this.#nIn = nIn;
    this.#rowBytes = nOut * size;
    this.#packBytes = nIn * nOut * size;
    this.#owner = owner;
  }

  /**
   * The compressed rows in the scratch, for `train()` to gather a batch
   * into, or undefined if the arena has no room.
   *
   * @returns The same object at every call.
   */
  rows(): SparseRows | undefined {
    const arena = this.#arena;
    if (this.#csr === undefined) {
      const at = arena.alloc(csrLayout(0, this.#nIn).bytes);
      if (at === undefined) return undefined;
      this.#csr = { ...csrLayout(at, this.#nIn), rows: new SparseRows() };
      hold(arena, at, [this.#owner, this.#csr.rows]);
    }
    const { pS, pI, pV, rows } = this.#csr;
    const buffer = arena.buffer;
    // point the rows at the memory again (a batch too large for it made
    // gather() allocate plain arrays)
    if (rows.start.buffer !== buffer || rows.value.buffer !== buffer) {
      rows.start = new Int32Array(buffer, pS, SPARSE_ROWS + 1);
      rows.index = new Int32Array(buffer, pI, SPARSE_NONZEROS);
      rows.value = new Float64Array(buffer, pV, SPARSE_NONZEROS);
    }
    return rows;
  }

  /** The scratch's byte offsets (once {@linkcode SparseScratch.fits} said
   * true). */
  get layout(): CsrLayout {
    return this.#csr!;
  }

  /**
   * Copies a batch's compressed rows into the scratch unless already there.
   *
   * @param rows The batch's compressed rows.
   * @param m Its rows.
   * @returns False if the batch is too large for the scratch.
   */
  fits(rows: SparseRows, m: number): boolean {
    const count = rows.start[m]!;
    if (m > SPARSE_ROWS || count > SPARSE_NONZEROS) return false;
    const mine = this.rows();
    if (mine === undefined) return false;
    if (rows.start !== mine.start || rows.index !== mine.index) {
      voidGather(mine);
    }
    if (rows.start !== mine.start) {
      for (let i = 0; i <= m; i++) mine.start[i] = rows.start[i]!;
    }
    if (rows.index !== mine.index || rows.value !== mine.value) {
      for (let t = 0; t < count; t++) {
        mine.index[t] = rows.index[t]!;
        mine.value[t] = rows.value[t]!;
      }
    }
    return true;
  }

  /**
   * Where the forward pass packs W (`n_out·n_in` elements).
   *
   * @returns A byte offset, or -1 if the arena has no room.
   */
  packArea(): number {
    if (this.#pack === undefined) {
      const at = this.#arena.alloc(this.#packBytes);
      this.#pack = at ?? -1;
      if (at !== undefined) hold(this.#arena, at, [this.#owner]);
    }
    return this.#pack;
  }

  /**
   * After a forward pass on the scratch's `m` rows: compresses them by
   * columns for BP4 if `training`, posted to `pool` (with the next batch's
   * gather into the rows, if `gather_plan.ts` has one planned) or here.
   *
   * @param m The batch's rows.
   * @param training Whether BP4 follows.
   * @param pool The pool to post to, or undefined to compress here.
   */
  afterForward(m: number, training: boolean, pool: Pool | undefined): void {
    this.#columns = training;
    if (!training) return;
    if (pool === undefined) {
      this.#toColumns(m);
      return;
    }
    const next = takeGather(this.#csr!.rows);
    pool.post(
      KIND_CSC_THEN_GATHER,
      this.#columnArgs(m),
      next?.args ?? NO_GATHER,
    );
    this.#posted = true;
    countKernel(next ? "wasm.csc.posted.gather" : "wasm.csc.posted", m);
  }

  /**
   * Before BP4 on the scratch's `m` rows: waits for a posted compression,
   * and compresses by columns here if `columns` and the forward pass did
   * not.
   *
   * @param m The batch's rows.
   * @param columns Whether BP4 reads the batch by columns.
   */
  beforeBackward(m: number, columns: boolean): void {
    this.settle();
    if (columns && !this.#columns) this.#toColumns(m);
    this.#columns = false;
  }

  /** Waits for the compression posted by
   * {@linkcode SparseScratch.afterForward}, if any. */
  settle(): void {
    if (!this.#posted) return;
    this.#posted = false;
    settleThreads();
  }

  /** The scratch's `m` rows compressed by columns, here (`csr_to_csc`). */
  #toColumns(m: number): void {
    const a = this.#columnArgs(m);
    this.#arena.kernels.csrToCsc(
      a[0]!,
      a[1]!,
      a[2]!,
      a[3]!,
      a[4]!,
      a[5]!,
      a[6]!,
      a[7]!,
      a[8]!,
    );
  }

  /** `csr_to_csc`'s arguments for the scratch's `m` rows (one array, kept). */
  #columnArgs(m: number): readonly number[] {
    const { pS, pI, pV, pCS, pRI, pCV } = this.#csr!;
    this.#cscArgs ??= [pS, pI, pV, 0, this.#nIn, this.#rowBytes, pCS, pRI, pCV];
    this.#cscArgs[3] = m;
    return this.#cscArgs;
  }
}

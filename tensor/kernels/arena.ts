/**
 * WebAssembly memory for the kernels: an arena is one memory with the
 * kernel modules instantiated on it and a first-fit allocator. Layers keep
 * their weights, gradients and batch buffers there as typed-array views,
 * so the kernels read them in place and worker threads share them.
 *
 * A shared memory grows in place and its views stay valid, so one arena
 * serves the process. A plain memory would detach every view when it grows,
 * so plain arenas have a fixed size and a new one starts when one is full.
 *
 * @module
 */
import { RESERVED_BYTES } from "./memory_layout.ts";
import { type WasmRuntime, wasmRuntime } from "./wasm_runtime.ts";

const PAGE = 65536;
/** Largest shared memory (the modules declare this maximum), in pages. */
const MAX_PAGES = 16384;
/** Size of a plain arena, in pages (64 MiB, reserved lazily by the OS). */
const PLAIN_PAGES = 1024;
const ALIGN = 64;

/** `O = A Bᵀ (+ bias)`; see `wasm/gen_dense.ts`. */
export type NtKernel = (
  pA: number,
  pB: number,
  pBias: number,
  hasBias: number,
  pO: number,
  m: number,
  k: number,
  n: number,
  j0: number,
  j1: number,
) => void;

/** `O = A B` with strided `A`; see `wasm/gen_dense.ts`. */
export type NnKernel = (
  pA: number,
  aRow: number,
  aCol: number,
  pB: number,
  pO: number,
  K: number,
  N: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
) => void;

/**
 * The sparse-input products, for the output range [lo, hi): columns for
 * `nt` (`wasm/sparse_kernels.wat`, the input as compressed rows), rows for
 * `tn` (`wasm/gen_sparse.ts`, the input as compressed columns).
 */
export type SparseKernel = (
  p0: number,
  p1: number,
  p2: number,
  p3: number,
  p4: number,
  m: number,
  k: number,
  n: number,
  lo: number,
  hi: number,
) => void;

/**
 * Compressed rows to compressed columns (pS, pI, pV, m, n, rowBytes, pCS,
 * pRI, pCV); see `wasm/gen_sparse.ts`.
 */
export type CscKernel = (
  pS: number,
  pI: number,
  pV: number,
  m: number,
  n: number,
  rowBytes: number,
  pCS: number,
  pRI: number,
  pCV: number,
) => void;

/**
 * The sparse-input forward product with W packed first (the `nt` arguments,
 * then the packing area's offset, and, float64 only, the bias to add and
 * where to write σ, or -1 each); see `wasm/gen_sparse_nt.ts`.
 */
export type PackedKernel = (
  ...args: [...Parameters<SparseKernel>, pP: number, pBias: number, pA: number]
) => void;

/** The sparse BP4 by compressed columns: the `tn` arguments (rows `i0..i1`
 * of O), then its columns `c0..c1`; see `wasm/gen_sparse_tn.ts`. */
export type TnCscKernel = (
  ...args: [...Parameters<SparseKernel>, c0: number, c1: number]
) => void;

/** W's panels for `nt_rows_*` (`pW`, `k`, `j0`, `j1`, `pP`); see
 * `wasm/gen_sparse_nt.ts`. */
export type PackKernel = (
  pW: number,
  k: number,
  j0: number,
  j1: number,
  pP: number,
) => void;

/** The sparse forward's rows `r0..r1` and columns `j0..j1` against packed
 * panels, with the bias and σ as in {@linkcode PackedKernel}; see
 * `wasm/gen_sparse_nt.ts`. */
export type RowsKernel = (
  pO: number,
  pS: number,
  pI: number,
  pV: number,
  k: number,
  n: number,
  j0: number,
  j1: number,
  r0: number,
  r1: number,
  pP: number,
  pBias: number,
  pA: number,
) => void;

/** SGD's update; see `wasm/sparse_kernels.wat`. */
export type SgdKernel = (
  pW: number,
  pG: number,
  n: number,
  shrink: number,
  eta: number,
  decay: number,
) => void;

/** `out[i] = f(x[i])` for `i < n`, byte offsets; see `wasm/gen_sigmoid.ts`. */
export type VectorKernel = (pX: number, pOut: number, n: number) => void;

/** `out[i] = f(x[i], y[i])` for `i < n`, byte offsets; see
 * `wasm/gen_elementwise.ts`. */
export type VectorKernel2 = (
  pX: number,
  pY: number,
  pOut: number,
  n: number,
) => void;

/** A matrix and a row vector, `m x n` float64, byte offsets; see
 * `rowVectorWat` in `wasm/gen_elementwise.ts`. */
export type RowVectorKernel = (
  pM: number,
  pV: number,
  m: number,
  n: number,
) => void;

/** im2col transposed of `n` images; see `wasm/gen_conv.ts`. */
export type Im2colKernel = (
  pX: number,
  pColsT: number,
  n: number,
  channels: number,
  height: number,
  width: number,
  kh: number,
  kw: number,
  stride: number,
  padTop: number,
  padLeft: number,
  outHeight: number,
  outWidth: number,
) => void;

/** A Conv2D reordering between `F x n·P` and `n x F·P`; see
 * `wasm/gen_conv.ts`. */
export type ConvReorderKernel = (
  p0: number,
  p1: number,
  p2: number,
  filters: number,
  n: number,
  positions: number,
) => void;

/** The kernels of an arena, bound to its memory. */
export interface ArenaKernels {
  /** Dense float64 NT product. */
  ntF64: NtKernel;
  /** Dense float64 NN product. */
  nnF64: NnKernel;
  /** Dense float32 NT product. */
  ntF32: NtKernel;
  /** Dense float32 NN product. */
  nnF32: NnKernel;
  /** Sparse-input NT product (float64). */
  ntSparse: SparseKernel;
  /** Sparse-input NT product, in SIMD against packed weights, float64. */
  ntPackedF64: PackedKernel;
  /** The same, float32 weights and output. */
  ntPackedF32: PackedKernel;
  /** W's panels for the sparse forward split by rows, float64. */
  packF64: PackKernel;
  /** The same in float32. */
  packF32: PackKernel;
  /** The sparse forward's rows against packed panels, float64. */
  ntRowsF64: RowsKernel;
  /** The same in float32. */
  ntRowsF32: RowsKernel;
  /** Sparse-input TN product (float64), scalar, the input as compressed rows. */
  tnSparse: SparseKernel;
  /** Sparse-input TN product, the input as compressed columns, float64. */
  tnSparseF64: TnCscKernel;
  /** The same, float32 Δ and output. */
  tnSparseF32: TnCscKernel;
  /** A sparse input's compressed rows as compressed columns. */
  csrToCsc: CscKernel;
  /** A batch's rows of compressed rows, a memory.copy each (pOrd, m,
   * source start/index/value, batch start/index/value). */
  gatherRows: (
    pOrd: number,
    m: number,
    pSS: number,
    pSI: number,
    pSV: number,
    pDS: number,
    pDI: number,
    pDV: number,
  ) => void;
  /** SGD on float64 weights. */
  sgd: SgdKernel;
  /** SGD on float32 weights (computed in float64, as the scalar loop). */
  sgdF32: SgdKernel;
  /** The multiply-add peak loop, float64 (`n` turns, 48 flops each). */
  peakF64: (n: number, x: number) => number;
  /** The multiply-add peak loop, float32 (`n` turns, 96 flops each). */
  peakF32: (n: number, x: number) => number;
  /** The logistic sigmoid on float64, plain SIMD (the same bits everywhere). */
  sigmoidF64: VectorKernel;
  /** The logistic sigmoid in float32 precision on float64 arrays. */
  sigmoidF32: VectorKernel;
  /** ReLU on float64. */
  reluF64: VectorKernel;
  /** `D = G · σ′(Z)` for ReLU (x = Z, y = G). */
  reluGradF64: VectorKernel2;
  /** `D = G · (A · (1 − A))`, the logistic σ′ (x = A, y = G). */
  sigmoidGradF64: VectorKernel2;
  /** `Z[i][j] += b[j]` on an `m x n` float64 matrix (pZ, pB, m, n). */
  addBiasF64: RowVectorKernel;
  /** A float32 bias added to every row of a float32 matrix, the sums
   * written out as float64 (pZ32, pB, pZ, m, n). */
  /** BP3 of a float32 layer: float64 rows summed into float32 column sums,
   * each partial sum rounded to float32. */
  colSumsF32: RowVectorKernel;
  /** float32 values widened to float64 (pIn, pOut, n). */
  widenF32: VectorKernel;
  /** float64 values rounded to float32 (pIn, pOut, n). */
  narrowF64: VectorKernel;
  addBiasF32: (
    pZ32: number,
    pB: number,
    pZ: number,
    m: number,
    n: number,
  ) => void;
  /** `S[j] = Σ_i D[i][j]`, rows in order, `m x n` float64 (pD, pS, m, n). */
  colSumsF64: RowVectorKernel;
  /** Max-pooling's BP2: adds `G` to `D` at the arg-max cells. */
  maxPoolBackF64: (
    pG: number,
    pArg: number,
    pD: number,
    m: number,
    outputSize: number,
    inputSize: number,
  ) => void;
  /** im2col transposed into float64 `colsT`; see `wasm/gen_conv.ts`. */
  im2colTF64: Im2colKernel;
  /** im2col transposed into float32 `colsT`. */
  im2colTF32: Im2colKernel;
  /** Conv2D's `Zbig` (float64) plus the bias to channel-major rows. */
  convOutF64: ConvReorderKernel;
  /** The same from a float32 `Zbig` and bias. */
  convOutF32: ConvReorderKernel;
  /** Conv2D's δ to `Δbig` (float64), with BP3's sums. */
  convDeltaF64: ConvReorderKernel;
  /** The same into a float32 `Δbig`. */
  convDeltaF32: ConvReorderKernel;
  /** 2x2 max-pooling on float64; see `wasm/gen_pool.ts`. */
  maxPool2F64: (
    pX: number,
    pO: number,
    pArg: number,
    m: number,
    channels: number,
    height: number,
    width: number,
    outHeight: number,
    outWidth: number,
    stride: number,
  ) => void;
}

/**
 * The kernels of a runtime instantiated on a memory.
 *
 * @param rt The compiled modules.
 * @param memory Their memory.
 * @returns The exported functions.
 */
export function instantiate(
  rt: WasmRuntime,
  memory: WebAssembly.Memory,
): ArenaKernels {
  const env = { env: { memory } };
  const dense = new WebAssembly.Instance(rt.dense, env).exports;
  const sparse = new WebAssembly.Instance(rt.sparse, env).exports;
  return {
    ntF64: dense.nt_f64 as NtKernel,
    nnF64: dense.nn_f64 as NnKernel,
    ntF32: dense.nt_f32 as NtKernel,
    nnF32: dense.nn_f32 as NnKernel,
    ntSparse: sparse.nt as SparseKernel,
    ntPackedF64: dense.nt_packed_f64 as PackedKernel,
    ntPackedF32: dense.nt_packed_f32 as PackedKernel,
    packF64: dense.pack_f64 as PackKernel,
    packF32: dense.pack_f32 as PackKernel,
    ntRowsF64: dense.nt_rows_f64 as RowsKernel,
    ntRowsF32: dense.nt_rows_f32 as RowsKernel,
    tnSparse: sparse.tn as SparseKernel,
    tnSparseF64: dense.tn_csc_f64 as TnCscKernel,
    tnSparseF32: dense.tn_csc_f32 as TnCscKernel,
    csrToCsc: dense.csr_to_csc as CscKernel,
    gatherRows: dense.gather_rows as ArenaKernels["gatherRows"],
    sgd: sparse.sgd as SgdKernel,
    sgdF32: dense.sgd_f32 as SgdKernel,
    peakF64: dense.peak_f64 as (n: number, x: number) => number,
    peakF32: dense.peak_f32 as (n: number, x: number) => number,
    sigmoidF64: dense.sigmoid_f64 as VectorKernel,
    maxPool2F64: dense.maxpool2_f64 as ArenaKernels["maxPool2F64"],
    im2colTF64: dense.im2colt_f64 as Im2colKernel,
    im2colTF32: dense.im2colt_f32 as Im2colKernel,
    convOutF64: dense.conv_out_f64 as ConvReorderKernel,
    convOutF32: dense.conv_out_f32 as ConvReorderKernel,
    convDeltaF64: dense.conv_delta_f64 as ConvReorderKernel,
    convDeltaF32: dense.conv_delta_f32 as ConvReorderKernel,
    reluF64: dense.relu_f64 as VectorKernel,
    sigmoidF32: dense.sigmoid_f32 as VectorKernel,
    reluGradF64: dense.relu_grad_f64 as VectorKernel2,
    sigmoidGradF64: dense.sigmoid_grad_f64 as VectorKernel2,
    addBiasF64: dense.add_bias_f64 as RowVectorKernel,
    addBiasF32: dense.add_bias_f32 as ArenaKernels["addBiasF32"],
    colSumsF32: dense.col_sums_f32 as RowVectorKernel,
    widenF32: dense.widen_f32 as VectorKernel,
    narrowF64: dense.narrow_f64 as VectorKernel,
    colSumsF64: dense.col_sums_f64 as RowVectorKernel,
    maxPoolBackF64: dense.maxpool_back_f64 as ArenaKernels["maxPoolBackF64"],
  };
}

let plainDepth = 0;

/**
 * Whether a {@linkcode plainKernels} callback is running: then the
 * element-wise kernels stand aside too.
 *
 * @returns True inside `plainKernels`.
 *
 * @example
 * ```ts
 * import { plainKernels, plainKernelsActive } from "./arena.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(plainKernelsActive(), false);
 * assert.equal(plainKernels(() => plainKernelsActive()), true);
 * ```
 */
export function plainKernelsActive(): boolean {
  return plainDepth > 0;
}

/**
 * Runs `build` with the TypeScript kernels: the layers made inside it keep
 * their parameters in plain typed arrays and compute as they would where
 * WebAssembly is missing. For checks that must reach those paths in a
 * runtime that has WebAssembly (gradcheck's kernel cases, tests).
 *
 * @typeParam T What `build` returns.
 * @param build Makes the layers or networks.
 * @returns What `build` returned.
 *
 * @example
 * ```ts
 * import { plainKernels } from "./arena.ts";
 * import { DenseKernels } from "./dense_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const k = plainKernels(() => DenseKernels.create(3, 2, "float64"));
 * assert.equal(k.inWasm, false);
 * ```
 */
export function plainKernels<T>(build: () => T): T {
  plainDepth++;
  try {
    return build();
  } finally {
    plainDepth--;
  }
}

/**
 * One WebAssembly memory with the kernels on it and an allocator.
 *
 * @example
 * ```ts
 * import { Arena } from "./arena.ts";
 * import assert from "node:assert/strict";
 *
 * const arena = Arena.find(800)!;
 * const at = arena.alloc(800)!;
 * const v = arena.f64(at, 100);
 * assert.ok(arena.owns(v));
 * arena.free(at);
 * ```
 */
export class Arena {
  /** The memory. */
  readonly memory: WebAssembly.Memory;
  /** The runtime whose modules run here. */
  readonly runtime: WasmRuntime;
  /** The kernels, bound to this memory. */
  readonly kernels: ArenaKernels;
  /** Free blocks, by offset: size in bytes. */
  #free = new Map<number, number>();
  /** Allocated blocks: offset → size in bytes. */
  #used = new Map<number, number>();
  /** The first block starts after the fixed bytes (σ's table). */
  #top = RESERVED_BYTES;
  /** Every buffer object this memory has shown (one per growth). */
  #buffers = new WeakSet<ArrayBufferLike>();

  private constructor(rt: WasmRuntime, pages: number) {
    this.runtime = rt;
    this.memory = new WebAssembly.Memory(
      rt.shared
        ? { initial: pages, maximum: MAX_PAGES, shared: true }
        : { initial: pages, maximum: pages },
    );
    this.kernels = instantiate(rt, this.memory);
    this.#buffers.add(this.memory.buffer);
  }

  /**
   * An arena with room for `bytes` more, or undefined without WebAssembly
   * SIMD (or if no memory that large can be had).
   *
   * @param bytes The size of the coming allocation.
   * @returns The process's shared arena, or a plain one with room.
   */
  static find(bytes: number): Arena | undefined {
    if (plainDepth > 0) return undefined;
    const rt = wasmRuntime();
    if (rt === null) return undefined;
    try {
      if (rt.shared) {
        shared ??= new Arena(rt, 16);
        return shared;
      }
      const last = plain.at(-1);
      if (last !== undefined && last.#room() >= bytes + ALIGN) return last;
      const pages = Math.max(
        PLAIN_PAGES,
        Math.ceil((bytes + 2 * ALIGN) / PAGE),
      );
      const arena = new Arena(rt, pages);
      plain.push(arena);
      return arena;
    } catch {
      return undefined;
    }
  }

  /**
   * The arena whose memory a typed array views, if any.
   *
   * @param view The array.
   * @returns The arena, or undefined for a plain array.
   */
  static owning(view: ArrayBufferView): Arena | undefined {
    if (shared?.owns(view)) return shared;
    return plain.find((a) => a.owns(view));
  }

  /** The memory's current buffer. */
  get buffer(): ArrayBufferLike {
    const b = this.memory.buffer;
    this.#buffers.add(b);
    return b;
  }

  #room(): number {
    return this.memory.buffer.byteLength - this.#top;
  }

  /**
   * Called before a block is given back: the thread pool waits there for a
   * job it posted (see `threads.ts`), which may still be writing the block.
   */
  beforeFree: (() => void) | undefined = undefined;

  /**
   * Reserves `bytes` (zeroed), 64-byte aligned.
   *
   * @param bytes How many bytes.
   * @returns The byte offset, or undefined if the memory is full.
   */
  alloc(bytes: number): number | undefined {
    const size = Math.ceil(Math.max(bytes, 1) / ALIGN) * ALIGN;
    let at: number | undefined;
    for (const [offset, free] of this.#free) {
      if (free >= size) {
        at = offset;
        this.#free.delete(offset);
        if (free > size) this.#free.set(offset + size, free - size);
        break;
      }
    }
    if (at === undefined) {
      const end = this.#top + size;
      const have = this.memory.buffer.byteLength;
      if (end > have) {
        if (!this.runtime.shared) return undefined;
        const pages = Math.ceil((end - have) / PAGE);
        if (have / PAGE + pages > MAX_PAGES) return undefined;
        try {
          this.memory.grow(pages);
        } catch {
          return undefined;
        }
      }
      at = this.#top;
      this.#top = end;
    }
    this.#used.set(at, size);
    new Uint8Array(this.buffer, at, size).fill(0);
    return at;
  }

  /**
   * Gives a block back.
   *
   * @param at An offset from {@linkcode Arena.alloc}.
   */
  free(at: number): void {
    this.beforeFree?.();
    const size = this.#used.get(at);
    if (size === undefined) return;
    this.#used.delete(at);
    // merge with the free block right after it
    let total = size;
    const next = this.#free.get(at + size);
    if (next !== undefined) {
      this.#free.delete(at + size);
      total += next;
    }
    if (at + total === this.#top) this.#top = at;
    else this.#free.set(at, total);
  }

  /**
   * A float64 view.
   *
   * @param at Byte offset.
   * @param length Elements.
   * @returns The view.
   */
  f64(at: number, length: number): Float64Array {
    return new Float64Array(this.buffer, at, length);
  }

  /**
   * A float32 view.
   *
   * @param at Byte offset.
   * @param length Elements.
   * @returns The view.
   */
  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.buffer, at, length);
  }

  /**
   * Whether a typed array is a view into this memory.
   *
   * @param view The array.
   * @returns True if the kernels can read it in place.
   */
  owns(view: ArrayBufferView): boolean {
    return this.#buffers.has(view.buffer);
  }
}

let shared: Arena | undefined;
const plain: Arena[] = [];

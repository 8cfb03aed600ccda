/**
 * How a Dense layer's three products run: where its weights, gradients and
 * batch buffers live (WebAssembly memory when the runtime has SIMD, else
 * plain arrays), which kernel runs (SIMD dense, scalar sparse for pixel
 * inputs, or the TypeScript loops), in which dtype, and on how many
 * threads. The layer only says what it computes.
 *
 * @module
 */
import { Arena, plainKernelsActive } from "./arena.ts";
import { carve, type FloatArray } from "./arena_views.ts";
import {
  SPARSE_MAX_DENSITY,
  SPARSE_MIN_WIDTH,
  sparseOf,
  SparseRows,
} from "./sparse_rows.ts";
import { gemmNT, gemmNTSparse } from "./gemm_nt.ts";
import { gemmTN, gemmTNSparse } from "./gemm_tn.ts";
import { gemmNN } from "./gemm_nn.ts";
import { denseNN, denseNT } from "./dispatch.ts";
import { sparseNT, sparseTN } from "./dispatch_sparse.ts";
import { postFor } from "./threads.ts";
import { SparseScratch } from "./sparse_scratch.ts";
import { countKernel } from "./paths.ts";
import { ByBatchSize } from "../by_batch_size.ts";

/** The element type of a layer's parameters and products. */
export type DType = "float64" | "float32";

/** The dtypes, for messages. */
export const DTYPES: readonly DType[] = ["float64", "float32"];

export type { FloatArray };

/** The float64 buffers of one batch size (the layer's matrices). */
export interface DenseBuffers {
  /** `Z`, `m x n_out`. */
  readonly z: Float64Array;
  /** `A = σ(Z)`, `m x n_out`. */
  readonly a: Float64Array;
  /** `Δ = ∂C/∂Z`, `m x n_out`. */
  readonly delta: Float64Array;
  /** `∂C/∂A_in = Δ W`, `m x n_in`. */
  readonly inputGrad: Float64Array;
}

/** A batch input: row-major float64 values. */
export interface BatchInput {
  /** `m x n_in` values. */
  readonly data: Float64Array;
  /** m. */
  readonly rows: number;
  /** n_in. */
  readonly cols: number;
}

/**
 * The sparse forward packs W (a copy of it, transposed by blocks) for its
 * SIMD kernel from this many nonzeros per input column of the batch on
 * (on MNIST's pixels, a batch of about 20 rows); below, the copy costs more
 * than it saves and the scalar kernel runs (the same bits either way).
 */
export const PACK_MIN_NONZEROS = 4;

/**
 * The scalar sparse kernels beat the SIMD dense ones below this density
 * (measured at the chapter's first layer; see `bench/kernels_bench.ts`).
 */
export const SPARSE_WASM_DENSITY = 0.3;

interface Block {
  /** Byte offset in the arena, or -1 for plain arrays. */
  at: number;
  buffers: DenseBuffers;
  /** float64: the input staged in the arena; float32: the input as f32. */
  x: FloatArray | undefined;
  /** float32 only: Z, Δ and Δ W in f32. */
  z32: Float32Array | undefined;
  d32: Float32Array | undefined;
  /** Δᵀ (`n_out x m`) in the dtype, which BP4 reads row by row. */
  dt: FloatArray | undefined;
  g32: Float32Array | undefined;
}

/** The kernels holding a weights array. */
const owners = new WeakMap<FloatArray, DenseKernels>();

/**
 * A Dense layer's storage and products.
 *
 * @example
 * ```ts
 * import { DenseKernels } from "./dense_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const k = DenseKernels.create(2, 1, "float64");
 * k.weights.set([3, 4]);
 * k.bias[0] = 1;
 * const buf = k.buffers(1);
 * k.forward({ data: Float64Array.of(1, 2), rows: 1, cols: 2 }, buf);
 * assert.equal(buf.z[0], 12);
 * ```
 */
export class DenseKernels {
  /** The dtype of the parameters and products. */
  readonly dtype: DType;
  /** n_in. */
  readonly nIn: number;
  /** Most threads a product may use (1: the calling thread only). */
  threads = 1;
  /** n_out. */
  readonly nOut: number;
  /** `W`, `n_out x n_in`. */
  readonly weights: FloatArray;
  /** `∂C/∂W`. */
  readonly weightGrad: FloatArray;
  /** `b`. */
  readonly bias: FloatArray;
  /** `∂C/∂b`. */
  readonly biasGrad: FloatArray;
  readonly #arena: Arena | undefined;
  /** Byte offset of W, ∂C/∂W, b, ∂C/∂b in the arena. */
  readonly #at: number;
  /** The last four sizes are kept; an evicted block is freed once no view
   * of it is reachable. */
  readonly #blocks = new ByBatchSize((m) => this.#makeBlock(m));
  /** The last forward pass's input, in the form BP4 reads it. */
  #input: BatchInput = { data: new Float64Array(0), rows: 0, cols: 0 };
  #inputAt = 0;
  #sparseRows: SparseRows | undefined;
  #compressed = new SparseRows();
  /** The pixel batch's scratch in the arena (undefined without one). */
  readonly #scratch: SparseScratch | undefined;
  #path: "sparse-wasm" | "sparse-ts" | "dense" = "dense";
  /** The last sparse forward pass's nonzeros (its rows may since hold the
   * next batch, gathered ahead). */
  #count = 0;
  private constructor(nIn: number, nOut: number, dtype: DType) {
    this.dtype = dtype;
    this.nIn = nIn;
    this.nOut = nOut;
    const size = dtype === "float64" ? 8 : 4, w = nIn * nOut;
    const bytes = (n: number) => Math.ceil((n * size) / 64) * 64;
    const arena = Arena.find(2 * bytes(w) + 2 * bytes(nOut));
    const { at, views } = carve(arena, [
      ["w", w, size],
      ["g", w, size],
      ["b", nOut, size],
      ["gb", nOut, size],
    ], [this]);
    this.#arena = at < 0 ? undefined : arena;
    this.#at = at;
    this.weights = views.w!;
    this.weightGrad = views.g!;
    this.bias = views.b!;
    this.biasGrad = views.gb!;
    this.#scratch = this.#arena === undefined
      ? undefined
      : new SparseScratch(this.#arena, nIn, nOut, size, this);
    owners.set(this.weights, this);
  }

  /**
   * The kernels of an `n_in -> n_out` layer.
   *
   * @param nIn n_in.
   * @param nOut n_out.
   * @param dtype float64 or float32.
   * @returns The kernels, with zero parameters.
   */
  static create(nIn: number, nOut: number, dtype: DType): DenseKernels {
    return new DenseKernels(nIn, nOut, dtype);
  }

  /**
   * The kernels whose weights these are.
   *
   * @param weights A layer's `W`.
   * @returns Its kernels, or undefined.
   */
  static of(weights: FloatArray): DenseKernels | undefined {
    return owners.get(weights);
  }

  /** Whether the products run in WebAssembly. */
  get inWasm(): boolean {
    return this.#arena !== undefined;
  }

  /** The arena (for SGD's update and the thread pool). */
  get arena(): Arena | undefined {
    return this.#arena;
  }

  /** Byte offsets of W and ∂C/∂W in the arena (-1 without one). */
  get offsets(): { w: number; g: number } {
    const size = this.dtype === "float64" ? 8 : 4;
    const w = Math.ceil((this.nIn * this.nOut * size) / 64) * 64;
    return { w: this.#at, g: this.#at < 0 ? -1 : this.#at + w };
  }

  /**
   * The buffers for batches of `m` rows, allocated at the first call for
   * each `m` (the last four sizes are kept).
   *
   * @param m Rows.
   * @returns Z, A, Δ and ∂C/∂A_in.
   */
  buffers(m: number): DenseBuffers {
    return this.#blocks.get(m).buffers;
  }

  #makeBlock(m: number): Block {
    const n = this.nOut, k = this.nIn, f32 = this.dtype === "float32";
    const sizes: [string, number, 4 | 8][] = [
      ["z", m * n, 8],
      ["a", m * n, 8],
      ["delta", m * n, 8],
      ["inputGrad", m * k, 8],
      ["x", m * k, f32 ? 4 : 8],
      ["dt", m * n, f32 ? 4 : 8],
    ];
    if (f32) {
      sizes.push(["z32", m * n, 4], ["d32", m * n, 4], ["g32", m * k, 4]);
    }
    const { at, views } = carve(this.#arena, sizes);
    return {
      at,
      buffers: {
        z: views.z as Float64Array,
        a: views.a as Float64Array,
        delta: views.delta as Float64Array,
        inputGrad: views.inputGrad as Float64Array,
      },
      x: views.x,
      z32: views.z32 as Float32Array | undefined,
      d32: views.d32 as Float32Array | undefined,
      dt: views.dt,
      g32: views.g32 as Float32Array | undefined,
    };
  }

  /**
   * Compressed rows in this layer's memory, for `train()` to gather a
   * pixel batch into (then the forward pass needs no copy), or undefined
   * if the layer does not take that path.
   *
   * @returns The same object at every call.
   */
  batchRows(): SparseRows | undefined {
    return this.#scratch?.rows();
  }

  /**
   * `Z = X Wᵀ + 1 bᵀ` into `buf.z`, for the `m = input.rows` rows of
   * `input` (which BP4 then reads: keep it unchanged until
   * {@linkcode DenseKernels.backward}).
   *
   * @param input `X`, `m x n_in`; its compressed rows are used if a
   * trainer attached them (`attachSparse`).
   * @param buf The buffers of `m` rows.
   * @param training Whether BP4 follows: the sparse path then compresses
   * the batch by columns for it while the workers start the product.
   * @param sigmoid Whether the layer's σ is the logistic sigmoid, which a
   * float64 layer's product may then apply itself, `buf.a = σ(Z)` with
   * `wasm/gen_sigmoid.ts` (the same bits as the activation's `apply`), in
   * the parts that computed the rows while those are in cache.
   * @returns Whether `buf.a` now holds `σ(Z)` (else the caller applies the
   * activation).
   */
  forward(
    input: BatchInput,
    buf: DenseBuffers,
    training = false,
    sigmoid = false,
  ): boolean {
    this.#scratch?.settle();
    const m = input.rows, k = this.nIn, n = this.nOut;
    const block = this.#blocks.get(m);
    this.#input = input;
    let rows = sparseOf(input);
    const arena = this.#arena;
    if (arena === undefined || block.at < 0) {
      // TypeScript kernels on plain arrays (no WebAssembly here)
      if (
        rows === undefined && k >= SPARSE_MIN_WIDTH &&
        this.#compressed.compress(input.data, m, k, SPARSE_MAX_DENSITY)
      ) rows = this.#compressed;
      this.#sparseRows = rows;
      this.#path = rows ? "sparse-ts" : "dense";
      const W = this.weights as Float64Array, Z = buf.z;
      if (rows) gemmNTSparse(rows, W, Z, m, k, n);
      else gemmNT(input.data, W, Z, m, k, n);
      countKernel(rows ? "gemmNTSparse" : "gemmNT", m);
      addBias(Z, this.bias, m, n);
      return false;
    }
    const scratch = this.#scratch!;
    const count = rows?.start[m] ?? 0, f64 = this.dtype === "float64";
    const sparse = rows !== undefined && count <= SPARSE_WASM_DENSITY * m * k;
    // float64 has a scalar kernel for small batches; float32 packs or is dense
    const pP = sparse && count >= PACK_MIN_NONZEROS * k
      ? scratch.packArea()
      : -1;
    if (sparse && (f64 || pP >= 0) && scratch.fits(rows!, m)) {
      this.#path = "sparse-wasm";
      const { pS, pI, pV } = scratch.layout;
      this.#sparseRows = scratch.rows();
      this.#count = count;
      const z = f64 ? buf.z : block.z32!;
      // BP4 reads the batch by columns exactly when W is packed here
      const early = training && pP >= 0;
      // (inside plainKernels, σ stands aside as the activation's does)
      const fuse = f64 && sigmoid && arena.owns(buf.a) &&
        !plainKernelsActive();
      const pA = fuse ? buf.a.byteOffset : -1;
      const split = sparseNT(
        arena,
        this.dtype,
        this.threads,
        count,
        this.#at,
        z.byteOffset,
        pS,
        pI,
        pV,
        m,
        k,
        n,
        pP,
        f64 ? this.bias.byteOffset : -1,
        pA,
      );
      // a product split between threads: a worker compresses the batch
      // while this thread goes on to the layers above; else this thread
      // does (the compressed batch would cross between cores for nothing:
      // sparseNT's evenPool)
      scratch.afterForward(
        m,
        early,
        early && split !== "one" ? postFor(arena, this.threads) : undefined,
      );
      // split over Z's columns in blocks (".threads") or over its rows
      const by = split === "one" ? "" : split === "rows" ? ".rows" : ".threads";
      countKernel(
        pP < 0
          ? `wasm.nt${by}`
          : f64
          ? `wasm.nt.packed${by}`
          : `wasm.nt.packed.f32${by}`,
        m,
      );
      if (!f64) {
        // Z = fround(Z32 + b), widened: in SIMD where Z is in the arena
        // (102,400 values at 784 -> 1024: 18 µs against 60 in TypeScript)
        const z32 = block.z32!;
        if (arena.owns(buf.z)) {
          arena.kernels.addBiasF32(
            z32.byteOffset,
            this.bias.byteOffset,
            buf.z.byteOffset,
            m,
            n,
          );
        } else addBias32(buf.z, z32, this.bias, m, n);
      }
      return pP >= 0 && pA >= 0;
    }
    this.#path = "dense";
    this.#sparseRows = undefined;
    // the input where the kernels read it: in place, or staged (as f32)
    let pX: number;
    if (
      this.dtype === "float64" && rows === undefined && arena.owns(input.data)
    ) {
      pX = input.data.byteOffset;
    } else {
      const x = block.x!;
      if (rows !== undefined) scatter(rows, m, k, x);
      else convert(arena, input.data, x, m * k);
      pX = x.byteOffset;
    }
    this.#inputAt = pX;
    const biasAt = this.bias.byteOffset;
    if (this.dtype === "float64") {
      const split = denseNT(
        arena,
        "float64",
        this.threads,
        pX,
        this.#at,
        biasAt,
        buf.z.byteOffset,
        m,
        k,
        n,
      );
      countKernel(split ? "simd.nt.threads" : "simd.nt", m);
    } else {
      const z32 = block.z32!;
      const split = denseNT(
        arena,
        "float32",
        this.threads,
        pX,
        this.#at,
        biasAt,
        z32.byteOffset,
        m,
        k,
        n,
      );
      countKernel(split ? "simd.nt.f32.threads" : "simd.nt.f32", m);
      convert(arena, z32, buf.z, m * n);
    }
    return false;
  }

  /**
   * BP4 `∂C/∂W = Δᵀ X`, BP3 `∂C/∂b = Σ_rows Δ` and, if asked, `∂C/∂X = Δ W`,
   * from `buf.delta` and the last forward pass's input.
   *
   * @param buf The buffers of the last forward pass.
   * @param needInputGrad Whether to compute `buf.inputGrad`.
   */
  backward(buf: DenseBuffers, needInputGrad: boolean): void {
    const D = buf.delta, m = this.#input.rows, n = this.nOut, k = this.nIn;
    const gb = this.biasGrad;
    const arena = this.#arena, block = this.#blocks.get(m);
    // BP3: ∂C/∂b = Σ over the batch's rows of Δ, rows in order (a float32
    // layer's ∂C/∂b is float32: each partial sum is rounded to float32, in
    // SIMD as in the loop)
    if (arena !== undefined && block.at >= 0 && arena.owns(D)) {
      const f = this.dtype === "float64"
        ? arena.kernels.colSumsF64
        : arena.kernels.colSumsF32;
      f(D.byteOffset, gb.byteOffset, m, n);
    } else {
      for (let j = 0; j < n; j++) gb[j] = 0;
      for (let i = 0; i < m * n; i += n) {
        for (let j = 0; j < n; j++) gb[j]! += D[i + j]!;
      }
    }
    if (arena === undefined || block.at < 0) {
      const W = this.weights as Float64Array;
      const gW = this.weightGrad as Float64Array;
      const rows = this.#sparseRows;
      if (rows) gemmTNSparse(D, rows, gW, m, n, k);
      else gemmTN(D, this.#input.data, gW, m, n, k);
      countKernel(rows ? "gemmTNSparse" : "gemmTN", m);
      if (needInputGrad) {
        gemmNN(D, W, buf.inputGrad, m, n, k);
        countKernel("gemmNN", m);
      }
      return;
    }
    const g = this.offsets.g;
    if (this.#path === "sparse-wasm") {
      // the SIMD BP4 reads the pixels by columns (wasm/gen_sparse.ts), Δ by
      // rows; the scalar one, for small batches, the pixels by rows
      const f64 = this.dtype === "float64";
      const { pS, pI, pV, pCS, pRI, pCV } = this.#scratch!.layout;
      const count = this.#count;
      const csc = !f64 || count >= PACK_MIN_NONZEROS * k;
      this.#scratch!.beforeBackward(m, csc);
      let A: FloatArray = D;
      if (!f64) {
        A = block.d32!;
        convert(arena, D, A, m * n);
      }
      const split = sparseTN(
        arena,
        this.dtype,
        this.threads,
        count,
        A.byteOffset,
        g,
        csc ? pCS : pS,
        csc ? pRI : pI,
        csc ? pCV : pV,
        m,
        n,
        k,
        csc,
      );
      // split over ∂C/∂W's rows in blocks (".threads") or over its columns
      const by = split === "one" ? "" : split === "rows" ? ".threads" : ".cols";
      countKernel(
        !csc
          ? `wasm.tn${by}`
          : f64
          ? `wasm.tn.csc${by}`
          : `wasm.tn.csc.f32${by}`,
        m,
      );
      if (needInputGrad) {
        if (f64) this.#inputGradF64(arena, buf, m);
        else this.#inputGradF32(arena, buf, block, m, false);
      }
      return;
    }
    // BP4 reads Δ by columns: transposed first, so that it reads rows (a
    // column of Δ is strided by n_out, and with n_out a multiple of 512 all
    // its elements fall in one L1 set)
    const dt = block.dt!, f64 = this.dtype === "float64", size = f64 ? 8 : 4;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) dt[j * m + i] = D[i * n + j]!;
    }
    const splitTN = denseNN(
      arena,
      this.dtype,
      this.threads,
      dt.byteOffset,
      m * size,
      size,
      this.#inputAt,
      g,
      n,
      m,
      k,
      "rows",
    );
    countKernel(
      f64
        ? (splitTN ? "simd.tn.threads" : "simd.tn")
        : (splitTN ? "simd.tn.f32.threads" : "simd.tn.f32"),
      m,
    );
    if (!needInputGrad) return;
    if (f64) {
      this.#inputGradF64(arena, buf, m);
      return;
    }
    this.#inputGradF32(arena, buf, block, m, true);
  }

  /** BP2's first half in float32: `∂C/∂X = Δ W`, from Δ rounded (again,
   * unless `round` is false and `block.d32` already holds it). */
  #inputGradF32(
    arena: Arena,
    buf: DenseBuffers,
    block: Block,
    m: number,
    round: boolean,
  ): void {
    const n = this.nOut, k = this.nIn, D = buf.delta;
    const d32 = block.d32!, g32 = block.g32!, G = buf.inputGrad;
    if (round) convert(arena, D, d32, m * n);
    const split = denseNN(
      arena,
      "float32",
      this.threads,
      d32.byteOffset,
      n * 4,
      4,
      this.#at,
      g32.byteOffset,
      m,
      n,
      k,
      "cols",
    );
    countKernel(split ? "simd.nn.f32.threads" : "simd.nn.f32", m);
    convert(arena, g32, G, m * k);
  }

  /** BP2's first half in float64: `∂C/∂X = Δ W`, Δ read in place. */
  #inputGradF64(arena: Arena, buf: DenseBuffers, m: number): void {
    const n = this.nOut, k = this.nIn;
    const split = denseNN(
      arena,
      "float64",
      this.threads,
      buf.delta.byteOffset,
      n * 8,
      8,
      this.#at,
      buf.inputGrad.byteOffset,
      m,
      n,
      k,
      "cols",
    );
    countKernel(split ? "simd.nn.threads" : "simd.nn", m);
  }
}

/** `Z += 1 bᵀ`. */
function addBias(Z: Float64Array, b: FloatArray, m: number, n: number): void {
  for (let i = 0; i < m * n; i += n) {
    for (let j = 0; j < n; j++) Z[i + j]! += b[j]!;
  }
}

/** `Z = Z32 + 1 bᵀ`, each sum rounded to float32 (as the dense kernel's). */
function addBias32(
  Z: Float64Array,
  Z32: Float32Array,
  b: FloatArray,
  m: number,
  n: number,
): void {
  for (let i = 0; i < m * n; i += n) {
    for (let j = 0; j < n; j++) Z[i + j] = Math.fround(Z32[i + j]! + b[j]!);
  }
}

/**
 * `out[i] = x[i]` for `i < n`, each value converted as a typed array's
 * store converts it: float32 widened to float64 or float64 rounded to
 * float32 in SIMD (`widen_f32`, `narrow_f64`) where both are in the arena,
 * else in a loop.
 */
function convert(
  arena: Arena,
  x: FloatArray,
  out: FloatArray,
  n: number,
): void {
  if (arena.owns(x) && arena.owns(out)) {
    const k = arena.kernels;
    if (x instanceof Float32Array && out instanceof Float64Array) {
      return k.widenF32(x.byteOffset, out.byteOffset, n);
    }
    if (x instanceof Float64Array && out instanceof Float32Array) {
      return k.narrowF64(x.byteOffset, out.byteOffset, n);
    }
  }
  for (let i = 0; i < n; i++) out[i] = x[i]!;
}

/** Writes compressed rows out dense. */
function scatter(rows: SparseRows, m: number, k: number, x: FloatArray): void {
  x.fill(0, 0, m * k);
  const start = rows.start, index = rows.index, value = rows.value;
  for (let i = 0; i < m; i++) {
    for (let t = start[i]!, to = start[i + 1]!; t < to; t++) {
      x[i * k + index[t]!] = value[t]!;
    }
  }
}

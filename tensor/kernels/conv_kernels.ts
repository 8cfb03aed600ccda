/**
 * How a Conv2D layer's three products run: where its kernels, gradients
 * and scratch live (WebAssembly memory when the runtime has SIMD, else
 * plain arrays), which kernel runs, in which dtype and on how many
 * threads. The layer only says what it computes.
 *
 * In WebAssembly the products are lowered onto the dense SIMD kernels with
 * im2col *transposed*: `colsT` (`E x m·P`, `E = channels·kh·kw` window
 * entries, `P` output positions per image) holds every window as a column.
 *
 * - forward: `Zbig = K colsT` (`F x m·P`, `denseNN`), then `z[i][f][p] =
 *   Zbig[f][i·P + p] + b_f` (the layer's channel-major rows);
 * - BP3 while `Δ` is reordered to `Δbig` (`F x m·P`):
 *   `∂C/∂b_f = Σ_i Σ_p δ_{i,f,p}`;
 * - BP4: `∂C/∂K = Δbig colsTᵀ` (`F x E`, `denseNT`, summed over m·P);
 * - BP2's first half: `dcolsT = Kᵀ Δbig` (`denseNN` reading K
 *   transposed), added back to the input positions by col2im.
 *
 * Big batches go through in chunks of images (at most {@linkcode
 * CONV_CHUNK_BYTES} of `colsT`), so the scratch stays small whatever the
 * batch; the chunks depend only on the batch size and dtype, so the same
 * seed, dtype and thread count give the same bits. Where WebAssembly is
 * missing, the TypeScript loops run: im2col and the Matrix kernels, or the
 * scatter of a sparse input's nonzeros (`conv_sparse.ts`).
 *
 * @module
 */
import { Arena } from "./arena.ts";
import { carve, type FloatArray } from "./arena_views.ts";
import type { BatchInput, DType } from "./dense_kernels.ts";
import { denseNN, denseNT } from "./dispatch.ts";
import { countKernel } from "./paths.ts";
import { ByBatchSize } from "../by_batch_size.ts";
import {
  SPARSE_MAX_DENSITY,
  SPARSE_MIN_WIDTH,
  sparseOf,
  SparseRows,
} from "./sparse_rows.ts";
import { col2im, col2imT, type Geometry, im2col } from "./im2col.ts";
import { sparseConvForward, sparseKernelGradient } from "./conv_sparse.ts";
import { gemmNT } from "./gemm_nt.ts";
import { gemmTN } from "./gemm_tn.ts";
import { gemmNN } from "./gemm_nn.ts";

/**
 * Most bytes of `colsT` per chunk of images (its `Zbig` and `dcolsT` are
 * of the same order): 8 MiB, beyond which a bigger chunk gains nothing.
 */
export const CONV_CHUNK_BYTES: number = 8 * 1024 * 1024;

/** The WebAssembly scratch for chunks of up to `images` images. */
interface Chunk {
  at: number;
  /** im2col transposed, `E x n·P`. */
  colsT: FloatArray;
  /** `Zbig` in forward, then `Δbig`, `F x n·P`. */
  big: FloatArray;
  /** `Kᵀ Δbig`, `E x n·P`. */
  dcolsT: FloatArray;
  /** BP4 of the chunks after the first, `F x E`. */
  gk: FloatArray;
  /** The chunk's input images, when the input is outside the arena. */
  x: Float64Array;
}

/** The counted path names per dtype: [one thread, split] per product. */
const PATHS = {
  float64: {
    z: ["simd.conv.z", "simd.conv.z.threads"],
    dk: ["simd.conv.dk", "simd.conv.dk.threads"],
    dx: ["simd.conv.dx", "simd.conv.dx.threads"],
  },
  float32: {
    z: ["simd.conv.z.f32", "simd.conv.z.f32.threads"],
    dk: ["simd.conv.dk.f32", "simd.conv.dk.f32.threads"],
    dx: ["simd.conv.dx.f32", "simd.conv.dx.f32.threads"],
  },
} as const;

/** The TypeScript path's buffers for a batch of m images. */
interface Plain {
  /** im2col: one row per (image, output position), `m·P x E`. */
  cols: Float64Array;
  /** `Z`, then `Δ`, position-major, `m·P x F`. */
  zt: Float64Array;
  /** `Δt K`, made on the first backward that needs the input gradient. */
  dcols: Float64Array | undefined;
}

/**
 * A Conv2D layer's storage and products.
 *
 * @example A 1x3x3 image, one 2x2 kernel of ones
 * ```ts
 * import { ConvKernels } from "./conv_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const g = { channels: 1, height: 3, width: 3, kh: 2, kw: 2, stride: 1, outHeight: 2, outWidth: 2, padTop: 0, padLeft: 0 };
 * const k = ConvKernels.create(g, 1, "float64");
 * k.kernels.fill(1);
 * k.bias[0] = 0.5;
 * const z = new Float64Array(4);
 * k.forward({ data: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), rows: 1, cols: 9 }, z);
 * assert.deepEqual([...z], [12.5, 16.5, 24.5, 28.5]);
 * ```
 */
export class ConvKernels {
  /** The dtype of the parameters and products. */
  readonly dtype: DType;
  /** Where the windows lie. */
  readonly geometry: Geometry;
  /** F, the number of filters. */
  readonly filters: number;
  /** Most threads a product may use (1: the calling thread only). */
  threads = 1;
  /** `K`, `F x E` (E = channels·kh·kw), row-major. */
  readonly kernels: FloatArray;
  /** `∂C/∂K`. */
  readonly kernelGrad: FloatArray;
  /** `b`, one per filter. */
  readonly bias: FloatArray;
  /** `∂C/∂b`. */
  readonly biasGrad: FloatArray;
  readonly #arena: Arena | undefined;
  /** E and P. */
  readonly #patch: number;
  /** Values per input image, `channels·height·width`. */
  readonly #imageSize: number;
  readonly #positions: number;
  /** Images per chunk at most. */
  readonly #chunkImages: number;
  /** The last four sizes are kept; an evicted chunk is freed once no view
   * of it is reachable. */
  #chunks = new ByBatchSize((n) => this.#makeChunk(n));
  #plain = new ByBatchSize((m) => this.#makePlain(m));
  /** The last forward pass's input and whether it ran in WebAssembly. */
  #input: BatchInput = { data: new Float64Array(0), rows: 0, cols: 0 };
  #inWasm = false;
  /** The TypeScript path: the input's nonzeros when sparse, else undefined. */
  #sparseInput: SparseRows | undefined;
  #sparse = new SparseRows();
  /** The TypeScript path: `K` transposed (`E x F`) for the sparse products. */
  #kt: Float64Array | undefined;
  /** BP3's sums in float64. */
  readonly #gb: Float64Array;

  private constructor(
    g: Geometry,
    filters: number,
    dtype: DType,
    chunkBytes: number,
  ) {
    this.dtype = dtype;
    this.geometry = { ...g };
    this.filters = filters;
    const E = this.#patch = g.channels * g.kh * g.kw;
    const P = this.#positions = g.outHeight * g.outWidth;
    this.#imageSize = g.channels * g.height * g.width;
    const size = dtype === "float64" ? 8 : 4, w = filters * E;
    const bytes = (n: number) => Math.ceil((n * size) / 64) * 64;
    const arena = Arena.find(2 * bytes(w) + 2 * bytes(filters));
    const { at, views } = carve(arena, [
      ["k", w, size],
      ["g", w, size],
      ["b", filters, size],
      ["gb", filters, size],
      ["sums", filters, 8],
    ], [this]);
    this.#arena = at < 0 ? undefined : arena;
    this.kernels = views.k!;
    this.kernelGrad = views.g!;
    this.bias = views.b!;
    this.biasGrad = views.gb!;
    this.#chunkImages = Math.max(
      1,
      Math.floor(chunkBytes / (Math.max(E, filters) * P * size)),
    );
    this.#gb = views.sums as Float64Array;
  }

  /**
   * The kernels of a convolution.
   *
   * @param geometry Where the windows lie.
   * @param filters F.
   * @param dtype float64 or float32.
   * @param chunkBytes Most bytes of `colsT` per chunk of images (tests
   * pass a small value to reach the chunked path with small images).
   * @returns The kernels, with zero parameters.
   */
  static create(
    geometry: Geometry,
    filters: number,
    dtype: DType,
    chunkBytes: number = CONV_CHUNK_BYTES,
  ): ConvKernels {
    return new ConvKernels(geometry, filters, dtype, chunkBytes);
  }

  /** Whether the products run in WebAssembly. */
  get inWasm(): boolean {
    return this.#arena !== undefined;
  }

  /** The arena of the kernels (for the layer's batch matrices), if any. */
  get arena(): Arena | undefined {
    return this.#arena;
  }

  /**
   * How many images a batch of `m` goes through at a time in WebAssembly.
   *
   * @param m Images in the batch.
   * @returns Images per chunk (the last chunk may have fewer).
   */
  chunkImages(m: number): number {
    return Math.min(m, this.#chunkImages);
  }

  #makeChunk(n: number): Chunk {
    const E = this.#patch, F = this.filters, cols = n * this.#positions;
    const size = this.dtype === "float64" ? 8 : 4;
    const { at, views } = carve(this.#arena, [
      ["colsT", E * cols, size],
      ["big", F * cols, size],
      ["dcolsT", E * cols, size],
      ["gk", F * E, size],
      ["x", n * this.#imageSize, 8],
    ]);
    return {
      at,
      colsT: views.colsT!,
      big: views.big!,
      dcolsT: views.dcolsT!,
      gk: views.gk!,
      x: views.x as Float64Array,
    };
  }

  /**
   * `z = K ⋆ input + b` (cross-correlation), channel-major rows. BP4 and
   * BP2 read `input` again: keep it unchanged until
   * {@linkcode ConvKernels.backward}.
   *
   * @param input `m` images, channel-major rows.
   * @param z Receives `m x F·P`.
   */
  forward(input: BatchInput, z: Float64Array): void {
    const m = input.rows;
    this.#input = input;
    const arena = this.#arena;
    const chunk = arena === undefined
      ? undefined
      : this.#chunks.get(this.chunkImages(m));
    this.#inWasm = chunk !== undefined && chunk.at >= 0;
    if (!this.#inWasm) return this.#forwardPlain(input, z);
    const { colsT, big } = chunk!;
    const F = this.filters, E = this.#patch, P = this.#positions;
    const f64 = this.dtype === "float64", size = f64 ? 8 : 4;
    const b = this.bias, n = this.chunkImages(m);
    // z in the arena (a training batch): the reordering runs there too
    const zIn = arena!.owns(z) ? z : undefined;
    for (let i0 = 0; i0 < m; i0 += n) {
      const k = Math.min(n, m - i0), ld = k * P;
      // every window of the chunk as a column of colsT: then the sum over
      // (c, u, v) of K_{f,c,u,v} a_{c, y·s+u−p, x·s+v−p} for all f and all
      // positions is the product K colsT
      this.#im2colT(i0, k, chunk!);
      const split = denseNN(
        arena!,
        this.dtype,
        this.threads,
        this.kernels.byteOffset,
        E * size,
        size,
        colsT.byteOffset,
        big.byteOffset,
        F,
        E,
        ld,
        "cols",
      );
      countKernel(PATHS[this.dtype].z[split ? 1 : 0], m);
      // z_{i,f,p} = Zbig_{f, i·P+p} + b_f, back to channel-major rows
      if (zIn !== undefined) {
        const out = f64 ? arena!.kernels.convOutF64 : arena!.kernels.convOutF32;
        out(
          big.byteOffset,
          b.byteOffset,
          z.byteOffset + i0 * F * P * 8,
          F,
          k,
          P,
        );
        continue;
      }
      for (let f = 0; f < F; f++) {
        const bf = b[f]!;
        for (let i = 0; i < k; i++) {
          const src = f * ld + i * P, dst = ((i0 + i) * F + f) * P;
          for (let p = 0; p < P; p++) z[dst + p] = big[src + p]! + bf;
        }
      }
    }
  }

  /**
   * BP3 `∂C/∂b_f = Σ_rows Σ_p δ_{f,p}`, BP4 `∂C/∂K` (the correlation of the
   * input with δ) and, if asked, `∂C/∂input` (the full correlation of δ
   * with the flipped kernels), from `Δ` and the last forward pass's input.
   *
   * @param delta `Δ = ∂C/∂Z`, `m x F·P`, channel-major rows.
   * @param inputGrad Receives `∂C/∂input` (`m x inputSize`), or undefined
   * to skip it.
   */
  backward(delta: Float64Array, inputGrad: Float64Array | undefined): void {
    const m = this.#input.rows;
    if (!this.#inWasm) return this.#backwardPlain(delta, inputGrad);
    const arena = this.#arena!, n = this.chunkImages(m);
    const chunk = this.#chunks.get(n), { colsT, big, dcolsT, gk } = chunk;
    const F = this.filters, E = this.#patch, P = this.#positions;
    const f64 = this.dtype === "float64", size = f64 ? 8 : 4;
    const gK = this.kernelGrad, gb = this.#gb;
    // Δ in the arena (a training batch; gb always is): the reordering and
    // BP3's sums run there too
    const dIn = arena.owns(delta);
    gb.fill(0);
    for (let i0 = 0; i0 < m; i0 += n) {
      const k = Math.min(n, m - i0), ld = k * P;
      // BP3, shared bias: ∂C/∂b_f = Σ_rows Σ_p δ_{f,p}; and Δ as Δbig
      // (F x k·P) for the products
      if (dIn) {
        const f = f64 ? arena.kernels.convDeltaF64 : arena.kernels.convDeltaF32;
        f(
          delta.byteOffset + i0 * F * P * 8,
          big.byteOffset,
          gb.byteOffset,
          F,
          k,
          P,
        );
      } else {
        for (let f = 0; f < F; f++) {
          for (let i = 0; i < k; i++) {
            const src = ((i0 + i) * F + f) * P, dst = f * ld + i * P;
            let s = 0;
            for (let p = 0; p < P; p++) {
              const d = delta[src + p]!;
              big[dst + p] = d;
              s += d;
            }
            gb[f]! += s;
          }
        }
      }
      // colsT still holds the forward pass's windows if it had one chunk
      if (k < m) this.#im2colT(i0, k, chunk);
      // BP4, shared weights: ∂C/∂K_{f,e} = Σ_(i,p) δ_{f,i,p} colsT_{e,(i,p)},
      // the correlation of the input with δ; chunks after the first add up
      const into = i0 === 0 ? gK : gk;
      const splitK = denseNT(
        arena,
        this.dtype,
        this.threads,
        big.byteOffset,
        colsT.byteOffset,
        -1,
        into.byteOffset,
        F,
        ld,
        E,
      );
      countKernel(PATHS[this.dtype].dk[splitK ? 1 : 0], m);
      if (i0 > 0) { for (let j = 0; j < F * E; j++) gK[j]! += gk[j]!; }
      if (inputGrad === undefined) continue;
      // BP2's first half: ∂C/∂a_{c,r,q} = Σ_f Σ_(y,x,u,v: y·s+u−p=r,
      // x·s+v−p=q) δ_{f,y,x} K_{f,c,u,v}; at stride 1 the full correlation
      // of δ with the flipped kernels. Per window entry (Kᵀ Δbig), then
      // added back to the input positions (col2im)
      const splitX = denseNN(
        arena,
        this.dtype,
        this.threads,
        this.kernels.byteOffset,
        size,
        E * size,
        big.byteOffset,
        dcolsT.byteOffset,
        E,
        F,
        ld,
        "cols",
      );
      countKernel(PATHS[this.dtype].dx[splitX ? 1 : 0], m);
      col2imT(dcolsT, i0, k, this.geometry, inputGrad);
    }
    for (let f = 0; f < F; f++) this.biasGrad[f] = gb[f]!;
  }

  /**
   * im2col transposed of images `i0 .. i0+n−1` of the last input into the
   * chunk's `colsT`, by the WebAssembly kernel (reading the input where it
   * is in the arena, else a copy of the chunk's images).
   */
  #im2colT(i0: number, n: number, chunk: Chunk): void {
    const arena = this.#arena!, g = this.geometry, size = this.#imageSize;
    const data = this.#input.data;
    let at = data.byteOffset + i0 * size * 8;
    if (!arena.owns(data)) {
      // a copy of the chunk's images (a loop: no view made per batch)
      const x = chunk.x;
      for (let j = 0, from = i0 * size, end = n * size; j < end; j++) {
        x[j] = data[from + j]!;
      }
      at = x.byteOffset;
    }
    const f = this.dtype === "float64"
      ? arena.kernels.im2colTF64
      : arena.kernels.im2colTF32;
    f(
      at,
      chunk.colsT.byteOffset,
      n,
      g.channels,
      g.height,
      g.width,
      g.kh,
      g.kw,
      g.stride,
      g.padTop,
      g.padLeft,
      g.outHeight,
      g.outWidth,
    );
  }

  #makePlain(m: number): Plain {
    const rows = m * this.#positions;
    return {
      cols: new Float64Array(rows * this.#patch),
      zt: new Float64Array(rows * this.filters),
      dcols: undefined,
    };
  }

  /** The TypeScript forward pass (K read as float64 values). */
  #forwardPlain(input: BatchInput, z: Float64Array): void {
    const m = input.rows, F = this.filters, E = this.#patch;
    const P = this.#positions, { cols, zt } = this.#plain.get(m);
    const K = this.kernels as Float64Array;
    // a sparse input (pixels, compressed once by train() or here) is
    // scattered to its windows: the same sums as cols Kᵀ, over its nonzeros
    this.#sparseInput = sparseOf(input) ??
      (input.cols >= SPARSE_MIN_WIDTH &&
          this.#sparse.compress(input.data, m, input.cols, SPARSE_MAX_DENSITY)
        ? this.#sparse
        : undefined);
    if (this.#sparseInput !== undefined) {
      const kt = this.#kt ??= new Float64Array(F * E);
      transpose(K, F, E, kt);
      sparseConvForward(this.#sparseInput, m, this.geometry, kt, F, zt);
      countKernel("conv.scatterNT", m);
    } else {
      // every window of the input as one row of cols: the forward sum for
      // all f is one row of cols Kᵀ
      im2col(input.data, m, this.geometry, cols);
      gemmNT(cols, K, zt, m * P, E, F);
      countKernel("conv.gemmNT", m);
    }
    // z_{f,p} = (cols Kᵀ)_{p, f} + b_f, back to channel-major rows
    const b = this.bias;
    for (let i = 0; i < m; i++) {
      const zi = i * F * P, ti = i * P * F;
      for (let f = 0; f < F; f++) {
        const bf = b[f]!, zf = zi + f * P;
        for (let p = 0, t = ti + f; p < P; p++, t += F) z[zf + p] = zt[t]! + bf;
      }
    }
  }

  /** The TypeScript backward pass. */
  #backwardPlain(D: Float64Array, inputGrad: Float64Array | undefined): void {
    const m = this.#input.rows, F = this.filters, E = this.#patch;
    const P = this.#positions, buf = this.#plain.get(m);
    const { cols, zt: Dt } = buf, gb = this.#gb;
    // BP3, shared bias, and Δ position-major (Dt) for the products
    gb.fill(0);
    for (let i = 0; i < m; i++) {
      const di = i * F * P, ti = i * P * F;
      for (let f = 0; f < F; f++) {
        const df = di + f * P;
        let s = 0;
        for (let p = 0, t = ti + f; p < P; p++, t += F) {
          const d = D[df + p]!;
          Dt[t] = d;
          s += d;
        }
        gb[f]! += s;
      }
    }
    for (let f = 0; f < F; f++) this.biasGrad[f] = gb[f]!;
    // BP4, shared weights: Δtᵀ cols, or the scatter over the nonzeros
    const gK = this.kernelGrad as Float64Array;
    if (this.#sparseInput !== undefined) {
      const kt = this.#kt!;
      sparseKernelGradient(this.#sparseInput, m, this.geometry, Dt, F, kt);
      transpose(kt, E, F, gK);
      countKernel("conv.scatterTN", m);
    } else {
      gemmTN(Dt, cols, gK, m * P, F, E);
      countKernel("conv.gemmTN", m);
    }
    if (inputGrad === undefined) return;
    // BP2's first half: per window (Δt K), then added back (col2im)
    const dcols = buf.dcols ??= new Float64Array(cols.length);
    gemmNN(Dt, this.kernels as Float64Array, dcols, m * P, F, E);
    countKernel("conv.gemmNN", m);
    col2im(dcols, m, this.geometry, inputGrad);
  }
}

/** `out = Aᵀ` for row-major `A` (`rows x cols`). */
function transpose(
  A: FloatArray,
  rows: number,
  cols: number,
  out: FloatArray,
): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = A[i * cols + j]!;
  }
}

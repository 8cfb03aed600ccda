/**
 * The convolutional layer of chapter 6: shared weights slid over an image,
 * `z_{f,y,x} = b_f + Σ_{c,u,v} K_{f,c,u,v} a_{c, y·s+u−p, x·s+v−p}`,
 * `a' = σ(z)`, lowered onto the Matrix products by im2col.
 *
 * @module
 */
import type { Layer, LayerJSON, Param } from "./types.ts";
import type { Activation } from "../activations/types.ts";
import { getActivation } from "../activations/registry.ts";
import {
  matmul,
  matmulTransA,
  matmulTransB,
  Matrix,
} from "../tensor/matrix.ts";
import { Random } from "../tensor/random.ts";
import { type Init, initialise, INITS } from "../tensor/init.ts";
import { quoteList } from "../internal/quote.ts";
import {
  checkRowWidth,
  checkShape,
  formatShape,
  type Padding,
  positive,
  type Shape3,
  windowAxis,
} from "./shape.ts";
import { col2im, type Geometry, im2col } from "./im2col.ts";
import { sparseConvForward, sparseKernelGradient } from "./conv_sparse.ts";
import {
  SPARSE_MAX_DENSITY,
  SPARSE_MIN_WIDTH,
  sparseOf,
  SparseRows,
} from "../tensor/kernels/mod.ts";

/** Options of {@linkcode Conv2D}. */
export interface Conv2DOptions {
  /**
   * Step between windows, in both directions.
   *
   * @default {1}
   */
  stride?: number;
  /**
   * `"valid"`: windows only where the kernel fits; `"same"`: zero padding so
   * that the output is `⌈input/stride⌉` (stride 1: the input's size).
   *
   * @default {"valid"}
   */
  padding?: Padding;
  /**
   * Weight initialisation, with fan-in `channels · kh · kw`.
   *
   * @default {"default"}
   */
  init?: Init;
  /**
   * Seed of the initial weights.
   *
   * @default {0}
   */
  seed?: number;
}

interface Buffers {
  /** im2col of the input: one row per (sample, output position). */
  cols: Matrix;
  /** `Z` position-major (`m·P x F`), then `Δ` position-major in backward. */
  zt: Matrix;
  z: Matrix;
  a: Matrix;
  delta: Matrix;
  /** `∂C/∂cols`, made on the first backward that needs the input gradient. */
  dcols: Matrix | undefined;
  inputGrad: Matrix | undefined;
}

/**
 * A 2-D convolution (cross-correlation, as PyTorch's `nn.Conv2d`) with a
 * bias per filter and an activation. Kernels `K` are
 * `filters x channels x kh x kw` (PyTorch's layout); input and output rows
 * are images flattened channel-major (`[c][y][x]`).
 *
 * @example A 5x5 convolution of a 28x28 image
 * ```ts
 * import { Conv2D } from "./conv2d.ts";
 * import { relu } from "../activations/relu.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const conv = new Conv2D([1, 28, 28], 20, 5, relu, { seed: 1 });
 * assert.deepEqual(conv.outputShape, [20, 24, 24]);
 * const out = conv.forward(new Matrix(2, 784), false);
 * assert.equal(out.cols, 20 * 24 * 24);
 * ```
 */
export class Conv2D implements Layer {
  /** `[channels, height, width]` of the input. */
  readonly inputShape: Shape3;
  /** `[filters, height', width']` of the output. */
  readonly outputShape: Shape3;
  /** `channels · height · width`. */
  readonly inputSize: number;
  /** `filters · height' · width'`. */
  readonly outputSize: number;
  /** Number of filters (output channels). */
  readonly filters: number;
  /** `[kh, kw]`. */
  readonly kernelSize: readonly [number, number];
  /** Step between windows. */
  readonly stride: number;
  /** The padding rule. */
  readonly padding: Padding;
  /** σ applied to every output. */
  readonly activation: Activation;
  /** `[K, b]`: kernels `filters x channels x kh x kw`, one bias per filter. */
  readonly params: readonly Param[];
  /** The kernels as a `filters x (channels·kh·kw)` matrix view of `K`. */
  readonly kernels: Matrix;
  /** The biases (one per filter). */
  readonly biases: Float64Array;
  readonly #geometry: Geometry;
  readonly #kernelGrad: Matrix;
  #buffers = new Map<number, Buffers>();
  #last: Buffers | undefined;
  #input: Matrix = new Matrix(0, 0);
  /** The input's nonzeros when it is sparse (pixels), else undefined. */
  #sparseInput: SparseRows | undefined;
  #sparse = new SparseRows();
  /** `K` transposed (`(c·kh·kw) x F`) for the sparse products. */
  #kt: Float64Array;

  /**
   * Creates the layer with seeded initial kernels.
   *
   * @param inputShape `[channels, height, width]`.
   * @param filters Number of filters, a positive integer.
   * @param kernelSize `k` for a `k x k` kernel, or `[kh, kw]`.
   * @param activation σ, or its registry name.
   * @param options Stride, padding, initialisation and seed.
   * @throws {TypeError} If the shape is malformed or the kernel does not fit.
   * @throws {RangeError} If a size is not a positive integer or a name is unknown.
   */
  constructor(
    inputShape: readonly number[],
    filters: number,
    kernelSize: number | readonly [number, number],
    activation: Activation | string,
    options: Conv2DOptions = {},
  ) {
    const [c, h, w] = this.inputShape = checkShape(inputShape, "Conv2D");
    this.filters = positive(filters, "filters", "Conv2D");
    const [kh, kw] = typeof kernelSize === "number"
      ? [kernelSize, kernelSize]
      : kernelSize;
    positive(kh, "kernelSize", "Conv2D");
    positive(kw, "kernelSize", "Conv2D");
    this.kernelSize = [kh, kw];
    this.stride = positive(options.stride ?? 1, "stride", "Conv2D");
    const padding = this.padding = options.padding ?? "valid";
    if (padding !== "valid" && padding !== "same") {
      throw new RangeError(
        `Cannot create Conv2D layer: padding must be 'valid' or 'same', got '${padding}'`,
      );
    }
    const init = options.init ?? "default";
    if (!INITS.includes(init)) {
      throw new RangeError(
        `Unknown init '${init}': use one of ${quoteList(INITS)}`,
      );
    }
    const y = windowAxis(h, kh, this.stride, padding);
    const x = windowAxis(w, kw, this.stride, padding);
    if (y.size < 1 || x.size < 1) {
      throw new TypeError(
        `Cannot create Conv2D layer: a ${kh}x${kw} kernel does not fit the input ${
          formatShape(this.inputShape)
        } without padding; use a smaller kernel or padding 'same'`,
      );
    }
    this.outputShape = Object.freeze([filters, y.size, x.size]) as Shape3;
    this.inputSize = c * h * w;
    this.outputSize = filters * y.size * x.size;
    this.activation = typeof activation === "string"
      ? getActivation(activation)
      : activation;
    this.#geometry = {
      channels: c,
      height: h,
      width: w,
      kh,
      kw,
      stride: this.stride,
      outHeight: y.size,
      outWidth: x.size,
      padTop: y.before,
      padLeft: x.before,
    };
    const patch = c * kh * kw;
    const k = new Float64Array(filters * patch), b = new Float64Array(filters);
    initialise(init, k, b, patch, new Random(options.seed ?? 0));
    const kGrad = new Float64Array(k.length);
    this.params = [
      {
        name: "K",
        shape: [filters, c, kh, kw],
        value: k,
        grad: kGrad,
        regularize: true,
      },
      {
        name: "b",
        shape: [filters],
        value: b,
        grad: new Float64Array(filters),
      },
    ];
    this.kernels = new Matrix(filters, patch, k);
    this.biases = b;
    this.#kernelGrad = new Matrix(filters, patch, kGrad);
    this.#kt = new Float64Array(k.length);
  }

  /** `Z` of the last forward pass, `m x outputSize`, channel-major rows. */
  get z(): Matrix {
    return this.#state().z;
  }

  /** `∂C/∂Z` of the last backward pass, `m x outputSize` (over m). */
  get delta(): Matrix {
    return this.#state().delta;
  }

  /**
   * `Z = K ⋆ A_in + b` (cross-correlation), `A = σ(Z)`.
   *
   * @param input `m x inputSize`, channel-major images.
   * @param _training Unused: a convolution is the same in training.
   * @returns `A`, `m x outputSize` (a buffer reused by the next call of the same m).
   * @throws {TypeError} If the rows are not `inputSize` wide.
   */
  forward(input: Matrix, _training = false): Matrix {
    checkRowWidth("Conv2D", input.cols, this.inputShape);
    const buf = this.#last = this.#buffersFor(input.rows);
    this.#input = input;
    const { cols, zt, z, a } = buf;
    const F = this.filters, P = this.outputSize / F, m = input.rows;
    // every window of the input becomes one row of cols: then the sum over
    // (c, u, v) of K_{f,c,u,v} a_{c, y·s+u−p, x·s+v−p} for all f is one row
    // of cols K^T
    // a sparse input (pixels, compressed once by train() or here) is
    // scattered to its windows instead: the same sums, over its nonzeros
    this.#sparseInput = sparseOf(input) ??
      (this.inputSize >= SPARSE_MIN_WIDTH &&
          this.#sparse.compress(
            input.data,
            m,
            this.inputSize,
            SPARSE_MAX_DENSITY,
          )
        ? this.#sparse
        : undefined);
    if (this.#sparseInput !== undefined) {
      transpose(this.kernels.data, F, this.kernels.cols, this.#kt);
      sparseConvForward(
        this.#sparseInput,
        m,
        this.#geometry,
        this.#kt,
        F,
        zt.data,
      );
    } else {
      im2col(input.data, m, this.#geometry, cols.data);
      matmulTransB(cols, this.kernels, zt);
    }
    // z_{f,y,x} = (cols K^T)_{(y,x), f} + b_f, back to channel-major rows
    const Zt = zt.data, Z = z.data, b = this.biases;
    for (let i = 0; i < m; i++) {
      const zi = i * F * P, ti = i * P * F;
      for (let f = 0; f < F; f++) {
        const bf = b[f]!, zf = zi + f * P;
        for (let p = 0, t = ti + f; p < P; p++, t += F) Z[zf + p] = Zt[t]! + bf;
      }
    }
    const act = this.activation;
    if (act.forward) act.forward(Z, a.data, m, this.outputSize);
    else for (let i = 0; i < Z.length; i++) a.data[i] = act.fn(Z[i]!);
    return a;
  }

  /**
   * From `∂C/∂A` to `Δ = ∂C/∂Z = ∂C/∂A ⊙ σ′(Z)` (BP1 at the output, BP2's
   * second half inside), then {@linkcode Conv2D.backwardFromDelta}.
   *
   * @param outputGrad `∂C/∂A`, `m x outputSize`.
   * @param needInputGrad False for the first layer: skip `∂C/∂input`.
   * @returns `∂C/∂A_in`, `m x inputSize`.
   */
  backward(outputGrad: Matrix, needInputGrad = true): Matrix {
    const { z, a, delta } = this.#state();
    const act = this.activation, G = outputGrad.data, D = delta.data;
    if (act.backward) {
      act.backward(z.data, a.data, G, D, z.rows, z.cols);
    } else {
      const Z = z.data, A = a.data;
      // BP1 (output layer) / BP2 (hidden layer): Δ = ∂C/∂A ⊙ σ′(Z)
      for (let i = 0; i < D.length; i++) {
        D[i] = G[i]! * act.derivative(Z[i]!, A[i]!);
      }
    }
    return this.backwardFromDelta(needInputGrad);
  }

  /**
   * BP3, BP4 and `∂C/∂A_in` from the `Δ` in {@linkcode Conv2D.delta}.
   *
   * @param needInputGrad False for the first layer: skip `∂C/∂input`.
   * @returns `∂C/∂A_in`, `m x inputSize`.
   */
  backwardFromDelta(needInputGrad = true): Matrix {
    const buf = this.#state(), { cols, zt, delta } = buf;
    const F = this.filters, P = this.outputSize / F, m = delta.rows;
    const D = delta.data, Dt = zt.data, gb = this.params[1]!.grad;
    // BP3, shared weights: ∂C/∂b_f = Σ_rows Σ_(y,x) δ_{f,y,x}; and Δ
    // position-major (Dt, over Z's buffer) for the products below
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
    // BP4, shared weights: ∂C/∂K_{f,c,u,v} = Σ_rows Σ_(y,x) δ_{f,y,x}
    // a_{c, y·s+u−p, x·s+v−p}, the correlation of the input with δ: Δt^T cols
    if (this.#sparseInput !== undefined) {
      sparseKernelGradient(
        this.#sparseInput,
        m,
        this.#geometry,
        Dt,
        F,
        this.#kt,
      );
      transpose(this.#kt, this.kernels.cols, F, this.#kernelGrad.data);
    } else matmulTransA(zt, cols, this.#kernelGrad);
    if (!needInputGrad) return this.#inputGrad(buf);
    // BP2's first half: ∂C/∂a_{c,i,j} = Σ_f Σ_(y,x,u,v: y·s+u−p=i, x·s+v−p=j)
    // δ_{f,y,x} K_{f,c,u,v}; at stride 1 the full correlation of δ with the
    // flipped kernels rot180(K). Per window (Δt K), then added back (col2im)
    const dcols = buf.dcols ??= new Matrix(cols.rows, cols.cols);
    matmul(zt, this.kernels, dcols);
    const out = this.#inputGrad(buf);
    col2im(dcols.data, m, this.#geometry, out.data);
    return out;
  }

  /**
   * The layer as stored in a saved model.
   *
   * @returns Type, shapes, options, activation by name, kernels and biases.
   */
  toJSON(): LayerJSON {
    return {
      type: "conv2d",
      inputShape: [...this.inputShape],
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      stride: this.stride,
      padding: this.padding,
      activation: this.activation.name,
      ...(this.activation.params
        ? { activationParams: { ...this.activation.params } }
        : {}),
      kernels: Array.from(this.kernels.data),
      biases: Array.from(this.biases),
    };
  }

  /**
   * Which side of each kink of σ every `z` of the last forward pass lies on
   * (−1, 0 at the kink, +1), for gradcheck: a step that changes it crossed
   * a kink.
   *
   * @returns One entry per `z` and kink; empty if σ has no kinks.
   */
  kinkState(): Float64Array {
    return sidesOfKinks(this.#state().z.data, this.activation.kinks ?? []);
  }

  #inputGrad(buf: Buffers): Matrix {
    return buf.inputGrad ??= new Matrix(buf.z.rows, this.inputSize);
  }

  #state(): Buffers {
    if (this.#last === undefined) {
      throw new Error("Cannot read Conv2D state: call forward() first");
    }
    return this.#last;
  }

  #buffersFor(rows: number): Buffers {
    let buf = this.#buffers.get(rows);
    if (buf === undefined) {
      if (this.#buffers.size >= 4) this.#buffers.clear();
      const g = this.#geometry, P = g.outHeight * g.outWidth;
      buf = {
        cols: new Matrix(rows * P, this.kernels.cols),
        zt: new Matrix(rows * P, this.filters),
        z: new Matrix(rows, this.outputSize),
        a: new Matrix(rows, this.outputSize),
        delta: new Matrix(rows, this.outputSize),
        dcols: undefined,
        inputGrad: undefined,
      };
      this.#buffers.set(rows, buf);
    }
    return buf;
  }
}

/** `out = Aᵀ` for row-major `A` (`rows x cols`). */
function transpose(
  A: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array,
): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = A[i * cols + j]!;
  }
}

/**
 * Signs of `z − kink` for every kink, for gradcheck's kink detection.
 *
 * @param z Pre-activations.
 * @param kinks The kinks of σ.
 * @returns `sign(z_i − kink_k)`, kink by kink.
 */
export function sidesOfKinks(
  z: Float64Array,
  kinks: readonly number[],
): Float64Array {
  const out = new Float64Array(z.length * kinks.length);
  kinks.forEach((k, j) => {
    for (let i = 0; i < z.length; i++) {
      out[j * z.length + i] = Math.sign(z[i]! - k);
    }
  });
  return out;
}

/**
 * The convolutional layer of chapter 6: shared weights slid over an image,
 * `z_{f,y,x} = b_f + Σ_{c,u,v} K_{f,c,u,v} a_{c, y·s+u−p, x·s+v−p}`,
 * `a' = σ(z)`, lowered onto matrix products by im2col.
 *
 * @module
 */
import type { Layer, LayerJSON, Param } from "./types.ts";
import type { Activation } from "../activations/types.ts";
import { getActivation } from "../activations/registry.ts";
import { activate, activateBackward } from "../activations/activate.ts";
import { Matrix } from "../tensor/matrix.ts";
import { Random } from "../tensor/random.ts";
import { ByBatchSize } from "../tensor/by_batch_size.ts";
import { type Init, initialise, INITS } from "../tensor/init.ts";
import { quoteList } from "../internal/quote.ts";
import { kernelOptions } from "./kernel_options.ts";
import {
  checkRowWidth,
  checkShape,
  formatShape,
  type Padding,
  positive,
  type Shape3,
  windowAxis,
} from "./shape.ts";
import {
  batchArrays,
  ConvKernels,
  type DType,
  type FloatArray,
} from "../tensor/kernels/mod.ts";
import type { WeightMatrix } from "./dense.ts";

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
  /**
   * Element type of the kernels, biases and products (`"float32"`: half
   * the memory traffic, twice the SIMD lanes, and σ in float32 where the
   * activation has `applyFloat32`; the layer's inputs and outputs stay
   * float64 arrays).
   *
   * @default {"float64"}
   */
  dtype?: DType;
  /**
   * Most threads the layer's products may use (those big enough to profit
   * are split between Workers over shared memory); 1 keeps everything on
   * the calling thread. The results are the same bits for any count.
   *
   * @default {the cores the runtime reports (`navigator.hardwareConcurrency`)}
   */
  threads?: number;
}

interface Buffers {
  z: Matrix;
  a: Matrix;
  delta: Matrix;
  /** `∂C/∂A_in`, made on the first backward that needs it. */
  inputGrad: Matrix | undefined;
}

/**
 * A 2-D convolution (cross-correlation, as PyTorch's `nn.Conv2d`) with a
 * bias per filter and an activation. Kernels `K` are
 * `filters x channels x kh x kw` (PyTorch's layout); input and output rows
 * are images flattened channel-major (`[c][y][x]`). The products run on
 * the WebAssembly SIMD kernels where the runtime has them
 * (`tensor/kernels/conv_kernels.ts`).
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
  /**
   * The kernels as a `filters x (channels·kh·kw)` matrix view of `K`
   * (float32 for a float32 layer).
   */
  readonly kernels: WeightMatrix;
  /** The biases (one per filter). */
  readonly biases: FloatArray;
  /** float64 or float32. */
  readonly dtype: DType;
  /** Where the parameters live and how the products run. */
  readonly #kernels: ConvKernels;
  #buffers = new ByBatchSize((rows) => this.#makeBuffers(rows));
  #last: Buffers | undefined;

  /**
   * Creates the layer with seeded initial kernels.
   *
   * @param inputShape `[channels, height, width]`.
   * @param filters Number of filters, a positive integer.
   * @param kernelSize `k` for a `k x k` kernel, or `[kh, kw]`.
   * @param activation σ, or its registry name.
   * @param options Stride, padding, initialisation, seed, dtype, threads.
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
    const { dtype, threads } = kernelOptions("Conv2D", options);
    this.dtype = dtype;
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
    const kernels = this.#kernels = ConvKernels.create(
      {
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
      },
      filters,
      dtype,
    );
    kernels.threads = threads;
    const patch = c * kh * kw;
    // drawn in float64 whatever the dtype, then rounded for float32
    const k = new Float64Array(filters * patch), b = new Float64Array(filters);
    initialise(init, k, b, patch, new Random(options.seed ?? 0));
    kernels.kernels.set(k);
    kernels.bias.set(b);
    this.params = [
      {
        name: "K",
        shape: [filters, c, kh, kw],
        value: kernels.kernels,
        grad: kernels.kernelGrad,
        regularize: true,
      },
      {
        name: "b",
        shape: [filters],
        value: kernels.bias,
        grad: kernels.biasGrad,
      },
    ];
    this.kernels = { rows: filters, cols: patch, data: kernels.kernels };
    this.biases = kernels.bias;
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
    const buf = this.#last = this.#buffers.get(input.rows);
    const { z, a } = buf;
    // z_{f,y,x} = b_f + Σ_{c,u,v} K_{f,c,u,v} a_{c, y·s+u−p, x·s+v−p}
    this.#kernels.forward(input, z.data);
    activate(
      this.activation,
      z.data,
      a.data,
      z.rows,
      this.outputSize,
      this.dtype,
    );
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
    // BP1 (output layer) / BP2 (hidden layer): Δ = ∂C/∂A ⊙ σ′(Z)
    activateBackward(
      this.activation,
      z.data,
      a.data,
      outputGrad.data,
      delta.data,
      z.rows,
      z.cols,
    );
    return this.backwardFromDelta(needInputGrad);
  }

  /**
   * BP3, BP4 and `∂C/∂A_in` from the `Δ` in {@linkcode Conv2D.delta}.
   *
   * @param needInputGrad False for the first layer: skip `∂C/∂input`.
   * @returns `∂C/∂A_in`, `m x inputSize`.
   */
  backwardFromDelta(needInputGrad = true): Matrix {
    const buf = this.#state();
    const out = buf.inputGrad ??= new Matrix(buf.z.rows, this.inputSize);
    // BP3, shared bias: ∂C/∂b_f = Σ_rows Σ_(y,x) δ_{f,y,x};
    // BP4, shared weights: ∂C/∂K_{f,c,u,v} = Σ_rows Σ_(y,x) δ_{f,y,x}
    // a_{c, y·s+u−p, x·s+v−p}, the correlation of the input with δ;
    // BP2's first half: ∂C/∂a_{c,i,j} = Σ_f Σ_(y,x,u,v: y·s+u−p=i,
    // x·s+v−p=j) δ_{f,y,x} K_{f,c,u,v}, at stride 1 the full correlation of
    // δ with the flipped kernels rot180(K)
    this.#kernels.backward(
      buf.delta.data,
      needInputGrad ? out.data : undefined,
    );
    return out;
  }

  /**
   * A float64 copy of this layer: the same shapes, options, σ and (exactly
   * widened) kernels and biases, its own buffers. Gradient checks of a
   * float32 layer check this copy: finite differences in float32 prove
   * nothing.
   *
   * @returns A new float64 Conv2D layer.
   *
   * @example
   * ```ts
   * import { Conv2D } from "./conv2d.ts";
   * import assert from "node:assert/strict";
   *
   * const f32 = new Conv2D([1, 4, 4], 2, 3, "tanh", { seed: 4, dtype: "float32" });
   * const f64 = f32.toFloat64();
   * assert.equal(f64.dtype, "float64");
   * assert.deepEqual([...f64.kernels.data], [...f32.kernels.data]);
   * ```
   */
  toFloat64(): Conv2D {
    const copy = new Conv2D(
      this.inputShape,
      this.filters,
      this.kernelSize,
      this.activation,
      {
        stride: this.stride,
        padding: this.padding,
        threads: this.#kernels.threads,
      },
    );
    copy.kernels.data.set(this.kernels.data);
    copy.biases.set(this.biases);
    return copy;
  }

  /**
   * The layer as stored in a saved model.
   *
   * @returns Type, shapes, options, activation by name, dtype if not
   * float64, kernels and biases.
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
      ...(this.dtype === "float64" ? {} : { dtype: this.dtype }),
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

  #state(): Buffers {
    if (this.#last === undefined) {
      throw new Error("Cannot read Conv2D state: call forward() first");
    }
    return this.#last;
  }

  #makeBuffers(rows: number): Buffers {
    // in the kernels' arena when a batch's fit (σ and the next layer's
    // kernels then work on them in place), else plain arrays
    const n = this.outputSize;
    const { z, a, delta } = batchArrays(
      this.#kernels.arena,
      ["z", "a", "delta"],
      rows * n,
    );
    return {
      z: new Matrix(rows, n, z),
      a: new Matrix(rows, n, a),
      delta: new Matrix(rows, n, delta),
      inputGrad: undefined,
    };
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

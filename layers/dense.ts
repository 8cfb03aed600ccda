/**
 * The fully connected layer of the chapter: `z = w a + b`, `a' = σ(z)`.
 *
 * @module
 */
import type { Layer, LayerJSON, Param } from "./types.ts";
import type { Activation } from "../activations/types.ts";
import { getActivation } from "../activations/registry.ts";
import { activate, activateBackward } from "../activations/activate.ts";
import { sigmoid } from "../activations/sigmoid.ts";
import { Matrix } from "../tensor/matrix.ts";
import {
  type DenseBuffers,
  DenseKernels,
  type DType,
  type FloatArray,
} from "../tensor/kernels/mod.ts";
import { Random } from "../tensor/random.ts";
import { type Init, initialise, INITS } from "../tensor/init.ts";
import { quoteList } from "../internal/quote.ts";
import { kernelOptions } from "./kernel_options.ts";

/** Options of {@linkcode Dense}. */
export interface DenseOptions {
  /**
   * Weight initialisation scheme.
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
   * Element type of the weights and of the products (`"float32"`: half
   * the memory traffic, twice the SIMD lanes, and σ in float32 where the
   * activation has `applyFloat32`; the layer's inputs and outputs stay
   * float64 arrays).
   *
   * @default {"float64"}
   */
  dtype?: DType;
  /**
   * Most threads the layer's products may use (those big enough to profit
   * are split between Workers over shared memory, and so are σ of a large
   * batch and SGD's update of many weights); 1 keeps everything on the
   * calling thread. The results are the same bits for any count.
   *
   * @default {the cores the runtime reports (`navigator.hardwareConcurrency`)}
   */
  threads?: number;
}

/** A Dense layer's weights: a row-major matrix of its dtype. */
export interface WeightMatrix {
  /** n_out. */
  readonly rows: number;
  /** n_in. */
  readonly cols: number;
  /** The `n_out · n_in` weights, row after row. */
  readonly data: FloatArray;
}

interface Buffers {
  raw: DenseBuffers;
  z: Matrix;
  a: Matrix;
  delta: Matrix;
  inputGrad: Matrix;
}

/**
 * A dense layer. `W` is `n_out x n_in` as in the chapter: `W[j][k]` joins
 * input k to neuron j. Forward: `Z = A_in W^T + 1 b^T`, `A = σ(Z)`.
 * Backward (BP1/BP2 elementwise part, BP3, BP4) sits right below it.
 *
 * @example A 2-3 sigmoid layer
 * ```ts
 * import { Dense } from "./dense.ts";
 * import { sigmoid } from "../activations/sigmoid.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const layer = new Dense(2, 3, sigmoid, { seed: 1 });
 * const out = layer.forward(Matrix.from([[0.5, -1]]), false);
 * assert.equal(out.cols, 3);
 * assert.equal(layer.params[0]!.name, "W");
 * ```
 */
export class Dense implements Layer {
  /** n_in. */
  readonly inputSize: number;
  /** n_out. */
  readonly outputSize: number;
  /** σ of this layer's neurons. */
  readonly activation: Activation;
  /** `[W, b]`. */
  readonly params: readonly Param[];
  /**
   * The weights `W` (`n_out x n_in`, row-major) as a matrix view of
   * `params[0].value` (float32 for a float32 layer).
   */
  readonly weights: WeightMatrix;
  /** The biases `b` (length n_out), `params[1].value`. */
  readonly biases: FloatArray;
  /** float64 or float32. */
  readonly dtype: DType;
  /** Forward reads a sparse batch's compressed rows only (see `sparseOf`). */
  readonly readsSparseInput: boolean = true;
  /** Where the parameters and buffers live and how the products run. */
  readonly #kernels: DenseKernels;
  #matrices = new WeakMap<DenseBuffers, Buffers>();
  #last: Buffers | undefined;

  /**
   * Creates a layer with seeded initial weights.
   *
   * @param inputSize n_in, a positive integer.
   * @param outputSize n_out, a positive integer.
   * @param activation σ, or its registry name.
   * @param options Initialisation and seed.
   * @throws {RangeError} If a size is not a positive integer or a name is unknown.
   */
  constructor(
    inputSize: number,
    outputSize: number,
    activation: Activation | string,
    options: DenseOptions = {},
  ) {
    for (
      const [what, n] of [["inputSize", inputSize], [
        "outputSize",
        outputSize,
      ]] as const
    ) {
      if (!Number.isInteger(n) || n < 1) {
        throw new RangeError(
          `Cannot create Dense layer: ${what} must be a positive integer, got '${n}'`,
        );
      }
    }
    const init = options.init ?? "default";
    if (!INITS.includes(init)) {
      throw new RangeError(
        `Unknown init '${init}': use one of ${quoteList(INITS)}`,
      );
    }
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.activation = typeof activation === "string"
      ? getActivation(activation)
      : activation;
    const { dtype, threads } = kernelOptions("Dense", options);
    this.dtype = dtype;
    const kernels = DenseKernels.create(inputSize, outputSize, dtype);
    kernels.threads = threads;
    this.#kernels = kernels;
    const random = new Random(options.seed ?? 0);
    if (dtype === "float64") {
      initialise(
        init,
        kernels.weights as Float64Array,
        kernels.bias as Float64Array,
        inputSize,
        random,
      );
    } else {
      // drawn in float64 as for a float64 layer, then rounded
      const w = new Float64Array(outputSize * inputSize);
      const b = new Float64Array(outputSize);
      initialise(init, w, b, inputSize, random);
      kernels.weights.set(w);
      kernels.bias.set(b);
    }
    this.params = [
      {
        name: "W",
        shape: [outputSize, inputSize],
        value: kernels.weights,
        grad: kernels.weightGrad,
        regularize: true,
      },
      {
        name: "b",
        shape: [outputSize],
        value: kernels.bias,
        grad: kernels.biasGrad,
      },
    ];
    this.weights = {
      rows: outputSize,
      cols: inputSize,
      data: kernels.weights,
    };
    this.biases = kernels.bias;
  }

  /** `Z` of the last forward pass (`m x n_out`). */
  get z(): Matrix {
    return this.#state().z;
  }

  /** `∂C/∂Z` of the last backward pass (`m x n_out`): δ of every row, over m. */
  get delta(): Matrix {
    return this.#state().delta;
  }

  /**
   * `Z = A_in W^T + 1 b^T`, `A = σ(Z)`.
   *
   * @param input `m x n_in`.
   * @param training Whether a backward pass follows (the maths is the same;
   * a sparse first layer prepares its BP4 on the way).
   * @returns `A`, `m x n_out` (a buffer reused by the next call of the same m).
   */
  forward(input: Matrix, training = false): Matrix {
    const k = this.inputSize, n = this.outputSize;
    if (input.cols !== k) {
      throw new TypeError(
        `Cannot multiply: B is ${n}x${k} but must be ${n}x${input.cols}`,
      );
    }
    const buf = this.#buffersFor(input.rows);
    this.#last = buf;
    const { z, a } = buf;
    const Z = z.data, A = a.data;
    // Z = A_in W^T + 1 b^T
    // (the logistic sigmoid may come fused into the product's parts)
    const kernels = this.#kernels;
    if (
      !kernels.forward(input, buf.raw, training, this.activation === sigmoid)
    ) {
      activate(this.activation, Z, A, z.rows, n, this.dtype, kernels.threads);
    }
    return a;
  }

  /**
   * From `∂C/∂A` to `Δ = ∂C/∂Z` (the `⊙ σ′(z)` of BP1 and BP2), then BP3, BP4
   * and the `Δ W` that the layer below needs.
   *
   * @param outputGrad `∂C/∂A`, `m x n_out`.
   * @param needInputGrad False for the first layer: skip `∂C/∂input`.
   * @returns `∂C/∂A_in = Δ W`, `m x n_in`.
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
   * BP3, BP4 and `Δ W` from a `Δ` already in {@linkcode Dense.delta} (the
   * fused output path writes `Δ^L = (A − Y)/m` there directly).
   *
   * @param needInputGrad False for the first layer: skip `∂C/∂input`.
   * @returns `∂C/∂A_in = Δ W`, `m x n_in`.
   */
  backwardFromDelta(needInputGrad = true): Matrix {
    const buf = this.#state();
    // BP4: ∂C/∂W = Δ^T A^(l-1) (Δ carries the 1/m of the batch mean);
    // BP3: ∂C/∂b = Σ_rows Δ; BP2's first half for the layer below:
    // (W^T δ)^T for every row = Δ W
    this.#kernels.backward(buf.raw, needInputGrad);
    return buf.inputGrad;
  }

  /**
   * A float64 copy of this layer: the same sizes, σ and (exactly widened)
   * weights, its own buffers. Gradient checks of a float32 layer check this
   * copy: finite differences in float32 prove nothing.
   *
   * @returns A new float64 Dense layer.
   *
   * @example
   * ```ts
   * import { Dense } from "./dense.ts";
   * import assert from "node:assert/strict";
   *
   * const f32 = new Dense(3, 2, "tanh", { seed: 4, dtype: "float32" });
   * const f64 = f32.toFloat64();
   * assert.equal(f64.dtype, "float64");
   * assert.deepEqual([...f64.weights.data], [...f32.weights.data]);
   * ```
   */
  toFloat64(): Dense {
    const copy = new Dense(this.inputSize, this.outputSize, this.activation, {
      threads: this.#kernels.threads,
    });
    copy.weights.data.set(this.weights.data);
    copy.biases.set(this.biases);
    return copy;
  }

  /**
   * The layer as stored in a saved model.
   *
   * @returns Type, sizes, activation by name, weights and biases.
   */
  toJSON(): LayerJSON {
    return {
      type: "dense",
      inputSize: this.inputSize,
      outputSize: this.outputSize,
      activation: this.activation.name,
      ...(this.activation.params
        ? { activationParams: { ...this.activation.params } }
        : {}),
      ...(this.dtype === "float64" ? {} : { dtype: this.dtype }),
      weights: Array.from(this.weights.data),
      biases: Array.from(this.biases),
    };
  }

  #state(): Buffers {
    if (this.#last === undefined) {
      throw new Error("Cannot read Dense state: call forward() first");
    }
    return this.#last;
  }

  #buffersFor(rows: number): Buffers {
    const raw = this.#kernels.buffers(rows);
    let buf = this.#matrices.get(raw);
    if (buf === undefined) {
      const n = this.outputSize;
      buf = {
        raw,
        z: new Matrix(rows, n, raw.z),
        a: new Matrix(rows, n, raw.a),
        delta: new Matrix(rows, n, raw.delta),
        inputGrad: new Matrix(rows, this.inputSize, raw.inputGrad),
      };
      this.#matrices.set(raw, buf);
    }
    return buf;
  }
}

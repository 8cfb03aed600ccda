/**
 * The fully connected layer of the chapter: `z = w a + b`, `a' = σ(z)`.
 *
 * @module
 */
import type { Layer, LayerJSON, Param } from "./types.ts";
import type { Activation } from "../activations/types.ts";
import { getActivation } from "../activations/registry.ts";
import { Matrix } from "../tensor/matrix.ts";
import {
  countDense,
  countKernel,
  gemmNN,
  gemmNT,
  gemmNTSparse,
  gemmTN,
  gemmTNSparse,
  SPARSE_MAX_DENSITY,
  SPARSE_MIN_WIDTH,
  sparseOf,
  SparseRows,
  WasmDenseKernels,
} from "../tensor/kernels/mod.ts";
import { Random } from "../tensor/random.ts";
import { type Init, initialise, INITS } from "../tensor/init.ts";
import { quoteList } from "../internal/quote.ts";

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
}

interface Buffers {
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
  /** The weights `W` (`n_out x n_in`) as a matrix view of `params[0].value`. */
  readonly weights: Matrix;
  /** The biases `b` (length n_out). */
  readonly biases: Float64Array;
  /** Forward reads a sparse batch's compressed rows only (see `sparseOf`). */
  readonly readsSparseInput: boolean = true;
  #weightGrad: Matrix;
  #biasGrad: Float64Array;
  #buffers = new Map<number, Buffers>();
  #input: Matrix = new Matrix(0, 0);
  /** The input's nonzeros, when it is sparse (pixels): see forward(). */
  #sparse = new SparseRows();
  #inputRows: SparseRows = this.#sparse;
  #inputIsSparse = false;
  /** WebAssembly sparse kernels, holding W and ∂C/∂W, for wide inputs. */
  #wasm: WasmDenseKernels | undefined;
  /** Whether the last forward pass ran in WebAssembly (then BP4 does too). */
  #wasmBatch = false;
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
    this.#wasm = inputSize >= SPARSE_MIN_WIDTH
      ? WasmDenseKernels.create(outputSize, inputSize)
      : undefined;
    const w = this.#wasm?.weights ?? new Float64Array(outputSize * inputSize);
    const b = new Float64Array(outputSize);
    initialise(init, w, b, inputSize, new Random(options.seed ?? 0));
    const wGrad = this.#wasm?.weightGrad ?? new Float64Array(w.length);
    this.#biasGrad = new Float64Array(outputSize);
    this.params = [
      {
        name: "W",
        shape: [outputSize, inputSize],
        value: w,
        grad: wGrad,
        regularize: true,
      },
      { name: "b", shape: [outputSize], value: b, grad: this.#biasGrad },
    ];
    this.weights = new Matrix(outputSize, inputSize, w);
    this.biases = b;
    this.#weightGrad = new Matrix(outputSize, inputSize, wGrad);
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
   * @param _training Unused: a dense layer is the same in training.
   * @returns `A`, `m x n_out` (a buffer reused by the next call of the same m).
   */
  forward(input: Matrix, _training = false): Matrix {
    const buf = this.#buffersFor(input.rows);
    this.#input = input;
    this.#last = buf;
    const { z, a } = buf;
    const n = this.outputSize, b = this.biases, Z = z.data, A = a.data;
    const m = input.rows, k = this.inputSize;
    if (input.cols !== k) {
      throw new TypeError(
        `Cannot multiply: B is ${n}x${k} but must be ${n}x${input.cols}`,
      );
    }
    // A sparse input (pixels) is compressed once, or comes compressed from
    // train(): forward and BP4 both skip its zeros
    const given = sparseOf(input);
    this.#inputRows = given ?? this.#sparse;
    this.#inputIsSparse = given !== undefined || (k >= SPARSE_MIN_WIDTH &&
      this.#sparse.compress(input.data, m, k, SPARSE_MAX_DENSITY));
    this.#wasmBatch = this.#inputIsSparse && this.#wasm !== undefined &&
      this.#wasm.forward(this.#inputRows, m, Z);
    if (this.#wasmBatch) {
      // done in WebAssembly: the same sums as gemmNTSparse
    } else if (this.#inputIsSparse) {
      gemmNTSparse(this.#inputRows, this.weights.data, Z, m, k, n);
    } else gemmNT(input.data, this.weights.data, Z, m, k, n);
    countDense("nt", this.#wasmBatch, this.#inputIsSparse, m);
    for (let i = 0; i < Z.length; i += n) {
      for (let j = 0; j < n; j++) Z[i + j]! += b[j]!;
    }
    const act = this.activation;
    if (act.forward) act.forward(Z, A, z.rows, n);
    else for (let i = 0; i < Z.length; i++) A[i] = act.fn(Z[i]!);
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
   * BP3, BP4 and `Δ W` from a `Δ` already in {@linkcode Dense.delta} (the
   * fused output path writes `Δ^L = (A − Y)/m` there directly).
   *
   * @param needInputGrad False for the first layer: skip `∂C/∂input`.
   * @returns `∂C/∂A_in = Δ W`, `m x n_in`.
   */
  backwardFromDelta(needInputGrad = true): Matrix {
    const { delta, inputGrad } = this.#state();
    const D = delta.data, gb = this.#biasGrad, n = this.outputSize;
    const m = delta.rows, k = this.inputSize, gW = this.#weightGrad.data;
    // BP4: ∂C/∂W = Δ^T A^(l-1) (Δ carries the 1/m of the batch mean)
    if (this.#wasmBatch) this.#wasm!.backward(D, m);
    else if (this.#inputIsSparse) gemmTNSparse(D, this.#inputRows, gW, m, n, k);
    else gemmTN(D, this.#input.data, gW, m, n, k);
    countDense("tn", this.#wasmBatch, this.#inputIsSparse, m);
    // BP3: ∂C/∂b = Σ_rows Δ
    gb.fill(0);
    for (let i = 0; i < D.length; i += n) {
      for (let j = 0; j < n; j++) gb[j]! += D[i + j]!;
    }
    // BP2's first half for the layer below: (W^T δ)^T for every row = Δ W
    if (needInputGrad) gemmNN(D, this.weights.data, inputGrad.data, m, n, k);
    if (needInputGrad) countKernel("gemmNN", m);
    return inputGrad;
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
    let buf = this.#buffers.get(rows);
    if (buf === undefined) {
      if (this.#buffers.size >= 4) this.#buffers.clear();
      buf = {
        z: new Matrix(rows, this.outputSize),
        a: new Matrix(rows, this.outputSize),
        delta: new Matrix(rows, this.outputSize),
        inputGrad: new Matrix(rows, this.inputSize),
      };
      this.#buffers.set(rows, buf);
    }
    return buf;
  }
}

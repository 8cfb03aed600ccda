/**
 * The Layer and Param interfaces.
 *
 * @module
 */
import type { Matrix } from "../tensor/matrix.ts";
import type { Activation } from "../activations/types.ts";

/** A trainable array of a layer with its gradient. */
export interface Param {
  /** Name within the layer: `"W"` or `"b"` for Dense. */
  readonly name: string;
  /** Shape, for example `[n_out, n_in]` for W. */
  readonly shape: readonly number[];
  /**
   * The values, updated in place by optimizers: float64, or float32 for a
   * layer created with `dtype: "float32"`.
   */
  readonly value: Float64Array | Float32Array;
  /** ∂C/∂value of the last `Network.gradient` call, in the value's dtype. */
  readonly grad: Float64Array | Float32Array;
  /** Whether L2 weight decay applies (weights yes, biases no). */
  readonly regularize?: boolean;
}

/**
 * One stage of a feed-forward network.
 *
 * `backward` receives `∂C/∂output` for the batch cost `C` (a mean over the
 * rows), fills the gradients of its Params and returns `∂C/∂input`. A layer
 * may reuse its output buffers between calls: callers copy what they keep.
 *
 * @example A user-defined layer that scales its input by a learned s
 * ```ts
 * import type { Layer, Param } from "./types.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * class Scale implements Layer {
 *   readonly inputSize: number;
 *   readonly outputSize: number;
 *   readonly params: readonly Param[];
 *   #s: Param = { name: "s", shape: [1], value: Float64Array.of(2), grad: new Float64Array(1) };
 *   #x = new Matrix(0, 0);
 *   constructor(n: number) {
 *     this.inputSize = n;
 *     this.outputSize = n;
 *     this.params = [this.#s];
 *   }
 *   forward(input: Matrix, _training: boolean): Matrix {
 *     this.#x = input;
 *     return new Matrix(input.rows, input.cols, input.data.map((v) => v * this.#s.value[0]!));
 *   }
 *   backward(grad: Matrix): Matrix {
 *     let g = 0;
 *     for (let i = 0; i < grad.data.length; i++) g += grad.data[i]! * this.#x.data[i]!;
 *     this.#s.grad[0] = g;
 *     return new Matrix(grad.rows, grad.cols, grad.data.map((v) => v * this.#s.value[0]!));
 *   }
 * }
 * assert.equal(new Scale(2).forward(Matrix.from([[1, 2]]), false).get(0, 1), 4);
 * ```
 */
export interface Layer {
  /** Width of the input rows. */
  readonly inputSize: number;
  /** Width of the output rows. */
  readonly outputSize: number;
  /** Trainable parameters, in a fixed order (Dense: W then b). */
  readonly params: readonly Param[];
  /**
   * Computes the layer's output for a batch.
   *
   * @param input `m x inputSize`.
   * @param training True while training (dropout active).
   * @returns `m x outputSize`.
   */
  forward(input: Matrix, training: boolean): Matrix;
  /**
   * Backpropagates through the layer for the batch of the last `forward`.
   *
   * @param outputGrad `∂C/∂output`, `m x outputSize`.
   * @param needInputGrad False when nothing reads `∂C/∂input` (the first
   * layer): the layer may skip computing it and return any matrix. A
   * layer that ignores the flag is still correct, only slower.
   * @returns `∂C/∂input`, `m x inputSize`.
   */
  backward(outputGrad: Matrix, needInputGrad?: boolean): Matrix;
  /**
   * The σ the layer applies last, `A = σ(Z)`. With `delta` and
   * `backwardFromDelta` it lets the output layer take the fused path: when
   * the cost pairs with this σ (`Cost.pairsWith`), the loop writes
   * `δ^L = (A − Y)/m` into `delta` and calls `backwardFromDelta`.
   */
  readonly activation?: Activation;
  /**
   * `∂C/∂Z` of the last backward pass, `m x outputSize` (the layer's own
   * buffer, sized by the last `forward`); the fused path writes it.
   */
  readonly delta?: Matrix;
  /**
   * BP3, BP4 and `∂C/∂input` from the `Δ = ∂C/∂Z` already in `delta`: the
   * second half of `backward`, without the `⊙ σ′(Z)`.
   *
   * @param needInputGrad As for `backward`.
   * @returns `∂C/∂input`, `m x inputSize`.
   */
  backwardFromDelta?(needInputGrad?: boolean): Matrix;
  /**
   * True if `forward` reads only the compressed rows that `train` attaches
   * to a sparse batch (pixels), never its dense values: then `train` leaves
   * the dense values of the batch unwritten when the layer comes first.
   */
  readonly readsSparseInput?: boolean;
  /**
   * `[channels, height, width]` of the input rows, for layers that see them
   * as images (Conv2D, the pools): a network checks that consecutive
   * shapes agree, not only their sizes.
   */
  readonly inputShape?: readonly number[];
  /** `[channels, height, width]` of the output rows, as `inputShape`. */
  readonly outputShape?: readonly number[];
  /**
   * The discrete choices of the last forward pass, as numbers: which side
   * of each kink of σ every `z` lies on, which cell won each max-pool
   * window. gradcheck compares them between its base pass and a perturbed
   * pass: a change means the step crossed a kink, where a finite difference
   * is not the derivative.
   *
   * @returns A fresh array (the caller keeps it).
   */
  kinkState?(): Float64Array;
  /**
   * While frozen, a layer with randomness (dropout) draws once, from a copy
   * of its generator, and reuses that draw, so repeated forward passes are
   * the same function (gradcheck uses this) and the layer's own random
   * sequence is untouched when it is unfrozen.
   */
  freeze?(frozen: boolean): void;
  /**
   * State other than Params that training changes (Dropout: its
   * generator), as JSON-safe data, so that a resumed run continues with the
   * same bits.
   */
  getState?(): unknown;
  /**
   * Restores a state from `getState`.
   *
   * @param state The saved state.
   */
  setState?(state: unknown): void;
  /** A JSON-safe description for saved models (type, sizes, weights). */
  toJSON?(): LayerJSON;
}

/** A layer as stored in a saved model. */
export interface LayerJSON {
  /** Layer type, for example `"dense"` or `"dropout"`. */
  readonly type: string;
  /** Any further fields the layer needs. */
  readonly [key: string]: unknown;
}

/**
 * The generic backprop pass over any stack of Layers and any Cost: the
 * chapter's four equations in batch form.
 *
 * @module
 */
import type { Layer } from "../layers/types.ts";
import type { Cost } from "../costs/types.ts";
import { Matrix } from "../tensor/matrix.ts";
import { ByBatchSize } from "../tensor/by_batch_size.ts";

/**
 * Reusable scratch space for one network: `∂C/∂A^L` per batch size and one
 * row of a, y and ∇_a C_x. Nothing is allocated per mini-batch once a batch
 * size has been seen.
 */
export class BackpropEngine {
  readonly #layers: readonly Layer[];
  readonly #cost: Cost;
  readonly #a: Float64Array;
  readonly #y: Float64Array;
  readonly #g: Float64Array;
  /** `∇_A C` of a batch, `m x n_out`. */
  readonly #outGrad: ByBatchSize<Matrix>;
  /** The output `A^L` of the last pass (a layer's buffer). */
  output: Matrix = new Matrix(0, 0);

  /**
   * Allocates the row scratch for a network.
   *
   * @param layers The network's layers.
   * @param cost The network's cost.
   */
  constructor(layers: readonly Layer[], cost: Cost) {
    this.#layers = layers;
    this.#cost = cost;
    const n = layers[layers.length - 1]!.outputSize;
    this.#a = new Float64Array(n);
    this.#y = new Float64Array(n);
    this.#g = new Float64Array(n);
    this.#outGrad = new ByBatchSize((m) => new Matrix(m, n));
  }

  /**
   * Forward pass: `A^0 = X`, `A^l = layer_l(A^(l-1))`.
   *
   * @param x The inputs.
   * @param training Whether dropout is active.
   * @returns `A^L` (a buffer of the last layer).
   */
  forward(x: Matrix, training: boolean): Matrix {
    let a = x;
    for (const layer of this.#layers) a = layer.forward(a, training);
    this.output = a;
    return a;
  }

  /**
   * Mean cost `(1/m) Σ_x C_x` of the last forward pass against `y`.
   *
   * @param y Targets, one row per sample.
   * @returns The mean cost.
   */
  meanCost(y: Matrix): number {
    const A = this.output.data,
      Y = y.data,
      n = y.cols,
      a = this.#a,
      yr = this.#y;
    let total = 0;
    for (let i = 0; i < Y.length; i += n) {
      for (let j = 0; j < n; j++) {
        a[j] = A[i + j]!;
        yr[j] = Y[i + j]!;
      }
      total += this.#cost.fn(a, yr);
    }
    return total / y.rows;
  }

  /**
   * Forward and backward pass: fills every Param's `grad` with the mean
   * gradient over the batch.
   *
   * @param x Inputs, `m x n_in`.
   * @param y Targets, `m x n_out`.
   * @param fused Use `δ^L = a − y` where the cost pairs with the output σ.
   * @returns The mean cost of the batch.
   */
  run(x: Matrix, y: Matrix, fused: boolean): number {
    this.forward(x, true);
    const loss = this.meanCost(y);
    const layers = this.#layers, m = y.rows, n = y.cols;
    const last = layers[layers.length - 1]!;
    const A = this.output.data, Y = y.data;
    let grad: Matrix;
    const pairs = this.#cost.pairsWith;
    if (
      fused && pairs !== undefined && last.activation?.name === pairs &&
      last.backwardFromDelta !== undefined && last.delta !== undefined
    ) {
      // BP1, fused: δ^L = a − y for this cost after this σ (over m: the mean)
      const D = last.delta.data;
      for (let i = 0; i < D.length; i++) D[i] = (A[i]! - Y[i]!) / m;
      grad = last.backwardFromDelta(layers.length > 1);
    } else {
      // ∇_A C for the batch mean: row x gets (1/m) ∇_a C_x
      const G = this.#outGrad.get(m), a = this.#a, yr = this.#y, g = this.#g;
      for (let i = 0; i < Y.length; i += n) {
        for (let j = 0; j < n; j++) {
          a[j] = A[i + j]!;
          yr[j] = Y[i + j]!;
        }
        this.#cost.gradient(a, yr, g);
        for (let j = 0; j < n; j++) G.data[i + j] = g[j]! / m;
      }
      grad = last.backward(G, layers.length > 1); // BP1 inside the layer
    }
    // BP2 down the stack: each layer turns ∂C/∂A^l into ∂C/∂A^(l-1)
    for (let l = layers.length - 2; l >= 0; l--) {
      grad = layers[l]!.backward(grad, l > 0);
    }
    return loss;
  }
}

/**
 * Max-pooling: the largest value of every window, and δ routed back to it.
 *
 * @module
 */
import type { Layer, LayerJSON, Param } from "./types.ts";
import { Matrix } from "../tensor/matrix.ts";
import { ByBatchSize } from "../tensor/by_batch_size.ts";
import { checkRowWidth, type Shape3 } from "./shape.ts";
import { type PoolOptions, poolShapes } from "./pool_geometry.ts";
import {
  maxPool2InWasm,
  maxPoolBackInWasm,
  poolOutputs,
} from "../tensor/kernels/mod.ts";

/**
 * Max-pooling over `size x size` windows of every channel (PyTorch's
 * `nn.MaxPool2d` without padding): `a'_{c,y,x} = max_(u,v) a_{c, y·s+u, x·s+v}`.
 * Of tied values the first in row-major order of the window wins; gradcheck
 * treats a tie as a kink (see {@linkcode MaxPool2D.kinkState}).
 *
 * @example
 * ```ts
 * import { MaxPool2D } from "./max_pool2d.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const pool = new MaxPool2D([1, 2, 4], 2);
 * assert.deepEqual(pool.outputShape, [1, 1, 2]);
 * const out = pool.forward(Matrix.from([[1, 5, 2, 0, 3, 4, 9, 8]]), false);
 * assert.deepEqual([...out.data], [5, 9]);
 * ```
 */
export class MaxPool2D implements Layer {
  /** `[channels, height, width]` in. */
  readonly inputShape: Shape3;
  /** `[channels, height', width']` out. */
  readonly outputShape: Shape3;
  /** `channels · height · width`. */
  readonly inputSize: number;
  /** `channels · height' · width'`. */
  readonly outputSize: number;
  /** The window's side. */
  readonly size: number;
  /** The step between windows. */
  readonly stride: number;
  /** Pooling has no trainable parameters. */
  readonly params: readonly Param[] = [];
  #out = new Matrix(0, 0);
  #grad = new Matrix(0, 0);
  /** Index in the input row of the winner of every output. */
  #argmax: Int32Array = new Int32Array(0);
  /** Buffers per batch size (training, last batch, evaluation). */
  /** The input of the forward pass under way. */
  #input: Float64Array = new Float64Array(0);
  /** Outputs where the input of their first batch lies (WebAssembly or not). */
  #buffers = new ByBatchSize((m): [Matrix, Matrix, Int32Array] => {
    const { out, argmax, grad } = poolOutputs(
      this.#input,
      m * this.outputSize,
      m * this.inputSize,
    );
    return [
      new Matrix(m, this.outputSize, out),
      new Matrix(m, this.inputSize, grad),
      argmax,
    ];
  });

  /**
   * Creates the layer.
   *
   * @param inputShape `[channels, height, width]`.
   * @param size The window's side.
   * @param options The stride (default: `size`, windows side by side).
   * @throws {TypeError} If the shape is malformed or the window does not fit.
   * @throws {RangeError} If the size or stride is not a positive integer.
   */
  constructor(
    inputShape: readonly number[],
    size: number,
    options: PoolOptions = {},
  ) {
    const s = poolShapes(inputShape, size, options, "MaxPool2D");
    this.inputShape = s.inputShape;
    this.outputShape = s.outputShape;
    this.size = s.size;
    this.stride = s.stride;
    this.inputSize = s.inputShape[0] * s.inputShape[1] * s.inputShape[2];
    this.outputSize = s.outputShape[0] * s.outputShape[1] * s.outputShape[2];
  }

  /**
   * The maximum of every window, remembering where it was.
   *
   * @param input `m x inputSize`.
   * @param _training Unused.
   * @returns `m x outputSize` (a buffer reused by the next call of the same m).
   * @throws {TypeError} If the rows are not `inputSize` wide.
   */
  forward(input: Matrix, _training = false): Matrix {
    checkRowWidth("MaxPool2D", input.cols, this.inputShape);
    const m = input.rows;
    this.#input = input.data;
    [this.#out, this.#grad, this.#argmax] = this.#buffers.get(m);
    const [C, H, W] = this.inputShape, [, OH, OW] = this.outputShape;
    const X = input.data, O = this.#out.data, arg = this.#argmax;
    const k = this.size, s = this.stride;
    if (k === 2) {
      // in WebAssembly when the input and the outputs are in its memory
      if (maxPool2InWasm(X, O, arg, m, [C, H, W, OH, OW, s])) return this.#out;
      maxPool2x2(X, O, arg, m, this.inputSize, C, H, W, OH, OW, s);
      return this.#out;
    }
    let o = 0;
    for (let i = 0; i < m; i++) {
      const xi = i * this.inputSize;
      for (let c = 0; c < C; c++) {
        const xc = xi + c * H * W;
        for (let y = 0; y < OH; y++) {
          for (let x = 0; x < OW; x++, o++) {
            let best = xc + y * s * W + x * s, max = X[best]!;
            for (let u = 0; u < k; u++) {
              const row = xc + (y * s + u) * W + x * s;
              for (let v = 0; v < k; v++) {
                const val = X[row + v]!;
                if (val > max) {
                  max = val;
                  best = row + v;
                }
              }
            }
            O[o] = max;
            arg[o] = best - xi;
          }
        }
      }
    }
    return this.#out;
  }

  /**
   * Routes every output's gradient to the input that won its window (the
   * max is locally the identity on the winner and constant in the rest):
   * `∂C/∂a_{winner} += ∂C/∂a'`, zero elsewhere.
   *
   * @param outputGrad `∂C/∂output`, `m x outputSize`.
   * @returns `∂C/∂input`, `m x inputSize`.
   */
  backward(outputGrad: Matrix): Matrix {
    const G = outputGrad.data, D = this.#grad.data, arg = this.#argmax;
    const n = this.outputSize, nIn = this.inputSize;
    if (maxPoolBackInWasm(G, arg, D, outputGrad.rows, n, nIn)) {
      return this.#grad;
    }
    D.fill(0);
    for (let o = 0, row = 0; row < G.length; row += n) {
      // BP2 through the pool: δ goes to the arg-max of its window only
      const base = (row / n) * nIn;
      for (const end = row + n; o < end; o++) D[base + arg[o]!]! += G[o]!;
    }
    return this.#grad;
  }

  /**
   * The winner of every window in the last forward pass, for gradcheck: a
   * step that changes a winner crossed a kink of the max (a tie, or a
   * near-tie within the step), where a finite difference is not the
   * derivative.
   *
   * @returns The arg-max indices as numbers.
   */
  kinkState(): Float64Array {
    return Float64Array.from(this.#argmax);
  }

  /**
   * The layer as stored in a saved model.
   *
   * @returns Type, input shape, size and stride.
   */
  toJSON(): LayerJSON {
    return {
      type: "maxpool2d",
      inputShape: [...this.inputShape],
      size: this.size,
      stride: this.stride,
    };
  }
}

/**
 * The 2x2 windows (the common case) written out: the same comparisons in
 * the same order as the general loop (row by row, the first maximum wins
 * a tie), without its inner loops.
 */
function maxPool2x2(
  X: Float64Array,
  O: Float64Array,
  arg: Int32Array,
  m: number,
  nIn: number,
  C: number,
  H: number,
  W: number,
  OH: number,
  OW: number,
  s: number,
): void {
  let o = 0;
  for (let i = 0; i < m; i++) {
    const xi = i * nIn;
    for (let c = 0; c < C; c++) {
      const xc = xi + c * H * W;
      for (let y = 0; y < OH; y++) {
        const top = xc + y * s * W;
        for (let x = 0, r = top; x < OW; x++, o++, r += s) {
          let best = r, max = X[r]!;
          const b = X[r + 1]!, c2 = X[r + W]!, d = X[r + W + 1]!;
          if (b > max) {
            max = b;
            best = r + 1;
          }
          if (c2 > max) {
            max = c2;
            best = r + W;
          }
          if (d > max) {
            max = d;
            best = r + W + 1;
          }
          O[o] = max;
          arg[o] = best - xi;
        }
      }
    }
  }
}

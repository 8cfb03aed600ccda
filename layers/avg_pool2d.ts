/**
 * Average-pooling: the mean of every window, and δ shared out evenly.
 *
 * @module
 */
import type { Layer, LayerJSON, Param } from "./types.ts";
import { Matrix } from "../tensor/matrix.ts";
import { ByBatchSize } from "../tensor/by_batch_size.ts";
import { checkRowWidth, type Shape3 } from "./shape.ts";
import { type PoolOptions, poolShapes } from "./pool_geometry.ts";

/**
 * Average-pooling over `size x size` windows of every channel (PyTorch's
 * `nn.AvgPool2d` without padding):
 * `a'_{c,y,x} = (1/size²) Σ_(u,v) a_{c, y·s+u, x·s+v}`.
 *
 * @example
 * ```ts
 * import { AvgPool2D } from "./avg_pool2d.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const pool = new AvgPool2D([1, 2, 2], 2);
 * assert.deepEqual([...pool.forward(Matrix.from([[1, 2, 3, 6]]), false).data], [3]);
 * ```
 */
export class AvgPool2D implements Layer {
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
  /** Buffers per batch size (training, last batch, evaluation). */
  #buffers = new ByBatchSize((m): [Matrix, Matrix] => [
    new Matrix(m, this.outputSize),
    new Matrix(m, this.inputSize),
  ]);

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
    const s = poolShapes(inputShape, size, options, "AvgPool2D");
    this.inputShape = s.inputShape;
    this.outputShape = s.outputShape;
    this.size = s.size;
    this.stride = s.stride;
    this.inputSize = s.inputShape[0] * s.inputShape[1] * s.inputShape[2];
    this.outputSize = s.outputShape[0] * s.outputShape[1] * s.outputShape[2];
  }

  /**
   * The mean of every window.
   *
   * @param input `m x inputSize`.
   * @param _training Unused.
   * @returns `m x outputSize` (a buffer reused by the next call of the same m).
   * @throws {TypeError} If the rows are not `inputSize` wide.
   */
  forward(input: Matrix, _training = false): Matrix {
    checkRowWidth("AvgPool2D", input.cols, this.inputShape);
    const m = input.rows;
    [this.#out, this.#grad] = this.#buffers.get(m);
    const [C, H, W] = this.inputShape, [, OH, OW] = this.outputShape;
    const X = input.data, O = this.#out.data, k = this.size, s = this.stride;
    const scale = 1 / (k * k);
    let o = 0;
    for (let i = 0; i < m; i++) {
      for (let c = 0; c < C; c++) {
        const xc = i * this.inputSize + c * H * W;
        for (let y = 0; y < OH; y++) {
          for (let x = 0; x < OW; x++, o++) {
            let sum = 0;
            for (let u = 0; u < k; u++) {
              const row = xc + (y * s + u) * W + x * s;
              for (let v = 0; v < k; v++) sum += X[row + v]!;
            }
            O[o] = sum * scale;
          }
        }
      }
    }
    return this.#out;
  }

  /**
   * Shares every output's gradient evenly over its window:
   * `∂C/∂a_{c,y·s+u,x·s+v} += ∂C/∂a'_{c,y,x} / size²`.
   *
   * @param outputGrad `∂C/∂output`, `m x outputSize`.
   * @returns `∂C/∂input`, `m x inputSize`.
   */
  backward(outputGrad: Matrix): Matrix {
    const [C, H, W] = this.inputShape, [, OH, OW] = this.outputShape;
    const G = outputGrad.data, D = this.#grad.data, k = this.size;
    const s = this.stride, scale = 1 / (k * k), m = outputGrad.rows;
    D.fill(0);
    let o = 0;
    for (let i = 0; i < m; i++) {
      for (let c = 0; c < C; c++) {
        const xc = i * this.inputSize + c * H * W;
        for (let y = 0; y < OH; y++) {
          for (let x = 0; x < OW; x++, o++) {
            // BP2 through the pool: δ/size² to every cell of the window
            const g = G[o]! * scale;
            for (let u = 0; u < k; u++) {
              const row = xc + (y * s + u) * W + x * s;
              for (let v = 0; v < k; v++) D[row + v]! += g;
            }
          }
        }
      }
    }
    return this.#grad;
  }

  /**
   * The layer as stored in a saved model.
   *
   * @returns Type, input shape, size and stride.
   */
  toJSON(): LayerJSON {
    return {
      type: "avgpool2d",
      inputShape: [...this.inputShape],
      size: this.size,
      stride: this.stride,
    };
  }
}

/**
 * A frozen dropout mask as a layer, for rebuilding a network in a Worker.
 *
 * @module
 */
import type { Layer, Param } from "../layers/mod.ts";
import type { Dropout } from "../layers/mod.ts";
import { Matrix } from "../tensor/mod.ts";

/**
 * Multiplies its input by a fixed mask, with the same arithmetic as a frozen
 * `Dropout` in training mode (`out = x · mask`), so that a Worker's forward
 * passes are bit-identical to the main thread's. Forward only.
 *
 * @example
 * ```ts
 * import { FixedMask } from "./fixed_mask.ts";
 * import { Matrix } from "../tensor/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layer = new FixedMask(2, Float64Array.of(0, 2, 2, 0));
 * assert.deepEqual(Array.from(layer.forward(Matrix.from([[1, 2], [3, 4]])).data), [0, 4, 6, 0]);
 * ```
 */
export class FixedMask implements Layer {
  /** Width of the rows. */
  readonly inputSize: number;
  /** Width of the rows. */
  readonly outputSize: number;
  /** No Params. */
  readonly params: readonly Param[] = [];
  readonly #mask: Float64Array;
  #out = new Matrix(0, 0);

  /**
   * Wraps a mask.
   *
   * @param size Width of the rows.
   * @param mask `m x size` multipliers, row-major.
   */
  constructor(size: number, mask: Float64Array) {
    this.inputSize = size;
    this.outputSize = size;
    this.#mask = mask;
  }

  /**
   * `x · mask`, entry by entry.
   *
   * @param input `m x size`.
   * @returns The masked input.
   * @throws {TypeError} If the batch does not match the mask.
   */
  forward(input: Matrix): Matrix {
    if (input.data.length !== this.#mask.length) {
      throw new TypeError(
        `Cannot apply mask: it holds ${this.#mask.length} values but the batch has ${input.data.length}`,
      );
    }
    if (this.#out.data.length !== input.data.length) {
      this.#out = new Matrix(input.rows, input.cols);
    }
    const X = input.data, O = this.#out.data, M = this.#mask;
    for (let i = 0; i < X.length; i++) O[i] = X[i]! * M[i]!;
    return this.#out;
  }

  /**
   * Not supported: the mask layer serves forward passes only.
   *
   * @returns Never.
   * @throws {Error} Always.
   */
  backward(): Matrix {
    throw new Error("Cannot backpropagate through FixedMask: forward only");
  }
}

/**
 * The current mask of a frozen Dropout layer, read by a forward pass of ones
 * in training mode (a training-mode Dropout with rate 0 gives ones).
 *
 * @param layer The frozen layer.
 * @param rows The batch size.
 * @returns The `rows x size` mask.
 *
 * @example
 * ```ts
 * import { readMask } from "./fixed_mask.ts";
 * import { Dropout } from "../layers/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const d = new Dropout(4, 0.5, { seed: 1 });
 * d.freeze(true);
 * const mask = readMask(d, 1);
 * assert.ok(mask.every((v) => v === 0 || v === 2));
 * assert.deepEqual(readMask(d, 1), mask);
 * ```
 */
export function readMask(layer: Dropout, rows: number): Float64Array {
  const ones = new Matrix(rows, layer.inputSize);
  ones.data.fill(1);
  return layer.forward(ones, true).data.slice();
}

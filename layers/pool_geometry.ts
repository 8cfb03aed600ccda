/**
 * The shape bookkeeping that the pooling layers share.
 *
 * @module
 */
import {
  checkShape,
  formatShape,
  positive,
  type Shape3,
  windowAxis,
} from "./shape.ts";

/** Options of {@linkcode MaxPool2D} and {@linkcode AvgPool2D}. */
export interface PoolOptions {
  /**
   * Step between windows.
   *
   * @default {size}
   */
  stride?: number;
}

/** Input and output shapes of a pooling layer. */
export interface PoolShapes {
  /** `[channels, height, width]` in. */
  inputShape: Shape3;
  /** `[channels, height', width']` out. */
  outputShape: Shape3;
  /** The window's side. */
  size: number;
  /** The step between windows. */
  stride: number;
}

/**
 * Validates a pooling layer's arguments and computes its output shape:
 * windows only where they fit (no padding), `⌊(n − size)/stride⌋ + 1`.
 *
 * @param inputShape `[channels, height, width]`.
 * @param size The window's side.
 * @param options The stride.
 * @param where The layer's name for messages.
 * @returns The shapes.
 * @throws {TypeError} If the shape is malformed or the window does not fit.
 * @throws {RangeError} If the size or stride is not a positive integer.
 *
 * @example
 * ```ts
 * import { poolShapes } from "./pool_geometry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(poolShapes([20, 24, 24], 2, {}, "MaxPool2D").outputShape, [20, 12, 12]);
 * ```
 */
export function poolShapes(
  inputShape: readonly number[],
  size: number,
  options: PoolOptions,
  where: string,
): PoolShapes {
  const shape = checkShape(inputShape, where);
  positive(size, "size", where);
  const stride = positive(options.stride ?? size, "stride", where);
  const y = windowAxis(shape[1], size, stride, "valid");
  const x = windowAxis(shape[2], size, stride, "valid");
  if (y.size < 1 || x.size < 1) {
    throw new TypeError(
      `Cannot create ${where} layer: a ${size}x${size} window does not fit the input ${
        formatShape(shape)
      }`,
    );
  }
  return {
    inputShape: shape,
    outputShape: Object.freeze([shape[0], y.size, x.size]) as Shape3,
    size,
    stride,
  };
}

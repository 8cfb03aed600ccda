/**
 * Image shapes `[channels, height, width]` and the output size of a sliding
 * window, shared by the convolution and pooling layers.
 *
 * @module
 */

/** `[channels, height, width]`; a row holds the image channel-major. */
export type Shape3 = readonly [number, number, number];

/** How a convolution pads its input. */
export type Padding = "valid" | "same";

/**
 * Checks that a shape is three positive integers and returns a frozen copy.
 *
 * @param shape The shape to check.
 * @param where The layer, for the message, such as `"Conv2D"`.
 * @returns The shape as a frozen tuple.
 * @throws {TypeError} If it is not `[channels, height, width]` of positive integers.
 *
 * @example
 * ```ts
 * import { checkShape } from "./shape.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(checkShape([1, 28, 28], "Conv2D"), [1, 28, 28]);
 * assert.throws(() => checkShape([28, 28] as never, "Conv2D"), /\[channels, height, width\]/);
 * ```
 */
export function checkShape(shape: readonly number[], where: string): Shape3 {
  if (
    !Array.isArray(shape) || shape.length !== 3 ||
    !shape.every((n) => Number.isInteger(n) && n >= 1)
  ) {
    throw new TypeError(
      `Cannot create ${where} layer: inputShape must be [channels, height, width] of positive integers, got '${
        JSON.stringify(shape)
      }'`,
    );
  }
  return Object.freeze([shape[0]!, shape[1]!, shape[2]!]) as Shape3;
}

/**
 * A window's placement along one axis: the output length and the padding
 * before the first element. `"valid"` places the window only where it fits:
 * `⌊(n − k)/s⌋ + 1`; `"same"` pads so that the output has `⌈n/s⌉` elements
 * (TensorFlow's rule; with stride 1 it is PyTorch's `padding="same"`), the
 * odd element of padding going after.
 *
 * @param n Input length.
 * @param k Window length.
 * @param stride Step between windows.
 * @param padding `"valid"` or `"same"`.
 * @returns The output length (0 if the window does not fit) and the padding before.
 *
 * @example
 * ```ts
 * import { windowAxis } from "./shape.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(windowAxis(28, 5, 1, "valid"), { size: 24, before: 0 });
 * assert.deepEqual(windowAxis(28, 5, 1, "same"), { size: 28, before: 2 });
 * assert.deepEqual(windowAxis(7, 3, 2, "same"), { size: 4, before: 1 });
 * ```
 */
export function windowAxis(
  n: number,
  k: number,
  stride: number,
  padding: Padding,
): { size: number; before: number } {
  if (padding === "valid") {
    return { size: n < k ? 0 : Math.floor((n - k) / stride) + 1, before: 0 };
  }
  const size = Math.ceil(n / stride);
  const total = Math.max((size - 1) * stride + k - n, 0);
  return { size, before: Math.floor(total / 2) };
}

/**
 * Formats a shape for messages: `1x28x28`.
 *
 * @param shape The shape.
 * @returns The shape joined by `x`.
 *
 * @example
 * ```ts
 * import { formatShape } from "./shape.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatShape([20, 12, 12]), "20x12x12");
 * ```
 */
export function formatShape(shape: readonly number[]): string {
  return shape.join("x");
}

/**
 * Checks a positive integer option of a layer.
 *
 * @param value The value.
 * @param name The option's name.
 * @param where The layer.
 * @returns The value.
 * @throws {RangeError} If it is not a positive integer.
 *
 * @example
 * ```ts
 * import { positive } from "./shape.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(positive(2, "stride", "MaxPool2D"), 2);
 * assert.throws(() => positive(0, "stride", "MaxPool2D"), /stride must be a positive integer/);
 * ```
 */
export function positive(value: number, name: string, where: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot create ${where} layer: ${name} must be a positive integer, got '${value}'`,
    );
  }
  return value;
}

/**
 * Checks that a batch's rows are as wide as a shape's flattened size.
 *
 * @param layer The layer's name, for the message.
 * @param cols The rows' width.
 * @param shape The input shape.
 * @throws {TypeError} Naming both widths and the shape.
 *
 * @example
 * ```ts
 * import { checkRowWidth } from "./shape.ts";
 * import assert from "node:assert/strict";
 *
 * checkRowWidth("MaxPool2D", 12, [3, 2, 2]);
 * assert.throws(() => checkRowWidth("MaxPool2D", 10, [3, 2, 2]), /10 values but shape 3x2x2 needs 12/);
 * ```
 */
export function checkRowWidth(
  layer: string,
  cols: number,
  shape: readonly [number, number, number],
): void {
  const size = shape[0] * shape[1] * shape[2];
  if (cols !== size) {
    throw new TypeError(
      `Cannot apply ${layer}: input rows have ${cols} values but shape ${
        formatShape(shape)
      } needs ${size}`,
    );
  }
}

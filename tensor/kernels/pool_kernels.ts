/**
 * Max-pooling's storage and kernel: its outputs go into the arena of its
 * input when that is WebAssembly memory (a Conv2D's activations are), so
 * that the 2x2 windows run in WebAssembly with `select` instead of
 * TypeScript's branches, and the next layer reads the maxima in place.
 *
 * @module
 */
import { Arena } from "./arena.ts";
import { BATCH_ARENA_BYTES, carve, holdAlso } from "./arena_views.ts";

/** A pooling layer's outputs for one batch size. */
export interface PoolOutputs {
  /** The window maxima, `m x outputSize`. */
  readonly out: Float64Array;
  /** Where each maximum was, within its image. */
  readonly argmax: Int32Array;
  /** `∂C/∂input`, `m x inputSize`. */
  readonly grad: Float64Array;
}

/**
 * The outputs of a pooling layer for `length` values a batch: in the
 * arena of `input` when it is in one and they fit in
 * `BATCH_ARENA_BYTES`, else plain arrays.
 *
 * @param input The batch the layer pools.
 * @param length Output values a batch (`m · outputSize`).
 * @param inputLength Input values a batch (`m · inputSize`), the size of
 * the input gradient.
 * @returns The maxima, their indices and the input gradient.
 *
 * @example
 * ```ts
 * import { poolOutputs } from "./pool_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const { out, argmax, grad } = poolOutputs(new Float64Array(16), 4, 16);
 * assert.equal(out.length, argmax.length);
 * assert.equal(grad.length, 16);
 * ```
 */
export function poolOutputs(
  input: Float64Array,
  length: number,
  inputLength: number,
): PoolOutputs {
  const arena = length * 12 + inputLength * 8 <= BATCH_ARENA_BYTES
    ? Arena.owning(input)
    : undefined;
  const { views } = carve(arena, [
    ["out", length, 8],
    ["arg", length, 4],
    ["grad", inputLength, 8],
  ]);
  const out = views.out as Float64Array, arg = views.arg!;
  const grad = views.grad as Float64Array;
  // the int32 indices over the float32 view's memory, keeping the block
  // alive as the views do
  const argmax = new Int32Array(arg.buffer, arg.byteOffset, length);
  holdAlso(arg, argmax);
  return { out, argmax, grad };
}

/**
 * 2x2 max-pooling of `m` images by the WebAssembly kernel, when the input
 * and both outputs are views of one arena: the same maxima and indices as
 * the TypeScript loop (row by row, a strict `>`).
 *
 * @param x The images, `m x C·H·W`, channel-major.
 * @param out Receives the maxima, `m x C·OH·OW`.
 * @param argmax Receives each maximum's index within its image.
 * @param m Images.
 * @param shape `[C, H, W, OH, OW, stride]`.
 * @returns False, having done nothing, if the arrays are not all in one arena.
 *
 * @example
 * ```ts
 * import { maxPool2InWasm } from "./pool_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * // plain arrays: the layer's TypeScript loop does the work
 * const x = new Float64Array(4);
 * assert.equal(maxPool2InWasm(x, new Float64Array(1), new Int32Array(1), 1, [1, 2, 2, 1, 1, 2]), false);
 * ```
 */
export function maxPool2InWasm(
  x: Float64Array,
  out: Float64Array,
  argmax: Int32Array,
  m: number,
  shape: readonly [number, number, number, number, number, number],
): boolean {
  const arena = Arena.owning(x);
  if (arena === undefined || !arena.owns(out) || !arena.owns(argmax)) {
    return false;
  }
  const [C, H, W, OH, OW, s] = shape;
  if (
    x.length < m * C * H * W || out.length < m * C * OH * OW ||
    argmax.length < m * C * OH * OW
  ) {
    throw new RangeError("Cannot pool: the arrays are shorter than the batch");
  }
  arena.kernels.maxPool2F64(
    x.byteOffset,
    out.byteOffset,
    argmax.byteOffset,
    m,
    C,
    H,
    W,
    OH,
    OW,
    s,
  );
  return true;
}

/**
 * Max-pooling's BP2 in WebAssembly: `grad` is zeroed, then every output's
 * gradient is added at its window's arg-max, in the order of the outputs
 * (the TypeScript loop's sums).
 *
 * @param outputGrad `∂C/∂output`, `m x outputSize`.
 * @param argmax The arg-max of every output, within its image.
 * @param grad Receives `∂C/∂input`, `m x inputSize`.
 * @param m Images.
 * @param outputSize Outputs per image.
 * @param inputSize Inputs per image.
 * @returns False, having done nothing, unless the three arrays are in one
 * arena.
 *
 * @example
 * ```ts
 * import { maxPoolBackInWasm } from "./pool_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const d = new Float64Array(4);
 * assert.equal(maxPoolBackInWasm(Float64Array.of(1), Int32Array.of(2), d, 1, 1, 4), false);
 * ```
 */
export function maxPoolBackInWasm(
  outputGrad: Float64Array,
  argmax: Int32Array,
  grad: Float64Array,
  m: number,
  outputSize: number,
  inputSize: number,
): boolean {
  const arena = Arena.owning(grad);
  if (
    arena === undefined || !arena.owns(outputGrad) || !arena.owns(argmax)
  ) return false;
  if (
    outputGrad.length < m * outputSize || argmax.length < m * outputSize ||
    grad.length < m * inputSize
  ) {
    throw new RangeError(
      "Cannot route the pool's gradient: the arrays are shorter than the batch",
    );
  }
  grad.fill(0, 0, m * inputSize);
  arena.kernels.maxPoolBackF64(
    outputGrad.byteOffset,
    argmax.byteOffset,
    grad.byteOffset,
    m,
    outputSize,
    inputSize,
  );
  return true;
}

/**
 * The `dtype` and `threads` options every layer with parameters takes,
 * checked in one place.
 *
 * @module
 */
import {
  defaultThreads,
  type DType,
  DTYPES,
  MAX_THREADS,
} from "../tensor/kernels/mod.ts";
import { quoteList } from "../internal/quote.ts";

/** The options as a layer gives them. */
export interface KernelOptions {
  /** Element type of the parameters and products. */
  dtype?: DType;
  /** Most threads the products may use. */
  threads?: number;
}

/**
 * Checks and fills in `dtype` (default float64) and `threads` (default the
 * runtime's cores).
 *
 * @param layer The layer's name, for messages ("Dense", "Conv2D").
 * @param options What the caller gave.
 * @returns Both, checked.
 * @throws {RangeError} For an unknown dtype, or a thread count that is not
 * an integer from 1 to `MAX_THREADS`.
 *
 * @example
 * ```ts
 * import { kernelOptions } from "./kernel_options.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(kernelOptions("Dense", { threads: 1 }).dtype, "float64");
 * assert.throws(() => kernelOptions("Dense", { threads: 0 }), RangeError);
 * ```
 */
export function kernelOptions(
  layer: string,
  options: KernelOptions,
): { dtype: DType; threads: number } {
  const dtype = options.dtype ?? "float64";
  if (!DTYPES.includes(dtype)) {
    throw new RangeError(
      `Unknown dtype '${dtype}': use one of ${quoteList(DTYPES)}`,
    );
  }
  const threads = options.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new RangeError(
      `Cannot create ${layer} layer: threads must be an integer from 1 to ${MAX_THREADS}, got '${threads}'`,
    );
  }
  return { dtype, threads };
}

/**
 * Element-wise functions run by the WebAssembly SIMD kernels when their
 * arrays live in an arena (a layer's Z and A do), for the activations to
 * call before their scalar loops.
 *
 * @module
 */
import { Arena } from "./arena.ts";

/**
 * `out[i] = σ(z[i]) = 1 / (1 + e^(−z[i]))` for `i < n` by the SIMD kernel
 * of `wasm/gen_sigmoid.ts` (within 2 ulp of the scalar formula with
 * `Math.exp`, and the same bits in every runtime), if both arrays are
 * views of one arena.
 *
 * @param z The inputs.
 * @param out The outputs (may be `z`).
 * @param n How many.
 * @returns False, having done nothing, if the arrays are not in an arena.
 *
 * @example
 * ```ts
 * import { sigmoidInWasm } from "./vector_math.ts";
 * import assert from "node:assert/strict";
 *
 * // plain arrays: the caller's scalar loop does the work
 * const z = Float64Array.of(0, 1);
 * assert.equal(sigmoidInWasm(z, new Float64Array(2), 2), false);
 * ```
 */
export function sigmoidInWasm(
  z: Float64Array,
  out: Float64Array,
  n: number,
): boolean {
  const arena = Arena.owning(z);
  if (arena === undefined || !arena.owns(out)) return false;
  if (n > z.length || n > out.length) {
    throw new RangeError(
      `Cannot apply sigmoid: ${n} values asked of arrays of ${z.length} and ${out.length}`,
    );
  }
  arena.kernels.sigmoidF64(z.byteOffset, out.byteOffset, n);
  return true;
}

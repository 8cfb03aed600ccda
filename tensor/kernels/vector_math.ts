/**
 * Element-wise functions run by the WebAssembly SIMD kernels, for the
 * activations to call before their scalar loops: in place when the arrays
 * live in an arena (a Dense layer's Z and A do), else through a scratch
 * block of the arena (two copies cost far less than the function).
 *
 * @module
 */
import { Arena, plainKernelsActive } from "./arena.ts";
import { KIND_SIGMOID_F32, KIND_SIGMOID_F64 } from "./thread_jobs.ts";
import { MIN_PARALLEL_SIGMOID_VALUES, poolForValues } from "./threads.ts";

/** Values per pass through the scratch block (64 KiB: stays in L2). */
const CHUNK = 8192;

/** The scratch block, made at the first call and kept for the process. */
let scratch: { arena: Arena; at: number; view: Float64Array } | undefined;

function scratchBlock(): typeof scratch {
  if (scratch !== undefined) return scratch;
  const arena = Arena.find(CHUNK * 8);
  const at = arena?.alloc(CHUNK * 8);
  if (arena === undefined || at === undefined) return undefined;
  return scratch = { arena, at, view: arena.f64(at, CHUNK) };
}

/**
 * `out[i] = σ(z[i]) = 1 / (1 + e^(−z[i]))` for `i < n` by the SIMD kernel
 * of `wasm/gen_sigmoid.ts` (within 2 ulp of the scalar formula with
 * `Math.exp`, and the same bits in every runtime with WebAssembly SIMD).
 *
 * @param z The inputs.
 * @param out The outputs (may be `z`).
 * @param n How many.
 * @param threads Most threads to use (split from 16,384 values in an
 * arena's memory, where a Dense layer's buffers are; the same bits).
 * @returns False, having done nothing, where there is no WebAssembly SIMD
 * or inside `plainKernels` (then the caller's scalar loop runs).
 *
 * @example
 * ```ts
 * import { sigmoidInWasm } from "./vector_math.ts";
 * import assert from "node:assert/strict";
 *
 * const a = new Float64Array(2);
 * if (sigmoidInWasm(Float64Array.of(0, 1), a, 2)) {
 *   assert.equal(a[0], 0.5);
 *   assert.ok(Math.abs(a[1]! - 1 / (1 + Math.exp(-1))) < 1e-15);
 * }
 * ```
 */
export function sigmoidInWasm(
  z: Float64Array,
  out: Float64Array,
  n: number,
  threads = 1,
): boolean {
  return vectorInWasm("sigmoidF64", z, out, n, threads);
}

/**
 * `out[i] = σ(fround(z[i]))` computed in float32 for `i < n` by the
 * four-lane kernel of `wasm/gen_sigmoid32.ts` (for float32 layers: within
 * 2 float32 ulps of `fround(1/(1+e^(−fround(z))))`, the same bits in every
 * runtime with WebAssembly SIMD).
 *
 * @param z The inputs.
 * @param out The outputs (may be `z`), float32 values.
 * @param n How many.
 * @param threads Most threads to use (split from 16,384 values in an
 * arena's memory, where a Dense layer's buffers are; the same bits).
 * @returns False, having done nothing, where there is no WebAssembly SIMD
 * or inside `plainKernels`.
 *
 * @example
 * ```ts
 * import { sigmoid32InWasm } from "./vector_math.ts";
 * import assert from "node:assert/strict";
 *
 * const a = new Float64Array(2);
 * if (sigmoid32InWasm(Float64Array.of(0, 1), a, 2)) {
 *   assert.equal(a[0], 0.5);
 *   assert.equal(a[1], Math.fround(a[1]!));
 * }
 * ```
 */
export function sigmoid32InWasm(
  z: Float64Array,
  out: Float64Array,
  n: number,
  threads = 1,
): boolean {
  return vectorInWasm("sigmoidF32", z, out, n, threads);
}

/** A one-input element-wise kernel: in place in the arena (split between
 * `threads` when it is large), else through
 * the scratch block. */
function vectorInWasm(
  kernel: "sigmoidF64" | "sigmoidF32",
  z: Float64Array,
  out: Float64Array,
  n: number,
  threads: number,
): boolean {
  if (n > z.length || n > out.length) {
    throw new RangeError(
      `Cannot apply sigmoid: ${n} values asked of arrays of ${z.length} and ${out.length}`,
    );
  }
  if (plainKernelsActive()) return false;
  const arena = Arena.owning(z);
  if (arena !== undefined && arena.owns(out)) {
    const pool = poolForValues(arena, threads, n, MIN_PARALLEL_SIGMOID_VALUES);
    // each value is the same function of its input on any thread
    if (pool !== undefined) {
      const kind = kernel === "sigmoidF64"
        ? KIND_SIGMOID_F64
        : KIND_SIGMOID_F32;
      pool.runValues(kind, n, threads, z.byteOffset, out.byteOffset);
    } else arena.kernels[kernel](z.byteOffset, out.byteOffset, n);
    return true;
  }
  const s = scratchBlock();
  if (s === undefined) return false;
  const f = s.arena.kernels[kernel];
  for (let i = 0; i < n; i += CHUNK) {
    const len = Math.min(CHUNK, n - i);
    s.view.set(z.subarray(i, i + len));
    f(s.at, s.at, len);
    out.set(len === CHUNK ? s.view : s.view.subarray(0, len), i);
  }
  return true;
}

/** The arena that holds `x`, `y` and `z` (`z` may be left out), if one
 * does and the element-wise kernels may run. */
function commonArena(
  x: Float64Array,
  y: Float64Array,
  z: Float64Array = y,
): Arena | undefined {
  if (plainKernelsActive()) return undefined;
  const arena = Arena.owning(x);
  return arena !== undefined && arena.owns(y) && arena.owns(z)
    ? arena
    : undefined;
}

/** Throws unless `x`, `y` and `z` each have at least `n` values. */
function checkLength(
  what: string,
  n: number,
  x: Float64Array,
  y: Float64Array,
  z: Float64Array = y,
): void {
  if (n > x.length || n > y.length || n > z.length) {
    throw new RangeError(
      `Cannot compute ${what}: ${n} values asked of arrays of ${x.length}, ${y.length} and ${z.length}`,
    );
  }
}

/**
 * `out[i] = z[i] > 0 ? z[i] : 0` for `i < n` in WebAssembly SIMD (the same
 * values as the scalar loop, NaN and −0 giving +0).
 *
 * @param z The inputs.
 * @param out The outputs (may be `z`).
 * @param n How many.
 * @returns False, having done nothing, unless both arrays live in one
 * arena with SIMD kernels (outside `plainKernels`).
 *
 * @example
 * ```ts
 * import { reluInWasm } from "./vector_math.ts";
 * import assert from "node:assert/strict";
 *
 * // plain arrays: the caller's loop runs
 * assert.equal(reluInWasm(Float64Array.of(-1, 2), new Float64Array(2), 2), false);
 * ```
 */
export function reluInWasm(
  z: Float64Array,
  out: Float64Array,
  n: number,
): boolean {
  checkLength("ReLU", n, z, out);
  const arena = commonArena(z, out);
  if (arena === undefined) return false;
  arena.kernels.reluF64(z.byteOffset, out.byteOffset, n);
  return true;
}

/**
 * `out[i] = grad[i] · σ′` for `i < n` in WebAssembly SIMD, with the same
 * operations as the activations' scalar loops: ReLU's
 * `grad · (z > 0 ? 1 : 0)` (`x` is Z) or the logistic σ's
 * `grad · (a · (1 − a))` (`x` is A).
 *
 * @param kind Which σ′.
 * @param x Z for ReLU, A for the sigmoid.
 * @param grad `∂C/∂A`.
 * @param out Receives `∂C/∂Z` (may be `grad`).
 * @param n How many.
 * @returns False, having done nothing, unless the three arrays live in
 * one arena with SIMD kernels (outside `plainKernels`).
 *
 * @example
 * ```ts
 * import { derivativeInWasm } from "./vector_math.ts";
 * import assert from "node:assert/strict";
 *
 * const plain = Float64Array.of(1);
 * assert.equal(derivativeInWasm("relu", plain, plain, plain, 1), false);
 * ```
 */
export function derivativeInWasm(
  kind: "relu" | "sigmoid",
  x: Float64Array,
  grad: Float64Array,
  out: Float64Array,
  n: number,
): boolean {
  checkLength(
    kind === "relu" ? "the ReLU derivative" : "the sigmoid derivative",
    n,
    x,
    grad,
    out,
  );
  const arena = commonArena(x, grad, out);
  if (arena === undefined) return false;
  const f = kind === "relu"
    ? arena.kernels.reluGradF64
    : arena.kernels.sigmoidGradF64;
  f(x.byteOffset, grad.byteOffset, out.byteOffset, n);
  return true;
}

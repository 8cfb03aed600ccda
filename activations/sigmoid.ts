/**
 * The logistic sigmoid, the chapter's σ.
 *
 * @module
 */
import type { Activation } from "./types.ts";
import { withBatchLoops } from "./batch_loops.ts";
import {
  derivativeInWasm,
  sigmoid32InWasm,
  sigmoidInWasm,
} from "../tensor/kernels/vector_math.ts";

function sigma(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * σ(z) = 1 / (1 + e^(−z)), σ′(z) = σ(z)(1 − σ(z)). Computed without
 * overflow for large |z|.
 *
 * @example
 * ```ts
 * import { sigmoid } from "./sigmoid.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(sigmoid.fn(0), 0.5);
 * assert.equal(sigmoid.derivative(0, 0.5), 0.25);
 * ```
 */
export const sigmoid: Activation = withBatchLoops({
  name: "sigmoid",
  fn: sigma,
  derivative(_z: number, a: number): number {
    return a * (1 - a);
  },
}, {
  // in WebAssembly memory (a layer's buffers): the SIMD kernel, within 2
  // ulp of sigma and the same bits in every runtime
  apply(z: Float64Array, out: Float64Array, n: number, threads = 1): void {
    if (sigmoidInWasm(z, out, n, threads)) return;
    for (let i = 0; i < n; i++) out[i] = sigma(z[i]!);
  },
  // a float32 layer: σ in float32 (a four-lane kernel), float32 values
  applyFloat32(
    z: Float64Array,
    out: Float64Array,
    n: number,
    threads = 1,
  ): void {
    if (sigmoid32InWasm(z, out, n, threads)) return;
    for (let i = 0; i < n; i++) out[i] = Math.fround(sigma(Math.fround(z[i]!)));
  },
  applyDerivative(
    _z: Float64Array,
    a: Float64Array,
    grad: Float64Array,
    out: Float64Array,
    n: number,
  ): void {
    if (derivativeInWasm("sigmoid", a, grad, out, n)) return;
    for (let i = 0; i < n; i++) out[i] = grad[i]! * (a[i]! * (1 - a[i]!));
  },
});

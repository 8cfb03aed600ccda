/**
 * The logistic sigmoid, the chapter's σ.
 *
 * @module
 */
import type { Activation } from "./types.ts";

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
export const sigmoid: Activation = {
  name: "sigmoid",
  fn(z: number): number {
    if (z >= 0) return 1 / (1 + Math.exp(-z));
    const e = Math.exp(z);
    return e / (1 + e);
  },
  derivative(_z: number, a: number): number {
    return a * (1 - a);
  },
};

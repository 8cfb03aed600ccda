/**
 * The softplus function, a smooth ReLU.
 *
 * @module
 */
import type { Activation } from "./types.ts";

/**
 * σ(z) = ln(1 + e^z), σ′(z) = 1 / (1 + e^(−z)); computed without overflow.
 *
 * @example
 * ```ts
 * import { softplus } from "./softplus.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(softplus.fn(0), Math.LN2);
 * assert.equal(softplus.derivative(0, Math.LN2), 0.5);
 * assert.equal(softplus.fn(1000), 1000);
 * ```
 */
export const softplus: Activation = {
  name: "softplus",
  fn(z: number): number {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  },
  derivative(z: number): number {
    if (z >= 0) return 1 / (1 + Math.exp(-z));
    const e = Math.exp(z);
    return e / (1 + e);
  },
};

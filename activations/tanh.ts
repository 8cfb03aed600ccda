/**
 * The hyperbolic tangent.
 *
 * @module
 */
import type { Activation } from "./types.ts";

/**
 * σ(z) = tanh(z), σ′(z) = 1 − tanh²(z).
 *
 * @example
 * ```ts
 * import { tanh } from "./tanh.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(tanh.fn(0), 0);
 * assert.equal(tanh.derivative(0, 0), 1);
 * ```
 */
export const tanh: Activation = {
  name: "tanh",
  fn(z: number): number {
    return Math.tanh(z);
  },
  derivative(_z: number, a: number): number {
    return 1 - a * a;
  },
};

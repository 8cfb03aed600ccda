/**
 * The identity (linear) activation, for regression outputs.
 *
 * @module
 */
import type { Activation } from "./types.ts";

/**
 * σ(z) = z, σ′(z) = 1.
 *
 * @example
 * ```ts
 * import { identity } from "./identity.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(identity.fn(-3), -3);
 * assert.equal(identity.derivative(-3, -3), 1);
 * ```
 */
export const identity: Activation = {
  name: "identity",
  fn(z: number): number {
    return z;
  },
  derivative(): number {
    return 1;
  },
};

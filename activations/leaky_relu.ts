/**
 * The leaky rectified linear unit.
 *
 * @module
 */
import type { Activation } from "./types.ts";

/**
 * σ(z) = z for z > 0, else αz; σ′(z) = 1 for z > 0, else α.
 *
 * @param alpha The slope for z ≤ 0, a finite number.
 * @returns The activation, named `"leakyRelu"` with `params.alpha`.
 * @throws {RangeError} If alpha is not finite.
 *
 * @example
 * ```ts
 * import { leakyRelu } from "./leaky_relu.ts";
 * import assert from "node:assert/strict";
 *
 * const act = leakyRelu(0.1);
 * assert.equal(act.fn(-2), -0.2);
 * assert.equal(act.derivative(-2, -0.2), 0.1);
 * ```
 */
export function leakyRelu(alpha = 0.01): Activation {
  if (!Number.isFinite(alpha)) {
    throw new RangeError(
      `Cannot create leakyRelu: alpha must be finite, got '${alpha}'`,
    );
  }
  return {
    name: "leakyRelu",
    params: { alpha },
    kinks: [0],
    fn(z: number): number {
      return z > 0 ? z : alpha * z;
    },
    derivative(z: number): number {
      return z > 0 ? 1 : alpha;
    },
  };
}

/**
 * The exponential linear unit.
 *
 * @module
 */
import type { Activation } from "./types.ts";

/**
 * σ(z) = z for z > 0, else α(e^z − 1); σ′(z) = 1 for z > 0, else σ(z) + α.
 * σ′ jumps at 0 unless α = 1, so 0 is declared a kink.
 *
 * @param alpha The saturation value for z → −∞, a finite number.
 * @returns The activation, named `"elu"` with `params.alpha`.
 * @throws {RangeError} If alpha is not finite.
 *
 * @example
 * ```ts
 * import { elu } from "./elu.ts";
 * import assert from "node:assert/strict";
 *
 * const act = elu(1);
 * assert.equal(act.fn(2), 2);
 * assert.equal(act.derivative(0, act.fn(0)), 1);
 * ```
 */
export function elu(alpha = 1): Activation {
  if (!Number.isFinite(alpha)) {
    throw new RangeError(
      `Cannot create elu: alpha must be finite, got '${alpha}'`,
    );
  }
  return {
    name: "elu",
    params: { alpha },
    kinks: [0],
    fn(z: number): number {
      return z > 0 ? z : alpha * Math.expm1(z);
    },
    derivative(z: number, a: number): number {
      return z > 0 ? 1 : a + alpha;
    },
  };
}

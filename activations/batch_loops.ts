/**
 * Attaches a built-in activation's batch loops so that a copy made by
 * spreading it does not inherit them.
 *
 * @module
 */
import type { Activation } from "./types.ts";

/** The batch loops of an element-wise activation. */
export type BatchLoops =
  & Required<Pick<Activation, "apply" | "applyDerivative">>
  & Pick<Activation, "applyFloat32">;

/**
 * Defines `apply`, `applyDerivative` (and `applyFloat32` if given) on `act`
 * as non-enumerable
 * properties: `{ ...sigmoid, derivative: myDerivative }` then copies `fn`
 * and `derivative` but not loops that would bypass the new σ′.
 *
 * @param act The activation object.
 * @param loops Its batch loops.
 * @returns `act`.
 *
 * @example
 * ```ts
 * import { withBatchLoops } from "./batch_loops.ts";
 * import assert from "node:assert/strict";
 *
 * const square = withBatchLoops({
 *   name: "square",
 *   fn: (z: number) => z * z,
 *   derivative: (z: number) => 2 * z,
 * }, {
 *   apply(z, out, n) { for (let i = 0; i < n; i++) out[i] = z[i]! * z[i]!; },
 *   applyDerivative(z, _a, g, out, n) {
 *     for (let i = 0; i < n; i++) out[i] = g[i]! * (2 * z[i]!);
 *   },
 * });
 * assert.equal(typeof square.apply, "function");
 * assert.equal("apply" in { ...square }, false);
 * ```
 */
export function withBatchLoops(
  act: Activation,
  loops: BatchLoops,
): Activation {
  Object.defineProperties(act, {
    apply: { value: loops.apply, enumerable: false },
    applyDerivative: { value: loops.applyDerivative, enumerable: false },
    ...(loops.applyFloat32
      ? { applyFloat32: { value: loops.applyFloat32, enumerable: false } }
      : {}),
  });
  return act;
}

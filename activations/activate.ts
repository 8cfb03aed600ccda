/**
 * How a layer applies its activation to a batch: the one loop every
 * built-in layer uses, and user layers can too.
 *
 * @module
 */
import type { Activation } from "./types.ts";

/**
 * `A = σ(Z)` for a `rows x cols` batch: the activation's batch `forward`
 * (softmax), else its vectorised `apply` (`applyFloat32` for a float32
 * layer, where it has one), else `fn` value by value.
 *
 * @param act σ.
 * @param z `Z`, row-major.
 * @param out Receives `A` (may be `z` for an element-wise σ).
 * @param rows Rows of the batch.
 * @param cols Columns of the batch.
 * @param dtype The layer's dtype: `"float32"` asks for σ in float32
 * precision where the activation offers it.
 * @param threads Most threads the layer's products may use, passed on to
 * `apply` and `applyFloat32` (1: the calling thread only).
 *
 * @example
 * ```ts
 * import { activate } from "./activate.ts";
 * import { relu } from "./relu.ts";
 * import assert from "node:assert/strict";
 *
 * const a = new Float64Array(3);
 * activate(relu, Float64Array.of(-1, 0, 2), a, 1, 3);
 * assert.deepEqual(Array.from(a), [0, 0, 2]);
 * ```
 */
export function activate(
  act: Activation,
  z: Float64Array,
  out: Float64Array,
  rows: number,
  cols: number,
  dtype: "float64" | "float32" = "float64",
  threads = 1,
): void {
  if (act.forward) act.forward(z, out, rows, cols);
  else if (dtype === "float32" && act.applyFloat32) {
    act.applyFloat32(z, out, rows * cols, threads);
  } else if (act.apply) act.apply(z, out, rows * cols, threads);
  else for (let i = 0, n = rows * cols; i < n; i++) out[i] = act.fn(z[i]!);
}

/**
 * `Δ = ∂C/∂A ⊙ σ′(Z)` for a `rows x cols` batch (BP1's and BP2's `⊙ σ′`),
 * or the activation's vector-Jacobian product where σ is not element-wise.
 *
 * @param act σ.
 * @param z `Z`.
 * @param a `A = σ(Z)`.
 * @param grad `∂C/∂A`.
 * @param out Receives `Δ = ∂C/∂Z`.
 * @param rows Rows of the batch.
 * @param cols Columns of the batch.
 *
 * @example
 * ```ts
 * import { activateBackward } from "./activate.ts";
 * import { sigmoid } from "./sigmoid.ts";
 * import assert from "node:assert/strict";
 *
 * const d = new Float64Array(1);
 * activateBackward(sigmoid, Float64Array.of(0), Float64Array.of(0.5), Float64Array.of(2), d, 1, 1);
 * assert.equal(d[0], 0.5); // 2 · σ′(0) = 2 · 0.25
 * ```
 */
export function activateBackward(
  act: Activation,
  z: Float64Array,
  a: Float64Array,
  grad: Float64Array,
  out: Float64Array,
  rows: number,
  cols: number,
): void {
  if (act.backward) act.backward(z, a, grad, out, rows, cols);
  else if (act.applyDerivative) {
    act.applyDerivative(z, a, grad, out, rows * cols);
  } else {
    for (let i = 0, n = rows * cols; i < n; i++) {
      out[i] = grad[i]! * act.derivative(z[i]!, a[i]!);
    }
  }
}

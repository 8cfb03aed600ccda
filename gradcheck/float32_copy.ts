/**
 * Gradient checks of float32 networks: finite differences in float32 prove
 * nothing (a step of 1e-6 is a few ulps of the weights), so the check runs
 * on a float64 copy with the same weights, widened exactly, and the float32
 * network's own backprop is compared with the copy's.
 *
 * @module
 */
import { Network } from "../network/mod.ts";
import type { Layer } from "../layers/mod.ts";
import type { MatrixLike } from "../tensor/mod.ts";
import { kernelCalls, kernelsSince } from "../tensor/kernels/paths.ts";
import type { Float32Check } from "./types.ts";

/**
 * The largest `|g32 − g64| / max|g64|` that passes. float32 carries
 * u = 2⁻²⁴ ≈ 6e-8 per rounding; a product over k terms errs by up to about
 * k·u·Σ|a||b|, so with fan-ins in the thousands and a few layers 1e-4 of the
 * gradient's scale is reached by correct kernels, while a 1% error in σ′ or
 * a misplaced index gives 1e-2 or more.
 */
export const FLOAT32_TOLERANCE = 1e-3;

/** A layer that can give a float64 copy of itself. */
interface Widenable {
  dtype: string;
  toFloat64(): Layer;
}

function widenable(layer: Layer): layer is Layer & Widenable {
  const l = layer as Partial<Widenable>;
  return l.dtype === "float32" && typeof l.toFloat64 === "function";
}

/**
 * A float64 copy of `network`, or null if it has no float32 layer. Layers
 * without float32 parameters are shared with the original.
 *
 * @param network The network.
 * @returns The copy, or null.
 *
 * @example
 * ```ts
 * import { float64Copy } from "./float32_copy.ts";
 * import { mlp } from "../network/mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(float64Copy(mlp([2, 3, 1])), null);
 * const copy = float64Copy(mlp([2, 3, 1], { dtype: "float32", seed: 1 }))!;
 * assert.ok(copy.params.every((p) => p.value instanceof Float64Array));
 * ```
 */
export function float64Copy(network: Network): Network | null {
  if (!network.layers.some(widenable)) return null;
  const copy = new Network(
    network.layers.map((l) => (widenable(l) ? l.toFloat64() : l)),
    network.cost,
  );
  copy.fused = network.fused;
  return copy;
}

/**
 * Compares the float32 network's backprop with its float64 copy's, Param
 * by Param, and says which kernel paths the float32 pass ran.
 *
 * @param network The float32 network.
 * @param copy Its float64 copy.
 * @param x Inputs.
 * @param y Targets.
 * @returns The comparison and the kernel paths.
 *
 * @example A float32 network's gradient is its float64 copy's to float32 rounding
 * ```ts
 * import { compareFloat32, float64Copy } from "./float32_copy.ts";
 * import { mlp } from "../network/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([3, 4, 2], { dtype: "float32", seed: 2 });
 * const { check } = compareFloat32(net, float64Copy(net)!, [[1, -2, 0.5]], [[0, 1]]);
 * assert.ok(check.ok && check.maxRelativeError < 1e-5);
 * ```
 */
export function compareFloat32(
  network: Network,
  copy: Network,
  x: MatrixLike,
  y: MatrixLike,
): { check: Float32Check; kernels: string[] } {
  const before = kernelCalls();
  network.gradient(x, y);
  const kernels = kernelsSince(before);
  const g32 = network.params.map((p) => Float64Array.from(p.grad));
  copy.gradient(x, y);
  let max = 0;
  copy.params.forEach((p, i) => {
    let scale = 0, diff = 0;
    for (let j = 0; j < p.grad.length; j++) {
      scale = Math.max(scale, Math.abs(p.grad[j]!));
      diff = Math.max(diff, Math.abs(g32[i]![j]! - p.grad[j]!));
    }
    const e = diff === 0 ? 0 : diff / Math.max(scale, Number.MIN_VALUE);
    max = Math.max(max, Number.isNaN(e) ? Infinity : e);
  });
  return {
    check: {
      checked: "float64 copy",
      maxRelativeError: max,
      tolerance: FLOAT32_TOLERANCE,
      ok: max <= FLOAT32_TOLERANCE,
    },
    kernels,
  };
}

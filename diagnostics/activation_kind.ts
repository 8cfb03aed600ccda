/**
 * What the diagnostics need to know about an activation: whether its range
 * is bounded (it can saturate), whether it is exactly 0 for z < 0 (its
 * units can die), and the maximum of σ′ (for "σ′ below 1% of its maximum").
 *
 * @module
 */
import type { Activation } from "../activations/types.ts";

/** The shape of an activation, as the diagnostics see it. */
export interface ActivationKind {
  /** σ is element-wise (gives σ(z) and σ′(z) of one z). */
  readonly elementWise: boolean;
  /** σ has a bounded range (sigmoid, tanh): it saturates for large |z|. */
  readonly bounded: boolean;
  /** σ(z) = 0 for every z < 0 (ReLU): a unit can die. */
  readonly reluLike: boolean;
  /** max σ′(z) over z in [-20, 20] (sigmoid: 0.25, tanh: 1). */
  readonly maxDerivative: number;
}

const cache = new WeakMap<Activation, ActivationKind>();
const FAR = 1e6;

/**
 * Probes an activation (built-in or user-defined) once and caches the
 * answer: σ at ±10^6 for boundedness, σ at negative z for ReLU-likeness, σ′
 * on a grid of step 0.01 over [-20, 20] for its maximum.
 *
 * @param activation The activation.
 * @returns Its kind.
 *
 * @example
 * ```ts
 * import { activationKind } from "./activation_kind.ts";
 * import { relu, sigmoid } from "../activations/mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(activationKind(sigmoid).bounded);
 * assert.ok(Math.abs(activationKind(sigmoid).maxDerivative - 0.25) < 1e-9);
 * assert.ok(activationKind(relu).reluLike && !activationKind(relu).bounded);
 * ```
 */
export function activationKind(activation: Activation): ActivationKind {
  let kind = cache.get(activation);
  if (kind === undefined) {
    kind = probe(activation);
    cache.set(activation, kind);
  }
  return kind;
}

function probe(act: Activation): ActivationKind {
  if (act.forward !== undefined) {
    return {
      elementWise: false,
      bounded: false,
      reluLike: false,
      maxDerivative: NaN,
    };
  }
  const hi = act.fn(FAR), lo = act.fn(-FAR);
  const bounded = Number.isFinite(hi) && Number.isFinite(lo) &&
    Math.abs(hi) < 1e3 && Math.abs(lo) < 1e3;
  const reluLike = [-1e-3, -1, -100, -FAR].every((z) => act.fn(z) === 0) &&
    act.fn(1) > 0;
  let maxDerivative = 0;
  for (let i = -2000; i <= 2000; i++) {
    const z = i / 100, d = Math.abs(act.derivative(z, act.fn(z)));
    if (d > maxDerivative) maxDerivative = d;
  }
  return { elementWise: true, bounded, reluLike, maxDerivative };
}

/**
 * `checkActivation`: σ′ against a numerical derivative of σ.
 *
 * @module
 */
import type { Activation } from "../activations/mod.ts";
import { Random } from "../tensor/mod.ts";
import {
  DEFAULT_EPSILON,
  DEFAULT_TOLERANCE,
  FLOOR_FRACTION,
  relativeError,
} from "./defaults.ts";

/** Options of {@linkcode checkActivation}. */
export interface CheckActivationOptions {
  /**
   * The z range of the grid.
   *
   * @default {[-6, 6]}
   */
  range?: readonly [number, number];
  /**
   * Grid points (element-wise σ) or random rows (softmax-like σ).
   *
   * @default {121}
   */
  points?: number;
  /**
   * Largest relative error that passes.
   *
   * @default {1e-5 (central difference)}
   */
  tolerance?: number;
  /**
   * Seed of the random rows of a non-element-wise σ.
   *
   * @default {0}
   */
  seed?: number;
}

/** A point where σ′ and the numerical derivative disagree most. */
export interface ActivationDisagreement {
  /** The z (for a row-wise σ: the z of the entry). */
  z: number;
  /** The entry within its row for a row-wise σ, else -1. */
  index: number;
  /** σ′ as the activation computes it (or its Jacobian-vector product). */
  analytic: number;
  /** The central difference of σ. */
  numeric: number;
  /** Their relative error. */
  relativeError: number;
}

/** The check at one declared kink: σ′ must be a one-sided slope or between. */
export interface KinkCheck {
  /** The kink. */
  z: number;
  /** Slope from the left. */
  left: number;
  /** Slope from the right. */
  right: number;
  /** σ′ at the kink. */
  analytic: number;
  /** Whether σ′ lies between the one-sided slopes (a subgradient). */
  ok: boolean;
}

/** The result of {@linkcode checkActivation}. */
export interface ActivationCheck {
  /** The activation's name. */
  name: string;
  /** Whether σ′ agrees everywhere, kinks included. */
  ok: boolean;
  /** Largest relative error away from kinks. */
  maxRelativeError: number;
  /** Where it is largest. */
  worst: ActivationDisagreement | null;
  /** Every grid point that fails (at most 10). */
  failures: ActivationDisagreement[];
  /** One entry per declared kink. */
  kinks: KinkCheck[];
}

/**
 * Compares σ′ with the central difference of σ over a grid of z (and the
 * one-sided slopes at each declared kink, where σ′ must lie between them).
 * A σ that mixes a row (softmax) is checked through its vector-Jacobian
 * product: `backward(z, σ(z), g)` against the gradient of `g · σ(z)` by
 * central differences, on random rows.
 *
 * @param activation The activation.
 * @param options Range, points, tolerance, seed.
 * @returns The verdict and where it disagrees.
 *
 * @example
 * ```ts
 * import { checkActivation } from "./activation_check.ts";
 * import { relu, sigmoid } from "../activations/mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(checkActivation(relu).ok);
 * const off = { ...sigmoid, derivative: (z: number, a: number) => 1.01 * a * (1 - a) };
 * const r = checkActivation(off);
 * assert.equal(r.ok, false);
 * assert.ok(Math.abs(r.worst!.relativeError - 0.01 / 1.01) < 1e-6);
 * ```
 */
export function checkActivation(
  activation: Activation,
  options: CheckActivationOptions = {},
): ActivationCheck {
  const [lo, hi] = options.range ?? [-6, 6];
  const points = options.points ?? 121;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE.central;
  const eps = DEFAULT_EPSILON.central;
  const samples = activation.forward && activation.backward
    ? rowWise(activation, lo, hi, points, options.seed ?? 0, eps)
    : elementWise(activation, lo, hi, points, eps);
  let scale = 0;
  for (const s of samples) {
    scale = Math.max(scale, Math.abs(s.analytic), Math.abs(s.numeric));
  }
  const floor = Math.max(FLOOR_FRACTION * scale, Number.MIN_VALUE);
  let worst: ActivationDisagreement | null = null;
  const failures: ActivationDisagreement[] = [];
  for (const s of samples) {
    s.relativeError = relativeError(s.analytic, s.numeric, floor);
    if (Number.isNaN(s.relativeError)) s.relativeError = Infinity;
    if (worst === null || s.relativeError > worst.relativeError) worst = s;
    if (s.relativeError > tolerance && failures.length < 10) failures.push(s);
  }
  const kinks = (activation.kinks ?? []).map((k): KinkCheck => {
    const h = eps * Math.max(1, Math.abs(k)), f = activation.fn(k);
    const left = (f - activation.fn(k - h)) / h;
    const right = (activation.fn(k + h) - f) / h;
    const analytic = activation.derivative(k, f);
    const slack = tolerance * Math.max(Math.abs(left), Math.abs(right), floor);
    const ok = analytic >= Math.min(left, right) - slack &&
      analytic <= Math.max(left, right) + slack;
    return { z: k, left, right, analytic, ok };
  });
  const maxRelativeError = worst?.relativeError ?? 0;
  return {
    name: activation.name,
    ok: maxRelativeError <= tolerance && kinks.every((k) => k.ok),
    maxRelativeError,
    worst,
    failures,
    kinks,
  };
}

function elementWise(
  act: Activation,
  lo: number,
  hi: number,
  points: number,
  eps: number,
): ActivationDisagreement[] {
  const out: ActivationDisagreement[] = [];
  const kinks = act.kinks ?? [];
  for (let i = 0; i < points; i++) {
    const z = points === 1 ? lo : lo + ((hi - lo) * i) / (points - 1);
    const h = eps * Math.max(1, Math.abs(z));
    if (kinks.some((k) => Math.abs(z - k) <= h)) continue; // checked apart
    const numeric = (act.fn(z + h) - act.fn(z - h)) / (z + h - (z - h));
    const analytic = act.derivative(z, act.fn(z));
    out.push({ z, index: -1, analytic, numeric, relativeError: 0 });
  }
  return out;
}

function rowWise(
  act: Activation,
  lo: number,
  hi: number,
  rows: number,
  seed: number,
  eps: number,
): ActivationDisagreement[] {
  const n = 4, r = new Random(seed), out: ActivationDisagreement[] = [];
  const z = new Float64Array(n),
    a = new Float64Array(n),
    g = new Float64Array(n);
  const vjp = new Float64Array(n), tmp = new Float64Array(n);
  const gDotA = (): number => {
    act.forward!(z, tmp, 1, n);
    let s = 0;
    for (let k = 0; k < n; k++) s += g[k]! * tmp[k]!;
    return s;
  };
  for (let row = 0; row < rows; row++) {
    for (let k = 0; k < n; k++) {
      z[k] = lo + (hi - lo) * r.uniform();
      g[k] = 2 * r.uniform() - 1;
    }
    act.forward!(z, a, 1, n);
    act.backward!(z, a, g, vjp, 1, n);
    for (let j = 0; j < n; j++) {
      const zj = z[j]!, h = eps * Math.max(1, Math.abs(zj));
      z[j] = zj + h;
      const zp = z[j]!, cp = gDotA();
      z[j] = zj - h;
      const zm = z[j]!, cm = gDotA();
      z[j] = zj;
      out.push({
        z: zj,
        index: j,
        analytic: vjp[j]!,
        numeric: (cp - cm) / (zp - zm),
        relativeError: 0,
      });
    }
  }
  return out;
}

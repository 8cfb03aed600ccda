/**
 * The error model of a difference quotient: how far a correct finite
 * difference may stray from the true derivative, estimated from the data.
 *
 * A difference quotient errs by truncation (the curvature the formula
 * ignores) plus round-off (the rounding noise of C, divided by the step):
 *
 * - forward `(C(w+h) − C(w))/h`: `h|C″|/2 + 2ρ/h`;
 * - central `(C(w+h) − C(w−h))/2h`: `h²|C‴|/6 + ρ/h`;
 *
 * where ρ bounds the rounding noise of one evaluation of C. C″ comes from
 * the second difference `C(w+h) − 2C(w) + C(w−h)`; `h²C‴/6` from two step
 * sizes (`D(2h) − D(h) = h²C‴/2`); ρ from the noise of C measured along a
 * random direction (Moré and Wild's difference-table estimate).
 *
 * @module
 */
import type { Param } from "../layers/mod.ts";
import { Random } from "../tensor/mod.ts";
import type { Method } from "./defaults.ts";
import type { PartialForward } from "./partial_forward.ts";

/** Unit roundoff of Float64. */
const U = 2 ** -53;

/**
 * A disagreement fails only beyond this many times the estimated error of
 * the difference quotient. Each estimate is the size of the error, not a
 * loose bound (the neglected terms are O(h) smaller, and ρ is already four
 * standard deviations of the noise), so a factor of 10 separates "numerics
 * could explain it" from "the gradient is wrong" with room to spare, while
 * a 1% error in a gradient entry still fails wherever the estimate is below
 * a thousandth of the entry (at untrained weights it is about 1e-8 of it).
 *
 * @example
 * ```ts
 * import { ERROR_FACTOR } from "./error_model.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ERROR_FACTOR, 10);
 * ```
 */
export const ERROR_FACTOR = 10;

/** ρ is this many standard deviations of the measured noise. */
const NOISE_SIGMAS = 4;
/** The relative step of the noise probe: tiny against h, far above an ulp. */
const NOISE_STEP = 1e-9;
/** Evaluations of the noise probe. */
const NOISE_POINTS = 10;

/**
 * The rounding noise of one evaluation of the mean cost, ρ: the larger of
 * four standard deviations of the noise measured along a random direction
 * (orders 3 to 5 of the difference table of C at 10 points 1e-9 apart,
 * where the smooth part of C is far below the noise) and `2u|C|`. The
 * weights are restored bit for bit.
 *
 * @param pf The forward cache, after `base()`.
 * @param params The network's Params.
 * @param seed Seed of the direction.
 * @returns ρ, an absolute error of C.
 *
 * @example A smooth network's C is accurate to a few units of roundoff
 * ```ts
 * import { measureNoise } from "./error_model.ts";
 * import { PartialForward } from "./partial_forward.ts";
 * import { mlp } from "../network/mod.ts";
 * import { Matrix } from "../tensor/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([3, 4, 2], { seed: 1 });
 * const pf = new PartialForward(net.layers, net.cost, Matrix.from([[1, 2, 3]]), Matrix.from([[0, 1]]));
 * const c = pf.base();
 * const rho = measureNoise(pf, net.params, 0);
 * assert.ok(rho >= 2 * 2 ** -53 * c && rho < 1e-13);
 * ```
 */
export function measureNoise(
  pf: PartialForward,
  params: readonly Param[],
  seed: number,
): number {
  const random = new Random(seed + 7919);
  const saved = params.map((p) => p.value.slice());
  const dir = saved.map((w) =>
    w.map((v) => (random.uniform() < 0.5 ? -1 : 1) * Math.max(1, Math.abs(v)))
  );
  const f = new Float64Array(NOISE_POINTS);
  try {
    for (let i = 0; i < NOISE_POINTS; i++) {
      params.forEach((p, k) => {
        const w = saved[k]!, d = dir[k]!, v = p.value;
        for (let j = 0; j < v.length; j++) {
          v[j] = w[j]! + i * NOISE_STEP * d[j]!;
        }
      });
      f[i] = pf.lossFrom(0);
    }
  } finally {
    params.forEach((p, k) => p.value.set(saved[k]!));
  }
  let sigma = 0;
  const diff = f.slice();
  for (let k = 1; k <= 5; k++) {
    for (let i = 0; i + k < NOISE_POINTS; i++) {
      diff[i] = diff[i + 1]! - diff[i]!;
    }
    if (k < 3) continue;
    let sum = 0;
    const n = NOISE_POINTS - k;
    for (let i = 0; i < n; i++) sum += diff[i]! * diff[i]!;
    // γ_k = (k!)² / (2k)!: Var(Δ^k η) = σ² / γ_k for independent noise η
    const gamma = factorial(k) ** 2 / factorial(2 * k);
    sigma = Math.max(sigma, Math.sqrt((gamma * sum) / n));
  }
  return Math.max(NOISE_SIGMAS * sigma, 2 * U * Math.abs(pf.loss0));
}

/** The estimated error of one difference quotient, in two parts. */
export interface ErrorEstimate {
  /** Truncation: `h|C″|/2` (forward) or `h²|C‴|/6` (central). */
  truncation: number;
  /** Round-off: `2ρ/h` (forward) or `ρ/h` (central). */
  roundoff: number;
  /** True if an extra step crossed a kink of σ (no estimate then). */
  kink: boolean;
}

/**
 * The step for weight w: `epsilon · max(1, |w|)`.
 *
 * @param w The weight.
 * @param epsilon The relative step.
 * @returns The step h (before rounding `w + h`).
 *
 * @example
 * ```ts
 * import { stepFor } from "./error_model.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(stepFor(-4, 1e-8), 4e-8);
 * assert.equal(stepFor(0.5, 1e-8), 1e-8);
 * ```
 */
export function stepFor(w: number, epsilon: number): number {
  return epsilon * Math.max(1, Math.abs(w));
}

/**
 * Estimates the error of the difference quotient `numeric` of entry j of a
 * Param of layer l from extra evaluations of C: one at `w − h` for the
 * forward difference (the second difference gives C″), two at `w ± 2h` for
 * the central one (two step sizes give C‴). The weight is restored bit for
 * bit.
 *
 * @param pf The forward cache, after `base()`.
 * @param value The Param's values.
 * @param j The entry.
 * @param l The Param's layer.
 * @param method The formula that gave `numeric`.
 * @param epsilon The relative step.
 * @param numeric The difference quotient at step h.
 * @param rho The noise of one evaluation of C (see {@linkcode measureNoise}).
 * @returns Truncation and round-off estimates.
 *
 * @example The forward difference of a cost with curvature errs by h C″/2
 * ```ts
 * import { estimateError } from "./error_model.ts";
 * import { PartialForward } from "./partial_forward.ts";
 * import { mlp } from "../network/mod.ts";
 * import { Matrix } from "../tensor/mod.ts";
 * import assert from "node:assert/strict";
 *
 * // one identity neuron: C = (w·2 + b)²/2, so ∂²C/∂w² = 4
 * const net = mlp([1, 1], { activation: "identity" });
 * const x = Matrix.from([[2]]), y = Matrix.from([[0]]);
 * const pf = new PartialForward(net.layers, net.cost, x, y);
 * const c0 = pf.base(), v = net.params[0]!.value, w = v[0]!;
 * v[0] = w + 1e-4;
 * const forward = (net.loss(x, y) - c0) / (v[0]! - w);
 * v[0] = w;
 * const e = estimateError(pf, v, 0, 0, "forward", 1e-4, forward, 1e-16);
 * assert.ok(Math.abs(e.truncation - 2e-4) < 1e-7); // h·4/2
 * ```
 */
export function estimateError(
  pf: PartialForward,
  value: Float64Array,
  j: number,
  l: number,
  method: Method,
  epsilon: number,
  numeric: number,
  rho: number,
): ErrorEstimate {
  const w = value[j]!, h = stepFor(w, epsilon), c0 = pf.loss0;
  let kink = false;
  const at = (t: number): [number, number] => {
    value[j] = w + t;
    const wt = value[j]! - w, c = pf.lossFrom(l);
    kink ||= pf.crossedKink(l);
    return [wt, c];
  };
  try {
    value[j] = w + h;
    const hp = value[j]! - w;
    if (method === "forward") {
      const [hm, cm] = at(-h); // hm < 0
      // C″ from the slopes on either side of w
      const c2 = (2 * (numeric - (c0 - cm) / -hm)) / (hp - hm);
      return {
        truncation: (Math.abs(c2) * hp) / 2,
        roundoff: (2 * rho) / hp,
        kink,
      };
    }
    value[j] = w - h;
    const hm = w - value[j]!;
    const [p2, cp2] = at(2 * h), [m2, cm2] = at(-2 * h);
    const d2 = (cp2 - cm2) / (p2 - m2);
    return {
      truncation: Math.abs(d2 - numeric) / 3,
      roundoff: (2 * rho) / (hp + hm),
      kink,
    };
  } finally {
    value[j] = w;
  }
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

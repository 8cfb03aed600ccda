/**
 * The error model of a difference quotient: how far a correct finite
 * difference may stray from the true derivative, estimated from the data.
 *
 * A difference quotient errs by truncation (the curvature the formula
 * ignores) plus round-off (the rounding noise of C, divided by the step):
 *
 * - forward `(C(w+h) − C(w))/h`: `h|C″|/2 + (ρ(w) + ρ(w+h))/h`;
 * - central `(C(w+h) − C(w−h))/2h`: `h²|C‴|/6 + (ρ(w+h) + ρ(w−h))/2h`;
 *
 * where ρ(p) bounds the rounding error of one evaluation of C at p. C″
 * comes from the second difference `C(w+h) − 2C(w) + C(w−h)`; `h²C‴/6`
 * from two step sizes (`D(2h) − D(h) = h²C‴/2`). ρ is the larger of the
 * rounding quantum of C (`2u(|C| + Σ_j |∂C/∂a_j| |a_j|)`: the outputs are
 * rounded to a relative u, and near a minimum of −ln a that alone moves C
 * by u) and the noise of C measured around p (Moré and Wild's
 * difference-table estimate, four standard deviations).
 *
 * @module
 */
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
 * a thousandth of the entry (at untrained weights it is about 1e-7 of it).
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
const NOISE_POINTS = 8;

/** The estimated error of one difference quotient, in two parts. */
export interface ErrorEstimate {
  /** Truncation: `h|C″|/2` (forward) or `h²|C‴|/6` (central). */
  truncation: number;
  /** Round-off: the rounding error of the evaluations over the step. */
  roundoff: number;
  /** True if an extra step crossed a kink of σ (no estimate then). */
  kink: boolean;
  /** Whether the noise was measured (else the quantum stood for it). */
  probed: boolean;
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
 * The rounding quantum of C at the base pass: `2u(|C| + Σ_j |∂C/∂a_j||a_j|)`
 * (mean over the rows), the least error of one evaluation.
 *
 * @param pf The forward cache, after `base()`.
 * @returns An absolute error of C.
 *
 * @example Near a minimum of −ln a, C is known only to about u
 * ```ts
 * import { roundingQuantum } from "./error_model.ts";
 * import { PartialForward } from "./partial_forward.ts";
 * import { mlp } from "../network/mod.ts";
 * import { Matrix } from "../tensor/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([1, 2], { output: "softmax", cost: "logLikelihood" });
 * net.params[1]!.value.set([40, -40]); // a ≈ (1, 0): C ≈ e^-80
 * const pf = new PartialForward(net.layers, net.cost, Matrix.from([[0]]), Matrix.from([[1, 0]]));
 * assert.ok(pf.base() < 1e-30);
 * assert.ok(roundingQuantum(pf) > 1e-16);
 * ```
 */
export function roundingQuantum(pf: PartialForward): number {
  return 2 * U * (Math.abs(pf.loss0) + pf.outputSensitivity);
}

/**
 * The round-off of a difference quotient when each evaluation of C errs by
 * the quantum ρ: `2ρ/h` (forward) or `ρ/h` (central).
 *
 * @param quantum ρ, from {@linkcode roundingQuantum}.
 * @param w The weight.
 * @param epsilon The relative step.
 * @param method The formula.
 * @returns An absolute error of the derivative.
 *
 * @example
 * ```ts
 * import { roundoffOf } from "./error_model.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(roundoffOf(1e-16, 0.5, 1e-8, "forward"), 2e-8);
 * assert.equal(roundoffOf(1e-16, 0.5, 1e-8, "central"), 1e-8);
 * ```
 */
export function roundoffOf(
  quantum: number,
  w: number,
  epsilon: number,
  method: Method,
): number {
  return ((method === "forward" ? 2 : 1) * quantum) / stepFor(w, epsilon);
}

/**
 * ρ(p): the rounding error of C at `value[j] = p`, the larger of the
 * rounding quantum and four standard deviations of the noise of C at 8
 * points `1e-9 · max(1, |p|)` apart (orders 3 and 4 of their difference
 * table, where the smooth part of C is far below the noise). The weight is
 * restored bit for bit.
 *
 * @param pf The forward cache, after `base()`.
 * @param value The Param's values.
 * @param j The entry.
 * @param l The Param's layer.
 * @param p Where to measure.
 * @returns ρ(p), an absolute error of C.
 *
 * @example
 * ```ts
 * import { noiseAt, roundingQuantum } from "./error_model.ts";
 * import { PartialForward } from "./partial_forward.ts";
 * import { mlp } from "../network/mod.ts";
 * import { Matrix } from "../tensor/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([3, 4, 2], { seed: 1 });
 * const pf = new PartialForward(net.layers, net.cost, Matrix.from([[1, 2, 3]]), Matrix.from([[0, 1]]));
 * pf.base();
 * const v = net.params[0]!.value, w = v[5]!;
 * const rho = noiseAt(pf, v, 5, 0, w);
 * assert.equal(v[5], w);
 * assert.ok(rho >= roundingQuantum(pf) && rho < 1e-14);
 * ```
 */
export function noiseAt(
  pf: PartialForward,
  value: Float64Array | Float32Array,
  j: number,
  l: number,
  p: number,
): number {
  const w = value[j]!;
  try {
    return noiseOf(
      (t) => {
        value[j] = t;
        return pf.lossFrom(l);
      },
      p,
      roundingQuantum(pf),
    );
  } finally {
    value[j] = w;
  }
}

/**
 * The noise of any function of one variable at p (as in
 * {@linkcode noiseAt}): four standard deviations of its values at 8 points
 * `1e-9 · max(1, |p|)` apart, at least `floor`. The caller restores
 * whatever `f` changes.
 *
 * @param f The function (the cost as a function of one weight or z).
 * @param p Where to measure.
 * @param floor The least noise to report (the rounding quantum).
 * @returns The noise, an absolute error of `f`.
 *
 * @example Rounding noise of a smooth function is a few ulps
 * ```ts
 * import { noiseOf } from "./error_model.ts";
 * import assert from "node:assert/strict";
 *
 * const rho = noiseOf((t) => Math.sin(t) * 1e3, 1, 0);
 * assert.ok(rho > 0 && rho < 1e-11);
 * ```
 */
export function noiseOf(
  f: (t: number) => number,
  p: number,
  floor: number,
): number {
  const s = NOISE_STEP * Math.max(1, Math.abs(p));
  const v = new Float64Array(NOISE_POINTS);
  for (let i = 0; i < NOISE_POINTS; i++) v[i] = f(p + i * s);
  let sigma = 0;
  for (let k = 1; k <= 4; k++) {
    for (let i = 0; i + k < NOISE_POINTS; i++) v[i] = v[i + 1]! - v[i]!;
    if (k < 3) continue;
    let sum = 0;
    const n = NOISE_POINTS - k;
    for (let i = 0; i < n; i++) sum += v[i]! * v[i]!;
    // γ_k = (k!)² / (2k)!: E[(Δ^k η)²] = σ² / γ_k for independent noise η
    const gamma = factorial(k) ** 2 / factorial(2 * k);
    sigma = Math.max(sigma, Math.sqrt((gamma * sum) / n));
  }
  return Math.max(NOISE_SIGMAS * sigma, floor);
}

/**
 * Estimates the error of the difference quotient `numeric` of entry j of a
 * Param of layer l from extra evaluations of C: one at `w − h` for the
 * forward difference (the second difference gives C″), two at `w ± 2h` for
 * the central one (two step sizes give C‴); round-off from the rounding
 * quantum, and, when that is not enough to explain `disagreement`, from the
 * noise measured at the evaluated points. The weight is restored bit for
 * bit.
 *
 * @param pf The forward cache, after `base()`.
 * @param value The Param's values.
 * @param j The entry.
 * @param l The Param's layer.
 * @param method The formula that gave `numeric`.
 * @param epsilon The relative step.
 * @param numeric The difference quotient at step h.
 * @param disagreement `|analytic − numeric|`: the noise is measured only
 * if the cheaper estimate is below `disagreement / ERROR_FACTOR`.
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
 * const e = estimateError(pf, v, 0, 0, "forward", 1e-4, forward, 0);
 * assert.ok(Math.abs(e.truncation - 2e-4) < 1e-7); // h·4/2
 * ```
 */
export function estimateError(
  pf: PartialForward,
  value: Float64Array | Float32Array,
  j: number,
  l: number,
  method: Method,
  epsilon: number,
  numeric: number,
  disagreement: number,
): ErrorEstimate {
  const w = value[j]!, h = stepFor(w, epsilon), c0 = pf.loss0;
  const quantum = roundingQuantum(pf);
  let kink = false;
  const at = (t: number): [number, number] => {
    value[j] = w + t;
    const wt = value[j]!, c = pf.lossFrom(l);
    kink ||= pf.crossedKink(l);
    return [wt - w, c];
  };
  let truncation: number, p: number, q: number, span: number;
  try {
    value[j] = w + h;
    const hp = value[j]! - w;
    if (method === "forward") {
      const [hm, cm] = at(-h); // hm < 0
      // C″ from the slopes on either side of w
      const c2 = (2 * (numeric - (c0 - cm) / -hm)) / (hp - hm);
      truncation = (Math.abs(c2) * hp) / 2;
      [p, q, span] = [w, w + hp, hp];
    } else {
      value[j] = w - h;
      const hm = w - value[j]!;
      const [p2, cp2] = at(2 * h), [m2, cm2] = at(-2 * h);
      const d2 = (cp2 - cm2) / (p2 - m2);
      truncation = Math.abs(d2 - numeric) / 3;
      [p, q, span] = [w + hp, w - hm, hp + hm];
    }
  } finally {
    value[j] = w;
  }
  let roundoff = (2 * quantum) / span, probed = false;
  if (!kink && disagreement > ERROR_FACTOR * (truncation + roundoff)) {
    probed = true;
    // not explained yet: measure the noise where C was evaluated
    roundoff = (noiseAt(pf, value, j, l, p) + noiseAt(pf, value, j, l, q)) /
      span;
    kink ||= pf.crossedKink(l);
  }
  return { truncation, roundoff, kink, probed };
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * The pieces of {@linkcode checkEquations} that every layer kind shares: the
 * central differences of the batch cost in each entry of a layer's Z, with
 * the error model of each (truncation from two step sizes, round-off from
 * the rounding quantum and, when needed, the measured noise), and the verdict
 * on one equation at one layer.
 *
 * @module
 */
import { FLOOR_FRACTION, relativeError } from "./defaults.ts";
import { ERROR_FACTOR, noiseOf, roundingQuantum } from "./error_model.ts";
import type { Activation } from "../activations/mod.ts";
import { Matrix } from "../tensor/mod.ts";
import type { PartialForward } from "./partial_forward.ts";
import type { Equation, EquationRow, GradientPath } from "./types.ts";

/** The error model of the BP1/BP2 differences (see `error_model.ts`). */
export interface ErrorModel {
  /** The rounding quantum of C. */
  quantum: number;
  /** Truncation estimate of each entry. */
  truncation: Float64Array;
  /** The step `(z + h) − (z − h)` of each entry. */
  span: Float64Array;
  /** ρ(z + h) + ρ(z − h) of entry i, measured. */
  noise: (i: number) => number;
}

/** What {@linkcode centralDifferences} returns. */
export interface Differences {
  /** ∂C/∂v for each entry of v. */
  numeric: Float64Array;
  /** 1 for an entry whose steps crossed a kink (not to be judged). */
  skip: Uint8Array;
  /** The error estimate of each entry. */
  model: ErrorModel;
}

/**
 * Central differences of `cost` in each entry of `values`, which `cost`
 * reads; every entry is put back bit for bit.
 *
 * @param values The point (changed and restored in place).
 * @param cost C at the current `values`.
 * @param crossed Whether the last evaluation crossed a kink further on.
 * @param kinks The kinks of the layer's own σ.
 * @param eps The relative step.
 * @param quantum The rounding quantum of C.
 * @returns The differences, the kinks crossed and the error model.
 *
 * @example The derivative of a sum of squares
 * ```ts
 * import { centralDifferences } from "./equation_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const v = new Float64Array([1, -2]);
 * const d = centralDifferences(v, () => v[0]! ** 2 + v[1]! ** 2, () => false, [], 1e-5, 1e-16);
 * assert.ok(Math.abs(d.numeric[0]! - 2) < 1e-8 && Math.abs(d.numeric[1]! + 4) < 1e-8);
 * assert.deepEqual(Array.from(v), [1, -2]);
 * ```
 */
export function centralDifferences(
  values: Float64Array,
  cost: () => number,
  crossed: () => boolean,
  kinks: readonly number[],
  eps: number,
  quantum: number,
): Differences {
  const n = values.length;
  const numeric = new Float64Array(n), skip = new Uint8Array(n);
  const truncation = new Float64Array(n), span = new Float64Array(n);
  const at = (i: number, t: number): number => {
    const z = values[i]!;
    values[i] = t;
    const c = cost();
    values[i] = z;
    return c;
  };
  for (let i = 0; i < n; i++) {
    const z = values[i]!, h = eps * Math.max(1, Math.abs(z));
    values[i] = z + h;
    const hi = values[i]!, cp = cost();
    let kinked = crossed();
    values[i] = z - h;
    const lo = values[i]!, cm = cost();
    kinked ||= crossed() ||
      kinks.some((k) => z - 2 * h <= k && k <= z + 2 * h);
    values[i] = z;
    numeric[i] = (cp - cm) / (hi - lo);
    span[i] = hi - lo;
    // the steps as stored: (z + 2h) − (z − 2h) rounded
    values[i] = z + 2 * h;
    const hi2 = values[i]!;
    values[i] = z - 2 * h;
    const span2 = hi2 - values[i]!;
    values[i] = z;
    const cp2 = at(i, z + 2 * h);
    kinked ||= crossed();
    const cm2 = at(i, z - 2 * h);
    kinked ||= crossed();
    truncation[i] = Math.abs((cp2 - cm2) / span2 - numeric[i]!) / 3;
    skip[i] = kinked ? 1 : 0;
  }
  const original = values.slice();
  const model: ErrorModel = {
    quantum,
    truncation,
    span,
    noise: (i) =>
      noiseOf((t) => at(i, t), original[i]! + span[i]! / 2, quantum) +
      noiseOf((t) => at(i, t), original[i]! - span[i]! / 2, quantum),
  };
  return { numeric, skip, model };
}

/**
 * Numerical `∂C/∂Z^l`, entry by entry, from a base pass: central
 * differences of the batch cost in each entry of layer l's weighted input
 * `z`, through σ and the rest of the network, with their error model.
 *
 * @param pf The network's partial forward passes.
 * @param l The 0-based layer index.
 * @param z The layer's Z at the base pass (`m x n`; not changed).
 * @param act The layer's σ.
 * @param eps The relative step.
 * @returns The differences, the kinks crossed and the error model.
 */
export function differencesInZ(
  pf: PartialForward,
  l: number,
  z: Matrix,
  act: Activation,
  eps: number,
): Differences {
  const m = z.rows, n = z.cols;
  const zp = new Matrix(m, n, z.data.slice()), ap = new Matrix(m, n);
  const costAt = (): number => {
    if (act.forward) act.forward(zp.data, ap.data, m, n);
    else {
      for (let i = 0; i < zp.data.length; i++) ap.data[i] = act.fn(zp.data[i]!);
    }
    return pf.lossFromInput(l + 1, ap);
  };
  return centralDifferences(
    zp.data,
    costAt,
    () => pf.crossedKink(l + 1),
    act.kinks ?? [],
    eps,
    roundingQuantum(pf),
  );
}

/**
 * One equation's verdict: the largest relative error of `analytic` against
 * `reference`, entries flagged in `skip` left out; with an error model, an
 * entry beyond the tolerance fails only beyond {@linkcode ERROR_FACTOR}
 * times its estimated error, else it is inconclusive.
 *
 * @param equation The equation.
 * @param layer 0-based layer index.
 * @param path The backprop path.
 * @param analytic What the layer computed.
 * @param reference What the equation says.
 * @param skip 1 for entries not to judge (kinks), or null.
 * @param tolerance The largest relative error that passes.
 * @param model The error model of `reference`, or null for an exact one.
 * @returns The row.
 *
 * @example Equal arrays hold
 * ```ts
 * import { compare } from "./equation_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const a = new Float64Array([1, 2]);
 * assert.ok(compare("BP3", 0, "generic", a, a.slice(), null, 1e-5, null).ok);
 * ```
 */
export function compare(
  equation: Equation,
  layer: number,
  path: GradientPath,
  analytic: Float64Array,
  reference: Float64Array,
  skip: Uint8Array | null,
  tolerance: number,
  model: ErrorModel | null,
): EquationRow {
  let scale = 0;
  for (let i = 0; i < analytic.length; i++) {
    if (skip?.[i]) continue;
    scale = Math.max(scale, Math.abs(analytic[i]!), Math.abs(reference[i]!));
  }
  const floor = Math.max(FLOOR_FRACTION * scale, Number.MIN_VALUE);
  let max = 0, worstIndex = -1, checked = 0, failed = 0, inconclusive = 0;
  for (let i = 0; i < analytic.length; i++) {
    if (skip?.[i]) continue;
    checked++;
    const a = analytic[i]!, n = reference[i]!, d = Math.abs(a - n);
    let floorI = floor, bound = 0;
    if (model) {
      // as in gradcheck's verdict: round-off is judged against its own
      // size where the whole of Δ is resolved; beyond the tolerance, fail
      // only beyond ERROR_FACTOR times the estimated error
      const roundoff = (2 * model.quantum) / model.span[i]!;
      const res = ERROR_FACTOR * roundoff;
      if (res <= tolerance * scale) floorI = Math.max(floor, res / tolerance);
      bound = ERROR_FACTOR * (model.truncation[i]! + roundoff);
    }
    let e = relativeError(a, n, floorI);
    if (Number.isNaN(e)) e = Infinity;
    if (!(e <= tolerance)) {
      if (model && d > bound && Number.isFinite(e)) {
        bound = ERROR_FACTOR *
          (model.truncation[i]! + model.noise(i) / model.span[i]!);
      }
      if (model && d <= bound) inconclusive++;
      else failed++;
    }
    if (worstIndex < 0 || e > max) {
      max = e;
      worstIndex = i;
    }
  }
  return {
    equation,
    layer,
    path,
    maxRelativeError: max,
    worstIndex,
    checked,
    failed,
    inconclusive,
    ok: failed === 0 && inconclusive === 0,
  };
}

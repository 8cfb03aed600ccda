/**
 * `checkCost`: ∇_a C against a numerical gradient of C.
 *
 * @module
 */
import type { Cost } from "../costs/mod.ts";
import { Random } from "../tensor/mod.ts";
import {
  DEFAULT_EPSILON,
  DEFAULT_TOLERANCE,
  FLOOR_FRACTION,
  relativeError,
} from "./defaults.ts";

/** Options of {@linkcode checkCost}. */
export interface CheckCostOptions {
  /**
   * Random (a, y) pairs to check.
   *
   * @default {50}
   */
  samples?: number;
  /**
   * Outputs per sample.
   *
   * @default {4}
   */
  size?: number;
  /**
   * Targets: one-hot rows, or uniform in [0, 1].
   *
   * @default {"one-hot"}
   */
  targets?: "one-hot" | "uniform";
  /**
   * Largest relative error that passes.
   *
   * @default {1e-5 (central difference)}
   */
  tolerance?: number;
  /**
   * Seed of the pairs.
   *
   * @default {0}
   */
  seed?: number;
}

/** Where ∇_a C and the numerical gradient disagree most. */
export interface CostDisagreement {
  /** The sample. */
  sample: number;
  /** The output j. */
  index: number;
  /** a_j. */
  a: number;
  /** y_j. */
  y: number;
  /** ∂C/∂a_j from `gradient`. */
  analytic: number;
  /** The central difference of `fn`. */
  numeric: number;
  /** Their relative error. */
  relativeError: number;
}

/** The result of {@linkcode checkCost}. */
export interface CostCheck {
  /** The cost's name. */
  name: string;
  /** Whether the gradient agrees everywhere. */
  ok: boolean;
  /** Largest relative error. */
  maxRelativeError: number;
  /** Where it is largest. */
  worst: CostDisagreement | null;
  /** The failing entries (at most 10). */
  failures: CostDisagreement[];
}

/**
 * Compares `cost.gradient` with central differences of `cost.fn` at random
 * outputs a in (0.05, 0.95) (inside every built-in cost's domain) and
 * one-hot or uniform targets.
 *
 * @param cost The cost.
 * @param options Samples, size, targets, tolerance, seed.
 * @returns The verdict and where it disagrees.
 *
 * @example
 * ```ts
 * import { checkCost } from "./cost_check.ts";
 * import { quadratic } from "../costs/mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(checkCost(quadratic).ok);
 * const flipped = { ...quadratic, gradient(a: Float64Array, y: Float64Array, out: Float64Array) {
 *   for (let j = 0; j < a.length; j++) out[j] = y[j]! - a[j]!;
 * } };
 * assert.ok(Math.abs(checkCost(flipped).worst!.relativeError - 2) < 1e-9); // a = −n
 * ```
 */
export function checkCost(
  cost: Cost,
  options: CheckCostOptions = {},
): CostCheck {
  const samples = options.samples ?? 50, n = options.size ?? 4;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE.central;
  const eps = DEFAULT_EPSILON.central, r = new Random(options.seed ?? 0);
  const a = new Float64Array(n), y = new Float64Array(n);
  const g = new Float64Array(n), all: CostDisagreement[] = [];
  for (let s = 0; s < samples; s++) {
    const hot = r.int(n);
    for (let j = 0; j < n; j++) {
      a[j] = 0.05 + 0.9 * r.uniform();
      y[j] = options.targets === "uniform" ? r.uniform() : j === hot ? 1 : 0;
    }
    cost.gradient(a, y, g);
    for (let j = 0; j < n; j++) {
      const aj = a[j]!, h = eps * Math.max(1, Math.abs(aj));
      a[j] = aj + h;
      const ap = a[j]!, cp = cost.fn(a, y);
      a[j] = aj - h;
      const am = a[j]!, cm = cost.fn(a, y);
      a[j] = aj;
      all.push({
        sample: s,
        index: j,
        a: aj,
        y: y[j]!,
        analytic: g[j]!,
        numeric: (cp - cm) / (ap - am),
        relativeError: 0,
      });
    }
  }
  let scale = 0;
  for (const d of all) {
    scale = Math.max(scale, Math.abs(d.analytic), Math.abs(d.numeric));
  }
  const floor = Math.max(FLOOR_FRACTION * scale, Number.MIN_VALUE);
  let worst: CostDisagreement | null = null;
  const failures: CostDisagreement[] = [];
  for (const d of all) {
    const e = relativeError(d.analytic, d.numeric, floor);
    d.relativeError = Number.isNaN(e) ? Infinity : e;
    if (worst === null || d.relativeError > worst.relativeError) worst = d;
    if (d.relativeError > tolerance && failures.length < 10) failures.push(d);
  }
  const maxRelativeError = worst?.relativeError ?? 0;
  return {
    name: cost.name,
    ok: maxRelativeError <= tolerance,
    maxRelativeError,
    worst,
    failures,
  };
}

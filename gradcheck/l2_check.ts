/**
 * The L2 penalty, checked apart from the data loss.
 *
 * @module
 */
import { l2Gradient, l2Penalty } from "../optimizers/mod.ts";
import type { Param } from "../layers/mod.ts";
import { FLOOR_FRACTION, type Method, relativeError } from "./defaults.ts";
import { DEFAULT_TOLERANCE } from "./defaults.ts";
import type { NumericJob } from "./numeric.ts";
import type { L2Check } from "./types.ts";

/**
 * Compares `l2Gradient` with a finite difference of `l2Penalty` at the
 * listed entries of the regularised Params (weights restored bit for bit).
 *
 * @param params The Params.
 * @param l2 λ and the training-set size n.
 * @param jobs The entries.
 * @param method The formula.
 * @param epsilon The relative step.
 * @returns The verdict.
 *
 * @example
 * ```ts
 * import { checkL2 } from "./l2_check.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "W", shape: [2], value: Float64Array.of(0.5, -2), grad: new Float64Array(2), regularize: true };
 * const r = checkL2([w], { lambda: 0.1, n: 10 }, [{ param: 0, indices: Int32Array.of(0, 1) }], "central", 1e-5);
 * assert.ok(r.ok && r.checked === 2);
 * ```
 */
export function checkL2(
  params: readonly Param[],
  l2: { lambda: number; n: number },
  jobs: readonly NumericJob[],
  method: Method,
  epsilon: number,
): L2Check {
  const { lambda, n } = l2;
  const decay = lambda / n;
  const pen = (): number => l2Penalty(params, lambda, n);
  const c0 = pen();
  const analytic: number[] = [], numeric: number[] = [];
  for (const job of jobs) {
    const p = params[job.param]!;
    if (!p.regularize) continue;
    const v = p.value;
    for (const j of job.indices) {
      const w = v[j]!, h = epsilon * Math.max(1, Math.abs(w));
      v[j] = w + h;
      const wp = v[j]!, cp = pen();
      let d: number;
      if (method === "forward") d = (cp - c0) / (wp - w);
      else {
        v[j] = w - h;
        const wm = v[j]!;
        d = (cp - pen()) / (wp - wm);
      }
      v[j] = w;
      analytic.push(l2Gradient(p, j, decay));
      numeric.push(d);
    }
  }
  let scale = 0;
  for (let i = 0; i < analytic.length; i++) {
    scale = Math.max(scale, Math.abs(analytic[i]!), Math.abs(numeric[i]!));
  }
  const floor = Math.max(FLOOR_FRACTION * scale, Number.MIN_VALUE);
  let max = 0;
  for (let i = 0; i < analytic.length; i++) {
    const e = relativeError(analytic[i]!, numeric[i]!, floor);
    max = Number.isNaN(e) ? Infinity : Math.max(max, e);
  }
  return {
    ok: max <= DEFAULT_TOLERANCE[method],
    maxRelativeError: max,
    checked: analytic.length,
  };
}

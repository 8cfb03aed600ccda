/**
 * The numeric gradient: the chapter's forward difference or the central
 * difference, entry by entry, with the weights restored bit for bit.
 *
 * @module
 */
import type { Param } from "../layers/mod.ts";
import type { Method } from "./defaults.ts";
import type { PartialForward } from "./partial_forward.ts";

/** The entries of one Param to perturb. */
export interface NumericJob {
  /** Index of the Param in `network.params`. */
  param: number;
  /** Entry indices, ascending. */
  indices: Int32Array;
}

/** Numeric derivatives of a list of jobs, concatenated in job order. */
export interface NumericResult {
  /** `∂C/∂w` by finite differences. */
  numeric: Float64Array;
  /** 1 where a step crossed a kink of σ. */
  kink: Uint8Array;
  /** Wall time of each job, ms. */
  jobMs: Float64Array;
}

/**
 * Differentiates the mean cost numerically at the listed entries. The step
 * for weight w is `epsilon · max(1, |w|)`, rounded to a representable
 * difference (the divisor is `(w + h) − w` as stored), and a perturbation of
 * a Param of layer l recomputes the forward pass from layer l only. Every
 * weight is put back from its saved value, never by `w + h − h`.
 *
 * @param pf The partial forward cache, after `base()`.
 * @param params The network's Params.
 * @param layerOf The layer index of every Param.
 * @param jobs What to perturb.
 * @param method `"forward"` (1 pass per entry) or `"central"` (2 passes).
 * @param epsilon The relative step.
 * @returns The derivatives, kink flags and per-job times.
 *
 * @example
 * ```ts
 * import { numericGradient } from "./numeric.ts";
 * import { PartialForward } from "./partial_forward.ts";
 * import { mlp } from "../network/mod.ts";
 * import { Matrix } from "../tensor/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([1, 1], { activation: "identity" }); // C = (wx + b − y)²/2
 * const x = Matrix.from([[2]]), y = Matrix.from([[0]]);
 * const pf = new PartialForward(net.layers, net.cost, x, y);
 * pf.base();
 * const r = numericGradient(pf, net.params, [0, 0], [{ param: 1, indices: Int32Array.of(0) }], "central", 1e-5);
 * const a = net.predict(x).data[0]!;
 * assert.ok(Math.abs(r.numeric[0]! - a) < 1e-9); // ∂C/∂b = a − y
 * ```
 */
export function numericGradient(
  pf: PartialForward,
  params: readonly Param[],
  layerOf: readonly number[],
  jobs: readonly NumericJob[],
  method: Method,
  epsilon: number,
): NumericResult {
  let total = 0;
  for (const job of jobs) total += job.indices.length;
  const numeric = new Float64Array(total), kink = new Uint8Array(total);
  const jobMs = new Float64Array(jobs.length);
  const c0 = pf.loss0;
  let o = 0;
  jobs.forEach((job, ji) => {
    const start = performance.now();
    const v = params[job.param]!.value, l = layerOf[job.param]!;
    for (const j of job.indices) {
      const w = v[j]!, h = epsilon * Math.max(1, Math.abs(w));
      v[j] = w + h;
      const wp = v[j]!;
      const cp = pf.lossFrom(l);
      let crossed = pf.crossedKink(l);
      if (method === "forward") {
        v[j] = w;
        numeric[o] = (cp - c0) / (wp - w);
      } else {
        v[j] = w - h;
        const wm = v[j]!;
        const cm = pf.lossFrom(l);
        crossed ||= pf.crossedKink(l);
        v[j] = w;
        numeric[o] = (cp - cm) / (wp - wm);
      }
      kink[o++] = crossed ? 1 : 0;
    }
    jobMs[ji] = performance.now() - start;
  });
  return { numeric, kink, jobMs };
}

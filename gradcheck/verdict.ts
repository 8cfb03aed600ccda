/**
 * The verdict of a check: each entry's analytic gradient against its
 * difference quotient, judged by the error model, then per Param, per
 * layer and overall.
 *
 * @module
 */
import { type Method, relativeError } from "./defaults.ts";
import {
  ERROR_FACTOR,
  type ErrorEstimate,
  estimateError,
  roundingQuantum,
  roundoffOf,
} from "./error_model.ts";
import { checkL2 } from "./l2_check.ts";
import type { NumericResult } from "./numeric.ts";
import type { Prepared } from "./prepare.ts";
import type {
  GradcheckReport,
  GradcheckWorst,
  LayerRow,
  ParamRow,
} from "./types.ts";

/** Failures of a Param confirmed with the measured noise; then no more. */
const CONFIRMED = 8;

/**
 * Compares analytic and numeric gradients and builds the report (timing is
 * filled by the caller).
 *
 * @param prep The prepared check.
 * @param result The numeric gradient of `prep.jobs`.
 * @returns The report, with `timing` to be completed.
 *
 * @example
 * ```ts
 * import { prepare } from "./prepare.ts";
 * import { verdict } from "./verdict.ts";
 * import { numericGradient } from "./numeric.ts";
 * import { mlp } from "../network/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 1]);
 * const prep = prepare(net, [[1, 2]], [[1]], {});
 * const result = numericGradient(prep.pf, net.params, prep.layerOf, prep.jobs, "forward", 1e-8);
 * assert.ok(verdict(prep, result).ok);
 * prep.restore();
 * ```
 */
export function verdict(
  prep: Prepared,
  result: NumericResult,
): GradcheckReport {
  const { network, jobs, layerOf, tolerance } = prep;
  const params = network.params;
  const rows: ParamRow[] = [];
  let worst: GradcheckWorst | null = null,
    worstFailed = false,
    checked = 0,
    kinks = 0,
    inconclusive = 0,
    failed = 0,
    errorRatio = 0,
    floorMin = Infinity;
  // the error estimate of an entry's difference quotient, computed only
  // for entries that disagree beyond the tolerance (the same for each path)
  const estimates = new Map<number, ErrorEstimate>();
  const estimate = (
    o: number,
    param: number,
    j: number,
    disagreement: number,
  ): ErrorEstimate => {
    let e = estimates.get(o);
    if (
      e === undefined ||
      (!e.probed &&
        disagreement > ERROR_FACTOR * (e.truncation + e.roundoff))
    ) {
      e = estimateError(
        prep.pf,
        params[param]!.value,
        j,
        layerOf[param]!,
        prep.method,
        prep.epsilon,
        result.numeric[o]!,
        disagreement,
      );
      estimates.set(o, e);
    }
    return e;
  };
  for (const [path, grads] of prep.analytic) {
    let scale = 0, o = 0;
    for (const job of jobs) {
      for (const j of job.indices) {
        if (result.kink[o] === 0) {
          scale = Math.max(
            scale,
            Math.abs(grads[job.param]![j]!),
            Math.abs(result.numeric[o]!),
          );
        }
        o++;
      }
    }
    const floor = Math.max(prep.floorFraction * scale, Number.MIN_VALUE);
    const quantum = roundingQuantum(prep.pf);
    floorMin = Math.min(floorMin, floor);
    o = 0;
    for (const job of jobs) {
      const g = grads[job.param]!, p = params[job.param]!;
      const row: ParamRow = {
        layer: layerOf[job.param]!,
        param: p.name,
        path,
        size: p.value.length,
        checked: 0,
        kinks: 0,
        inconclusive: 0,
        failed: 0,
        maxRelativeError: 0,
        meanRelativeError: 0,
        worstIndex: -1,
        ok: true,
      };
      let sum = 0;
      for (const j of job.indices) {
        const n = result.numeric[o]!, k = result.kink[o], at = o++;
        if (k === 1) {
          row.kinks++;
          continue;
        }
        const a = g[j]!;
        // round-off is the same at any weights: a disagreement within it,
        // on an entry where the gradient as a whole is resolved, is judged
        // against it (truncation, which grows near a minimum, is not)
        const res = ERROR_FACTOR *
          roundoffOf(quantum, p.value[j]!, prep.epsilon, prep.method);
        const floorJ = res <= tolerance * scale
          ? Math.max(floor, res / tolerance)
          : floor;
        let err = relativeError(a, n, floorJ);
        if (Number.isNaN(err)) err = Infinity;
        let fails = false;
        if (!(err <= tolerance)) {
          // beyond the tolerance: a wrong gradient, or numerics that
          // cannot resolve the tolerance here (near a minimum, say)?
          // once a Param has failed on CONFIRMED entries, the rest are
          // judged without measuring the noise (it only saves time: the
          // verdict on the Param is made)
          const e = estimate(
            at,
            job.param,
            j,
            row.failed < CONFIRMED ? Math.abs(a - n) : 0,
          );
          if (e.kink) {
            row.kinks++;
            continue;
          }
          const bound = ERROR_FACTOR * (e.truncation + e.roundoff);
          if (e.probed) {
            errorRatio = Math.max(
              errorRatio,
              Math.abs(a - n) / (e.truncation + e.roundoff),
            );
          }
          if (Math.abs(a - n) > bound || !Number.isFinite(err)) {
            row.failed++;
            fails = true;
          } else row.inconclusive++;
        }
        row.checked++;
        sum += err;
        if (row.worstIndex < 0 || !(err <= row.maxRelativeError)) {
          row.maxRelativeError = err;
          row.worstIndex = j;
        }
        // the worst entry: the worst failure if any, else the worst error
        if (
          worst === null || (fails && !worstFailed) ||
          (fails === worstFailed && err > worst.relativeError)
        ) {
          worst = {
            layer: row.layer,
            param: p.name,
            index: j,
            analytic: a,
            numeric: n,
            relativeError: err,
            path,
          };
          worstFailed = fails;
        }
      }
      row.meanRelativeError = row.checked > 0 ? sum / row.checked : 0;
      row.ok = row.failed === 0 && row.inconclusive === 0;
      checked += row.checked;
      kinks += row.kinks;
      inconclusive += row.inconclusive;
      failed += row.failed;
      rows.push(row);
    }
  }
  const layers: LayerRow[] = [];
  for (const row of rows) {
    let l = layers.find((r) => r.layer === row.layer);
    if (l === undefined) {
      l = { layer: row.layer, maxRelativeError: 0, ok: true };
      layers.push(l);
    }
    l.maxRelativeError = Math.max(l.maxRelativeError, row.maxRelativeError);
    l.ok &&= row.ok;
  }
  layers.sort((a, b) => a.layer - b.layer);
  const l2 = prep.options.l2
    ? checkL2(params, prep.options.l2, jobs, prep.method, prep.epsilon)
    : null;
  const maxRelativeError = rows.reduce(
    (m, r) => Math.max(m, r.maxRelativeError),
    0,
  );
  const paths = [...prep.analytic.keys()];
  let suspect: GradcheckReport["suspect"] = null, top: ParamRow | null = null;
  for (const r of rows) {
    if (r.failed === 0) continue;
    if (
      top === null || r.layer > top.layer ||
      (r.layer === top.layer && r.maxRelativeError > top.maxRelativeError)
    ) top = r;
  }
  if (top !== null) {
    suspect = { layer: top.layer, param: top.param, path: top.path };
  }
  const total = params.reduce((s, p) => s + p.value.length, 0);
  const perPath = (n: number): number =>
    paths.length > 0 ? n / paths.length : 0;
  const reproducible = Object.is(prep.repeated, prep.pf.loss0);
  const broken = failed > 0 || (l2 !== null && !l2.ok) || !reproducible;
  const advice = !reproducible
    ? `C is not a function of the weights: two evaluations at the same ` +
      `weights gave ${prep.pf.loss0} and ${prep.repeated} (a forward pass ` +
      `that reads stale buffers or keeps state?), so no difference quotient ` +
      `means anything`
    : inconclusive > 0
    ? inconclusiveAdvice(prep.method)
    : null;
  return {
    ok: !broken && inconclusive === 0,
    verdict: broken ? "fail" : inconclusive > 0 ? "inconclusive" : "ok",
    method: prep.method,
    epsilon: prep.epsilon,
    tolerance,
    floor: floorMin === Infinity ? 0 : floorMin,
    quantum: roundingQuantum(prep.pf),
    loss: prep.pf.loss0,
    maxRelativeError,
    worst,
    suspect,
    kinks: perPath(kinks),
    checked: perPath(checked),
    failed,
    inconclusive,
    advice,
    reproducible,
    errorRatio,
    total,
    paths,
    kernels: prep.kernels,
    float32: null,
    canaries: [],
    params: rows,
    layers,
    l2,
    timing: {
      backpropMs: NaN,
      numericMs: NaN,
      speedup: NaN,
      forwardPasses: {
        backprop: 1,
        numeric: prep.method === "forward" ? total + 1 : 2 * total,
      },
      extrapolated: prep.sampled,
      workers: 1,
      note: "",
    },
  };
}

/**
 * What to do when the numerics cannot decide.
 *
 * @param method The formula used.
 * @returns A sentence for `report.advice`.
 *
 * @example
 * ```ts
 * import { inconclusiveAdvice } from "./verdict.ts";
 * import assert from "node:assert/strict";
 *
 * assert.match(inconclusiveAdvice("forward"), /method: "central"/);
 * ```
 */
export function inconclusiveAdvice(method: Method): string {
  const first = method === "forward"
    ? `check again with method: "central" (its truncation error is O(h²), not O(h)), or `
    : "";
  return `Some entries disagree by more than the tolerance, but by no more ` +
    `than the finite difference's own error (near a minimum the gradient ` +
    `shrinks while the curvature does not): ${first}check at the untrained ` +
    `weights, where the gradient is large against that error`;
}

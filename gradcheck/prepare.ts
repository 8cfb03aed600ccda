/**
 * The set-up and the verdict shared by `gradcheck` and
 * `gradcheckParallel`: freezing randomness, saving weights, the analytic
 * gradients of each path, and the report.
 *
 * @module
 */
import { Dense } from "../layers/mod.ts";
import type { Network } from "../network/mod.ts";
import { Matrix, type MatrixLike } from "../tensor/mod.ts";
import { kernelCalls, kernelsSince } from "../tensor/kernels/paths.ts";
import {
  checkMethod,
  DEFAULT_EPSILON,
  DEFAULT_TOLERANCE,
  FLOOR_FRACTION,
  type Method,
  relativeError,
} from "./defaults.ts";
import {
  ERROR_FACTOR,
  type ErrorEstimate,
  estimateError,
  roundingQuantum,
  roundoffOf,
} from "./error_model.ts";
import { selectEntries } from "./entries.ts";
import type { NumericJob, NumericResult } from "./numeric.ts";
import { PartialForward } from "./partial_forward.ts";
import type {
  GradcheckOptions,
  GradcheckReport,
  GradcheckWorst,
  GradientPath,
  LayerRow,
  ParamRow,
} from "./types.ts";
import { checkL2 } from "./l2_check.ts";

/** Failures of a Param confirmed with the measured noise; then no more. */
const CONFIRMED = 8;

/** Everything a check needs between its set-up and its verdict. */
export interface Prepared {
  /** The network under check. */
  network: Network;
  /** Inputs. */
  x: Matrix;
  /** Targets. */
  y: Matrix;
  /** The formula. */
  method: Method;
  /** The relative step. */
  epsilon: number;
  /** The tolerance. */
  tolerance: number;
  /** The relative-error floor as a fraction of the gradient's size. */
  floorFraction: number;
  /** C evaluated a second time at the same weights (must equal `pf.loss0`). */
  repeated: number;
  /** Kernel paths (and batch regimes) that computed the analytic gradients. */
  kernels: string[];
  /** Layer index of every Param. */
  layerOf: number[];
  /** The entries to perturb. */
  jobs: NumericJob[];
  /** Whether some Param is sampled. */
  sampled: boolean;
  /** The forward cache, after `base()`. */
  pf: PartialForward;
  /** Analytic gradients per path (copies of every Param.grad). */
  analytic: Map<GradientPath, Float64Array[]>;
  /** The options. */
  options: GradcheckOptions;
  /** Puts the network back as it was (weights bit for bit, fused, frozen). */
  restore(): void;
}

/**
 * Freezes randomness, saves the weights and runs backprop on every path.
 *
 * @param network The network (changed only until `restore()`).
 * @param x Inputs.
 * @param y Targets.
 * @param options The options.
 * @returns The prepared check.
 * @throws {TypeError} On shapes that do not fit the network.
 * @throws {RangeError} On a bad option.
 *
 * @example
 * ```ts
 * import { prepare } from "./prepare.ts";
 * import { mlp } from "../network/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 1], { cost: "crossEntropy" });
 * const prep = prepare(net, [[1, 2]], [[1]], {});
 * assert.deepEqual([...prep.analytic.keys()], ["fused", "generic"]);
 * prep.restore();
 * ```
 */
export function prepare(
  network: Network,
  x: MatrixLike,
  y: MatrixLike,
  options: GradcheckOptions,
): Prepared {
  const method = checkMethod(options.method ?? "forward");
  const epsilon = options.epsilon ?? DEFAULT_EPSILON[method];
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE[method];
  for (const [name, v] of [["epsilon", epsilon], ["tolerance", tolerance]]) {
    if (!(Number(v) > 0 && Number.isFinite(v))) {
      throw new RangeError(
        `Cannot run gradcheck: option '${name}' must be a positive number, got '${v}'`,
      );
    }
  }
  const layers = network.layers, params = network.params;
  // Frozen layers draw their one dropout mask from a copy of their
  // generator, so the network's own random sequence is left untouched.
  for (const layer of layers) layer.freeze?.(true);
  try {
    // validates shapes and values with the network's own messages, and
    // draws the dropout masks that the frozen layers will keep
    network.loss(x, y, { training: true });
  } catch (e) {
    for (const layer of layers) layer.freeze?.(false);
    throw e;
  }
  const X = x instanceof Matrix ? x : Matrix.from(x);
  const Y = y instanceof Matrix ? y : Matrix.from(y);
  const saved = params.map((p) => p.value.slice());
  const fused = network.fused;
  const restore = (): void => {
    params.forEach((p, i) => p.value.set(saved[i]!));
    network.fused = fused;
    for (const layer of layers) layer.freeze?.(false);
  };
  try {
    const layerOf = layers.flatMap((layer, l) => layer.params.map(() => l));
    const jobs = selectEntries(
      params,
      options.sample ?? Infinity,
      options.seed ?? 0,
    );
    const sampled = jobs.some((j, i) =>
      j.indices.length < params[i]!.value.length
    );
    const last = layers[layers.length - 1]!;
    const canFuse = last instanceof Dense &&
      network.cost.pairsWith === last.activation.name;
    const paths: GradientPath[] = options.paths === "network"
      ? [canFuse && fused ? "fused" : "generic"]
      : canFuse
      ? ["fused", "generic"]
      : ["generic"];
    const analytic = new Map<GradientPath, Float64Array[]>();
    const before = kernelCalls();
    for (const path of paths) {
      network.fused = path === "fused";
      network.gradient(X, Y);
      analytic.set(path, params.map((p) => p.grad.slice()));
    }
    const kernels = kernelsSince(before);
    network.fused = fused;
    const pf = new PartialForward(layers, network.cost, X, Y);
    pf.base();
    // the same weights must give the same C, bit for bit: a forward pass
    // that reads stale buffers or state would make every difference noise
    const again = pf.lossFrom(0);
    pf.layerEvaluations = 0;
    return {
      network,
      x: X,
      y: Y,
      method,
      epsilon,
      tolerance,
      floorFraction: FLOOR_FRACTION,
      repeated: again,
      kernels,
      layerOf,
      jobs,
      sampled,
      pf,
      analytic,
      options,
      restore,
    };
  } catch (e) {
    restore();
    throw e;
  }
}

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
 * import { prepare, verdict } from "./prepare.ts";
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
 * import { inconclusiveAdvice } from "./prepare.ts";
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

/**
 * The words on how the numeric side saved work.
 *
 * @param layerEvaluations Layer forwards the perturbed passes ran.
 * @param passes Perturbed passes.
 * @param depth Number of layers.
 * @returns A sentence for `timing.note`.
 *
 * @example
 * ```ts
 * import { cachingNote } from "./prepare.ts";
 * import assert from "node:assert/strict";
 *
 * assert.match(cachingNote(3, 2, 2), /3 of 4 layer evaluations \(75.0%\)/);
 * ```
 */
export function cachingNote(
  layerEvaluations: number,
  passes: number,
  depth: number,
): string {
  const full = passes * depth;
  const pct = full > 0 ? (100 * layerEvaluations) / full : 100;
  return `a perturbation in layer l recomputes the forward pass from layer l ` +
    `only (cached inputs): ${layerEvaluations} of ${full} layer evaluations ` +
    `(${pct.toFixed(1)}%)`;
}

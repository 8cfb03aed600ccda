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
import {
  checkMethod,
  DEFAULT_EPSILON,
  DEFAULT_TOLERANCE,
  type Method,
  relativeError,
  relativeErrorFloor,
} from "./defaults.ts";
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
    for (const path of paths) {
      network.fused = path === "fused";
      network.gradient(X, Y);
      analytic.set(path, params.map((p) => Float64Array.from(p.grad)));
    }
    network.fused = fused;
    const pf = new PartialForward(layers, network.cost, X, Y);
    pf.base();
    return {
      network,
      x: X,
      y: Y,
      method,
      epsilon,
      tolerance,
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
    checked = 0,
    kinks = 0,
    floorMin = Infinity;
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
    const floor = relativeErrorFloor(
      scale,
      prep.pf.loss0,
      prep.epsilon,
      tolerance,
    );
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
        maxRelativeError: 0,
        meanRelativeError: 0,
        worstIndex: -1,
        ok: true,
      };
      let sum = 0;
      for (const j of job.indices) {
        const n = result.numeric[o], k = result.kink[o++];
        if (k === 1) {
          row.kinks++;
          continue;
        }
        const a = g[j]!, err = relativeError(a, n!, floor);
        row.checked++;
        sum += Number.isNaN(err) ? Infinity : err;
        if (row.worstIndex < 0 || !(err <= row.maxRelativeError)) {
          row.maxRelativeError = Number.isNaN(err) ? Infinity : err;
          row.worstIndex = j;
          if (
            worst === null || !(row.maxRelativeError <= worst.relativeError)
          ) {
            worst = {
              layer: row.layer,
              param: p.name,
              index: j,
              analytic: a,
              numeric: n!,
              relativeError: row.maxRelativeError,
              path,
            };
          }
        }
      }
      row.meanRelativeError = row.checked > 0 ? sum / row.checked : 0;
      row.ok = row.maxRelativeError <= tolerance;
      checked += row.checked;
      kinks += row.kinks;
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
    if (r.ok) continue;
    if (
      top === null || r.layer > top.layer ||
      (r.layer === top.layer && r.maxRelativeError > top.maxRelativeError)
    ) top = r;
  }
  if (top !== null) {
    suspect = { layer: top.layer, param: top.param, path: top.path };
  }
  const total = params.reduce((s, p) => s + p.value.length, 0);
  return {
    ok: rows.every((r) => r.ok) && (l2 === null || l2.ok),
    method: prep.method,
    epsilon: prep.epsilon,
    tolerance,
    floor: floorMin === Infinity ? 0 : floorMin,
    loss: prep.pf.loss0,
    maxRelativeError,
    worst,
    suspect,
    kinks: paths.length > 0 ? kinks / paths.length : 0,
    checked: paths.length > 0 ? checked / paths.length : 0,
    total,
    paths,
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

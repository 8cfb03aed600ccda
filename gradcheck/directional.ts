/**
 * `directionalCheck`: the fast mode for big networks. O(1) cost evaluations
 * whatever the size, and a bisection over Params on failure.
 *
 * @module
 */
import { compareFloat32, float64Copy } from "./float32_copy.ts";
import type { Float32Check } from "./types.ts";
import type { Network } from "../network/mod.ts";
import { type MatrixLike, Random } from "../tensor/mod.ts";
import {
  DEFAULT_EPSILON,
  DEFAULT_TOLERANCE,
  relativeError,
} from "./defaults.ts";
import {
  ERROR_FACTOR,
  type ErrorEstimate,
  noiseOf,
  roundingQuantum,
} from "./error_model.ts";
import { prepare, type Prepared } from "./prepare.ts";
import { timeRepeated } from "./timing.ts";
import type { GradientPath } from "./types.ts";

/** Options of {@linkcode directionalCheck}. */
export interface DirectionalOptions {
  /**
   * Random unit directions per path.
   *
   * @default {4}
   */
  directions?: number;
  /**
   * Seed of the directions.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Largest relative error that passes.
   *
   * @default {1e-5 (central difference)}
   */
  tolerance?: number;
  /**
   * The relative step.
   *
   * @default {DEFAULT_EPSILON.central}
   */
  epsilon?: number;
  /**
   * Repeat timed parts until they have run this long (ms).
   *
   * @default {20}
   */
  minTimingMs?: number;
}

/** One direction's comparison. */
export interface DirectionResult {
  /** The backprop path. */
  path: GradientPath;
  /** `∇C · v` by backprop. */
  analytic: number;
  /** `(C(w + hv) − C(w − hv)) / 2h`. */
  numeric: number;
  /** Their relative error. */
  relativeError: number;
  /** True if the step crossed a kink (not judged). */
  kink: boolean;
  /** Whether it passes (or was skipped at a kink). */
  ok: boolean;
  /** Beyond both the tolerance and 10 times the estimated numeric error. */
  failed: boolean;
  /** Beyond the tolerance, within the estimated numeric error. */
  inconclusive: boolean;
}

/** The result of {@linkcode directionalCheck}. */
export interface DirectionalReport {
  /** True if every direction passes (none failed nor inconclusive). */
  ok: boolean;
  /** Directions that failed. */
  failed: number;
  /** Directions the numerics cannot decide. */
  inconclusive: number;
  /** Largest relative error. */
  maxRelativeError: number;
  /** Directions skipped because the step crossed a kink. */
  kinks: number;
  /** Every direction. */
  results: DirectionResult[];
  /** The Param that bisection blames, or null if all pass. */
  suspect: { layer: number; param: string; path: GradientPath } | null;
  /**
   * For a network with float32 layers: the directions were checked on a
   * float64 copy, and this compares the float32 backprop with the copy's.
   */
  float32?: Float32Check;
  /** Times: one backprop, the numeric side, and their ratio. */
  timing: {
    backpropMs: number;
    numericMs: number;
    speedup: number;
    forwardPasses: { backprop: number; numeric: number };
  };
}

/**
 * Compares the directional derivative `∇C · v` from backprop with a central
 * difference of C along random unit vectors v (2 forward passes each,
 * whatever the number of parameters). On a failure it bisects the Params:
 * v restricted to one half, then to one half of that, until one Param is
 * left, and names it in `suspect`.
 *
 * @param network The network (restored bit for bit).
 * @param x Inputs.
 * @param y Targets.
 * @param options Directions, seed, tolerance, step.
 * @returns The verdict per direction and the suspect Param.
 *
 * @example A doubled bias gradient is found by bisection
 * ```ts
 * import { directionalCheck } from "./directional.ts";
 * import { Dense, Matrix, mlp, Network, quadratic, tanh } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(directionalCheck(mlp([5, 8, 8, 2], { seed: 1 }), [[1, 2, 3, 4, 5]], [[0, 1]]).ok);
 * class DoubledBias extends Dense {
 *   override backwardFromDelta(needInputGrad = true): Matrix {
 *     const out = super.backwardFromDelta(needInputGrad);
 *     this.biases.forEach((_, j) => (this.params[1]!.grad[j]! *= 2));
 *     return out;
 *   }
 * }
 * const net = new Network([new Dense(5, 8, tanh, { seed: 1 }), new DoubledBias(8, 8, tanh, { seed: 2 }), new Dense(8, 2, tanh, { seed: 3 })], quadratic);
 * const r = directionalCheck(net, [[1, 2, 3, 4, 5]], [[0, 1]]);
 * assert.deepEqual(r.suspect, { layer: 1, param: "b", path: "generic" });
 * ```
 */
export function directionalCheck(
  network: Network,
  x: MatrixLike,
  y: MatrixLike,
  options: DirectionalOptions = {},
): DirectionalReport {
  // float32: as in gradcheck, the differences run on a float64 copy
  const copy = float64Copy(network);
  if (copy !== null) {
    const report = directionalCheck(copy, x, y, options);
    const { check } = compareFloat32(network, copy, x, y);
    report.float32 = check;
    if (!check.ok) {
      report.ok = false;
      report.failed++;
    }
    return report;
  }
  const eps = options.epsilon ?? DEFAULT_EPSILON.central;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE.central;
  const prep = prepare(network, x, y, { method: "central", sample: 1 });
  try {
    const params = network.params, random = new Random(options.seed ?? 0);
    const v = params.map((p) => new Float64Array(p.value.length));
    const all = params.map((_, i) => i);
    const results: DirectionResult[] = [];
    let suspect: DirectionalReport["suspect"] = null, numericMs = 0, passes = 0;
    for (let d = 0; d < (options.directions ?? 4); d++) {
      for (const p of v) {
        for (let i = 0; i < p.length; i++) p[i] = random.normal();
      }
      const start = performance.now();
      const { numeric, kink, error } = along(prep, v, all, eps);
      numericMs += performance.now() - start;
      passes += 2;
      for (const [path, grads] of prep.analytic) {
        const analytic = dot(grads, v, all);
        const r = judge(path, analytic, numeric, kink, error, tolerance);
        results.push(r);
        if (r.failed && suspect === null) {
          const found = bisect(prep, grads, v, all, eps, tolerance, path);
          passes += found.passes;
          suspect = {
            layer: prep.layerOf[found.param]!,
            param: params[found.param]!.name,
            path,
          };
        }
      }
    }
    const backpropMs = timeRepeated(
      () => network.gradient(prep.x, prep.y),
      options.minTimingMs ?? 20,
    );
    const perDirection = numericMs / Math.max(1, options.directions ?? 4);
    return {
      ok: results.every((r) => r.ok),
      failed: results.filter((r) => r.failed).length,
      inconclusive: results.filter((r) => r.inconclusive).length,
      maxRelativeError: results.reduce(
        (m, r) => (r.kink ? m : Math.max(m, r.relativeError)),
        0,
      ),
      kinks: results.filter((r) => r.kink).length,
      results,
      suspect,
      timing: {
        backpropMs,
        numericMs: perDirection,
        speedup: perDirection / backpropMs,
        forwardPasses: { backprop: 1, numeric: passes },
      },
    };
  } finally {
    prep.restore();
  }
}

/**
 * C along v restricted to the Params in `which`: `at(t)` is C at
 * `w + t·v`, with the weights put back bit for bit; `h` is a step of
 * `eps·max(1, |w|)` along `v/|v|`.
 */
function line(
  prep: Prepared,
  v: Float64Array[],
  which: readonly number[],
  eps: number,
): { at: (t: number) => number; kinked: () => boolean; h: number } {
  const params = prep.network.params;
  let norm = 0, wmax = 0;
  for (const i of which) {
    const p = v[i]!, w = params[i]!.value;
    for (let j = 0; j < p.length; j++) {
      norm += p[j]! * p[j]!;
      wmax = Math.max(wmax, Math.abs(w[j]!));
    }
  }
  norm = Math.sqrt(norm);
  const h = (eps * Math.max(1, wmax)) / norm;
  const saved = which.map((i) => params[i]!.value.slice());
  const first = Math.min(...which.map((i) => prep.layerOf[i]!));
  let kink = false;
  const at = (t: number): number => {
    which.forEach((i, k) => {
      const w = params[i]!.value, p = v[i]!, w0 = saved[k]!;
      for (let j = 0; j < w.length; j++) w[j] = w0[j]! + t * p[j]!;
    });
    const c = prep.pf.lossFrom(first);
    kink ||= prep.pf.crossedKink(first);
    which.forEach((i, k) => params[i]!.value.set(saved[k]!));
    return c;
  };
  return { at, kinked: () => kink, h };
}

/** The central difference of C along v restricted to the Params in `which`. */
function along(
  prep: Prepared,
  v: Float64Array[],
  which: readonly number[],
  eps: number,
): { numeric: number; kink: boolean; error: () => ErrorEstimate } {
  const { at, kinked, h } = line(prep, v, which, eps);
  const numeric = (at(h) - at(-h)) / (2 * h);
  const kink = kinked();
  const quantum = roundingQuantum(prep.pf);
  // truncation from two step sizes, round-off from the quantum and the
  // noise measured at w ± hv (see error_model.ts)
  const error = (): ErrorEstimate => {
    const d2 = (at(2 * h) - at(-2 * h)) / (4 * h);
    const noise = noiseOf(at, h, quantum) + noiseOf(at, -h, quantum);
    return {
      truncation: Math.abs(d2 - numeric) / 3,
      roundoff: noise / (2 * h),
      kink: kinked(),
      probed: true,
    };
  };
  return { numeric, kink, error };
}

function dot(
  grads: Float64Array[],
  v: Float64Array[],
  which: readonly number[],
): number {
  let s = 0;
  for (const i of which) {
    const g = grads[i]!, p = v[i]!;
    for (let j = 0; j < p.length; j++) s += g[j]! * p[j]!;
  }
  return s;
}

function judge(
  path: GradientPath,
  analytic: number,
  numeric: number,
  kink: boolean,
  error: () => ErrorEstimate,
  tolerance: number,
): DirectionResult {
  let e = relativeError(analytic, numeric, Number.MIN_VALUE);
  if (Number.isNaN(e)) e = Infinity;
  let inconclusive = false, failed = false;
  if (!kink && !(e <= tolerance)) {
    // beyond the tolerance: fail only beyond ERROR_FACTOR times the
    // estimated error of the difference (near a minimum ∇C·v shrinks, the
    // curvature along v does not)
    const est = error();
    if (est.kink) kink = true;
    else if (
      Math.abs(analytic - numeric) >
        ERROR_FACTOR * (est.truncation + est.roundoff) || !Number.isFinite(e)
    ) failed = true;
    else inconclusive = true;
  }
  return {
    path,
    analytic,
    numeric,
    relativeError: e,
    kink,
    inconclusive,
    ok: kink || !(failed || inconclusive),
    failed,
  };
}

/** Halves the failing set of Params until one is left. */
function bisect(
  prep: Prepared,
  grads: Float64Array[],
  v: Float64Array[],
  which: number[],
  eps: number,
  tolerance: number,
  path: GradientPath,
): { param: number; passes: number } {
  let set = which, passes = 0;
  while (set.length > 1) {
    const half = set.slice(0, Math.ceil(set.length / 2));
    const { numeric, kink, error } = along(prep, v, half, eps);
    passes += 2;
    const r = judge(
      path,
      dot(grads, v, half),
      numeric,
      kink,
      error,
      tolerance,
    );
    set = r.failed ? half : set.slice(half.length);
  }
  return { param: set[0]!, passes };
}

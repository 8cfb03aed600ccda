/**
 * Options and report of {@linkcode gradcheck}.
 *
 * @module
 */
import type { Method } from "./defaults.ts";

/** Which backprop path produced an analytic gradient. */
export type GradientPath = "fused" | "generic";

/** One of the chapter's four equations. */
export type Equation = "BP1" | "BP2" | "BP3" | "BP4";

/** The verdict on one equation at one Dense layer and path. */
export interface EquationRow {
  /** The equation. */
  equation: Equation;
  /** 0-based layer index. */
  layer: number;
  /** The backprop path. */
  path: GradientPath;
  /** Largest relative error. */
  maxRelativeError: number;
  /** Flat index of the worst entry (of Δ, b or W). */
  worstIndex: number;
  /** Entries compared. */
  checked: number;
  /** Entries beyond both the tolerance and the estimated numeric error. */
  failed: number;
  /**
   * Entries beyond the tolerance but within the estimated error of their
   * difference (BP1/BP2 only): neither passed nor failed.
   */
  inconclusive: number;
  /** Whether every entry holds within the tolerance. */
  ok: boolean;
}

/** The result of `checkEquations`. */
export interface EquationsReport {
  /** True if all four equations hold at every Dense layer. */
  ok: boolean;
  /** One row per equation, Dense layer and path, output layer first. */
  rows: EquationRow[];
  /** The first failing row (nearest the output), or null. */
  violated: EquationRow | null;
  /** Inconclusive entries over all rows. */
  inconclusive: number;
}

/** Options of `gradcheck`. */
export interface GradcheckOptions {
  /**
   * The finite-difference formula.
   *
   * @default {"forward"}
   */
  method?: Method;
  /**
   * The relative step ε (the step is `ε · max(1, |w|)`).
   *
   * @default {DEFAULT_EPSILON[method]: 1.05e-8 forward, 4.8e-6 central}
   */
  epsilon?: number;
  /**
   * The largest relative error that passes.
   *
   * @default {DEFAULT_TOLERANCE[method]: 1e-3 forward, 1e-5 central}
   */
  tolerance?: number;
  /**
   * Check at most this many entries of each Param, drawn with `seed`
   * (numeric time is then extrapolated to every entry).
   *
   * @default {Infinity (every entry)}
   */
  sample?: number;
  /**
   * Seed of the sampled entries.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * `"both"` checks the fused `δ^L = a − y` path and the generic
   * `∇_a C ⊙ σ′` path wherever the cost pairs with the output σ;
   * `"network"` checks only the path `network.fused` selects.
   *
   * @default {"both"}
   */
  paths?: "both" | "network";
  /**
   * Repeat each timed part until it has run this long (ms), so a tiny
   * network's microsecond backprop is measured meaningfully.
   *
   * @default {20}
   */
  minTimingMs?: number;
  /**
   * Also check the L2 penalty `λ/(2n) Σ w²` and its gradient, apart from
   * the data loss.
   */
  l2?: { lambda: number; n: number };
  /**
   * Also check the four equations one by one (`report.equations`), so a
   * failure names the equation a broken layer violates.
   *
   * @default {false}
   */
  equations?: boolean;
}

/** The worst entry of a check. */
export interface GradcheckWorst {
  /** 0-based layer index in `network.layers`. */
  layer: number;
  /** The Param's name (`"W"` or `"b"` for Dense). */
  param: string;
  /** The entry's flat index in `Param.value`. */
  index: number;
  /** Backprop's value. */
  analytic: number;
  /** The finite difference. */
  numeric: number;
  /** `|a − n| / max(|a|, |n|, floor)`. */
  relativeError: number;
  /** The backprop path. */
  path: GradientPath;
}

/** The verdict on one Param for one backprop path. */
export interface ParamRow {
  /** 0-based layer index. */
  layer: number;
  /** The Param's name. */
  param: string;
  /** The backprop path. */
  path: GradientPath;
  /** Number of entries in the Param. */
  size: number;
  /** Entries compared (kink crossings excluded). */
  checked: number;
  /** Entries skipped because a step crossed a kink. */
  kinks: number;
  /**
   * Entries beyond the tolerance but within the finite difference's own
   * estimated error: neither passed nor failed.
   */
  inconclusive: number;
  /** Entries beyond both the tolerance and the error estimate. */
  failed: number;
  /** Largest relative error. */
  maxRelativeError: number;
  /** Mean relative error. */
  meanRelativeError: number;
  /** Flat index of the worst entry (-1 if none was compared). */
  worstIndex: number;
  /** Whether every compared entry is within the tolerance. */
  ok: boolean;
}

/** The verdict on one layer (all its Params, both paths). */
export interface LayerRow {
  /** 0-based layer index. */
  layer: number;
  /** Largest relative error over its Params. */
  maxRelativeError: number;
  /** Whether all its Params pass. */
  ok: boolean;
}

/** Times of both methods. */
export interface GradcheckTiming {
  /** One backprop pass (forward + backward), warm, mean of repetitions. */
  backpropMs: number;
  /** The whole numeric gradient (extrapolated to every entry if sampled). */
  numericMs: number;
  /** `numericMs / backpropMs`. */
  speedup: number;
  /** Forward passes each method takes for the full gradient. */
  forwardPasses: { backprop: number; numeric: number };
  /** Whether `numericMs` is extrapolated from sampled entries. */
  extrapolated: boolean;
  /** Worker threads used by the numeric side (1 = this thread). */
  workers: number;
  /** How the numeric side saves work, in words. */
  note: string;
}

/** The L2 penalty's own check. */
export interface L2Check {
  /** Whether every regularised entry passes. */
  ok: boolean;
  /** Largest relative error. */
  maxRelativeError: number;
  /** Entries compared. */
  checked: number;
}

/** One canary's outcome. */
export interface CanaryResult {
  /** What is broken in it. */
  name: string;
  /** True if the check failed it, as it must. */
  caught: boolean;
  /** Its largest relative error. */
  maxRelativeError: number;
}

/** The result of `gradcheck`. */
export interface GradcheckReport {
  /**
   * True only if every compared entry (and the L2 check) passes: a failure
   * or an inconclusive entry makes it false.
   */
  ok: boolean;
  /**
   * `"fail"` if some entry disagrees beyond both the tolerance and the
   * estimated error of its finite difference; `"inconclusive"` if none
   * fails but some disagree beyond the tolerance within that error (the
   * numerics cannot decide: see `advice`); `"ok"` otherwise.
   */
  verdict: "ok" | "inconclusive" | "fail";
  /**
   * The rounding quantum of C, `2u(|C| + Σ_j |∂C/∂a_j||a_j|)`: the least
   * error of one evaluation (see the error model in `error_model.ts`).
   */
  quantum: number;
  /**
   * Whether C evaluated twice at the same weights gave the same bits; if
   * not, the report fails (no difference quotient means anything).
   */
  reproducible: boolean;
  /**
   * The largest `|a − n|` over the estimated error of its difference
   * quotient (with the measured noise), among the entries whose
   * disagreement exceeded 10 times the cheaper estimate (0 if none): such
   * an entry fails above `ERROR_FACTOR` (10).
   */
  errorRatio: number;
  /** Entries that fail, over all paths. */
  failed: number;
  /** Entries the numerics cannot decide, over all paths. */
  inconclusive: number;
  /**
   * What to do about inconclusive entries or canaries that passed, or null
   * if there are none.
   */
  advice: string | null;
  /**
   * The known-broken canaries run through the same code before the
   * verdict (σ′ off by 1%, a swapped BP2 index, a wrong fused δ^L): each
   * must be caught, or the report refuses `ok`.
   */
  canaries: CanaryResult[];
  /** The finite-difference formula used. */
  method: Method;
  /** The relative step ε. */
  epsilon: number;
  /** The tolerance on the relative error. */
  tolerance: number;
  /** The smallest floor of the relative error's denominator used. */
  floor: number;
  /** The mean cost at the unperturbed weights. */
  loss: number;
  /** Largest relative error over all Params and paths. */
  maxRelativeError: number;
  /** The worst entry, or null for a network without Params. */
  worst: GradcheckWorst | null;
  /**
   * Where the fault most likely is: the failing Param of the failing layer
   * nearest the output (backprop carries an error downward, so every layer
   * below a broken one fails too), or null if all pass.
   */
  suspect: { layer: number; param: string; path: GradientPath } | null;
  /** Entries skipped because a step crossed a kink of σ. */
  kinks: number;
  /** Entries compared per path. */
  checked: number;
  /** Entries in all Params. */
  total: number;
  /** The paths checked. */
  paths: GradientPath[];
  /**
   * The kernel paths that computed the analytic gradient, with their batch
   * regime: `"gemmNT m even"`, `"wasm.tn m=1"`, ...
   */
  kernels: string[];
  /**
   * For a network with float32 layers: the check above ran on a float64
   * copy (the same weights, widened exactly; finite differences in float32
   * prove nothing), and this compares the float32 network's own backprop
   * with the copy's. Null for a float64 network.
   */
  float32: Float32Check | null;
  /** One row per Param and path. */
  params: ParamRow[];
  /** One row per layer with Params. */
  layers: LayerRow[];
  /** The L2 check, when `options.l2` was given. */
  l2: L2Check | null;
  /** BP1 to BP4 one by one, when `options.equations` was set. */
  equations?: EquationsReport;
  /** Both methods' times. */
  timing: GradcheckTiming;
}

/** The float32 network's backprop against its float64 copy's. */
export interface Float32Check {
  /** What the finite differences checked: the float64 copy. */
  checked: "float64 copy";
  /**
   * Largest `|g32 − g64| / max|g64|` over each Param (the Param's largest
   * entry sets the scale: float32 rounding is relative to it).
   */
  maxRelativeError: number;
  /** The largest that passes. */
  tolerance: number;
  /** Whether every Param is within the tolerance. */
  ok: boolean;
}

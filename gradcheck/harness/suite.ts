/**
 * The whole suite that `deno task gradcheck` runs: every combination, the
 * unit checks, L2, ReLU at its kink, and the chapter's network.
 *
 * @module
 */
import { activations, relu, sigmoid } from "../../activations/mod.ts";
import { costs, quadratic } from "../../costs/mod.ts";
import { Dense } from "../../layers/mod.ts";
import { mlp, Network } from "../../network/mod.ts";
import { type ActivationCheck, checkActivation } from "../activation_check.ts";
import { buildCombination, combinations, type Skipped } from "./combos.ts";
import { checkCost, type CostCheck } from "../cost_check.ts";
import type { Method } from "../defaults.ts";
import { directionalCheck } from "../directional.ts";
import { checkEquations } from "../equations.ts";
import { chapterNetwork } from "./chapter.ts";
import { kernelCases } from "./kernel_cases.ts";
import { startThreads } from "../../tensor/kernels/mod.ts";
import type { MatrixLike } from "../../tensor/mod.ts";
import { gradcheck } from "../check.ts";
import { gradcheckParallel } from "../parallel.ts";
import type {
  CanaryResult,
  EquationsReport,
  GradcheckReport,
} from "../types.ts";
import { runCanaries } from "../canaries.ts";
import { HARNESS } from "../core.ts";
import { convCases } from "./conv_combos.ts";

/** Options of {@linkcode runSuite}. */
export interface SuiteOptions {
  /** The finite-difference formula. */
  method: Method;
  /** The relative step, or undefined for the method's default. */
  epsilon?: number;
  /** The tolerance, or undefined for the method's default. */
  tolerance?: number;
  /** Seed of weights, data and masks. */
  seed: number;
  /** Directional checks instead of every entry. */
  fast: boolean;
  /** Check the chapter's [784, 30, 10] network in full. */
  chapter: boolean;
  /** Worker threads for the chapter's network. */
  workers: number;
  /**
   * Check BP1 to BP4 one by one for every case (failures always are).
   *
   * @default {false}
   */
  equations?: boolean;
  /** Your own cases (plug-ins), checked after the built-in ones. */
  extra?: readonly SuiteCase[];
}

/** A user-supplied case for {@linkcode runSuite}. */
export interface SuiteCase {
  /** The row's name. */
  name: string;
  /** The network. */
  network: Network;
  /** Inputs. */
  x: number[][];
  /** Targets. */
  y: number[][];
}

/** One checked case: a row of the table. */
export interface SuiteRow {
  /** What was checked. */
  name: string;
  /** Its parameter count. */
  params: number;
  /** True only if every entry was decided and passed. */
  ok: boolean;
  /** `"fail"`, `"inconclusive"` (numerics cannot decide) or `"ok"`. */
  verdict: "ok" | "inconclusive" | "fail";
  /** Entries the numerics cannot decide. */
  inconclusive: number;
  /** Largest relative error. */
  maxRelativeError: number;
  /** Entries (or directions) skipped at a kink. */
  kinks: number;
  /** One backprop pass, ms. */
  backpropMs: number;
  /** The numeric gradient, ms. */
  numericMs: number;
  /** numericMs / backpropMs. */
  speedup: number;
  /** Workers on the numeric side. */
  workers: number;
  /** The full report (full checks) for `--json`. */
  report: GradcheckReport | null;
  /** Kernel paths (with batch regime) that computed the gradient. */
  kernels: string[];
  /** For a failure: which of BP1–BP4 breaks. */
  equations: EquationsReport | null;
}

/** Everything the suite found. */
export interface SuiteResult {
  /** True if nothing failed (inconclusive rows are counted, not failed). */
  ok: boolean;
  /** The combinations, then the special cases. */
  rows: SuiteRow[];
  /** Pairs skipped with their reason. */
  skipped: Skipped[];
  /** `checkActivation` on every registered activation. */
  activations: ActivationCheck[];
  /** `checkCost` on every registered cost. */
  costs: CostCheck[];
  /**
   * The canaries, run through the check once more on their own (every
   * full check also runs them before its verdict).
   */
  canaries: CanaryResult[];
}

const count = (n: Network): number =>
  n.params.reduce((s, p) => s + p.value.length, 0);

/**
 * Runs the suite.
 *
 * @param o The options.
 * @returns The results.
 *
 * @example
 * ```ts
 * import { runSuite } from "./suite.ts";
 * import assert from "node:assert/strict";
 *
 * const r = await runSuite({ method: "central", seed: 1, fast: true, chapter: false, workers: 1 });
 * assert.ok(r.ok);
 * assert.ok(r.skipped.length > 0);
 * ```
 */
export async function runSuite(o: SuiteOptions): Promise<SuiteResult> {
  const opts = {
    method: o.method,
    ...(o.epsilon !== undefined ? { epsilon: o.epsilon } : {}),
    ...(o.tolerance !== undefined ? { tolerance: o.tolerance } : {}),
    seed: o.seed,
    minTimingMs: 20,
  };
  const rows: SuiteRow[] = [];
  const one = (
    name: string,
    network: Network,
    x: MatrixLike,
    y: MatrixLike,
    extra: { l2?: { lambda: number; n: number }; sample?: number } = {},
  ): void => {
    if (o.fast) {
      const d = directionalCheck(network, x, y, {
        seed: o.seed,
        minTimingMs: 20,
        ...(o.tolerance !== undefined ? { tolerance: o.tolerance } : {}),
      });
      const both = new Set(d.results.map((r) => r.path)).size > 1;
      rows.push({
        name: both ? `${name} (fused+generic)` : name,
        params: count(network),
        ok: d.ok,
        verdict: d.failed > 0
          ? "fail"
          : d.inconclusive > 0
          ? "inconclusive"
          : "ok",
        inconclusive: d.inconclusive,
        maxRelativeError: d.maxRelativeError,
        kinks: d.kinks,
        ...d.timing,
        workers: 1,
        kernels: [],
        report: null,
        equations: null,
      });
      return;
    }
    const r = gradcheck(network, x, y, { ...opts, ...extra });
    rows.push(toRow(name, network, r));
    if (!r.ok || o.equations) {
      rows[rows.length - 1]!.equations = checkEquations(network, x, y);
    }
  };
  // the chapter's network first, while the JIT has seen only its shapes
  const chapterRows: SuiteRow[] = [];
  if (o.chapter) {
    const { network, x, y } = chapterNetwork(o.seed);
    const name = "chapter [784, 30, 10], m=10, every entry";
    if (o.fast) {
      one(name, network, x, y);
      chapterRows.push(rows.pop()!);
    } else {
      const r = await gradcheckParallel(network, x, y, {
        ...opts,
        workers: o.workers,
        minTimingMs: 300,
      });
      chapterRows.push(toRow(name, network, r));
    }
  }
  const { run, skipped } = combinations();
  // an untimed round first, so the first rows do not time the JIT compiler
  for (const c of run.slice(0, 8)) {
    const { network, x, y } = buildCombination(c, o.seed);
    gradcheck(network, x, y, { minTimingMs: 1 });
  }
  run.forEach((c, i) => {
    const { network, x, y } = buildCombination(c, o.seed + 10 * i);
    one(c.name, network, x, y);
  });
  // the kernel paths, batch regimes and activation parameters above
  // the workers start now, so that the threaded case splits its products
  await startThreads(2);
  for (const c of kernelCases(o.seed)) {
    one(c.name, c.network, c.x, c.y, c.sample ? { sample: c.sample } : {});
  }
  for (const c of convCases(o.seed)) one(c.name, c.network, c.x, c.y);
  // L2, apart from the data loss
  const l2Net = mlp([4, 5, 3], { seed: o.seed, activation: "tanh" });
  const l2x = [[1, -1, 0.5, 2]], l2y = [[0.2, 0.5, 0.9]];
  one("tanh/quadratic + L2 (λ=5, n=50)", l2Net, l2x, l2y, {
    l2: { lambda: 5, n: 50 },
  });
  // ReLU with every pre-activation of layer 0 exactly at its kink
  const kinkNet = new Network([
    new Dense(4, 5, relu, { seed: o.seed }),
    new Dense(5, 3, sigmoid, { seed: o.seed + 1 }),
  ], quadratic);
  (kinkNet.layers[0] as Dense).biases.fill(0);
  const zeros = [[0, 0, 0, 0], [0, 0, 0, 0]], targets = [[1, 0, 0], [0, 0, 1]];
  one("relu at its kink (z = 0 exactly)", kinkNet, zeros, targets);
  for (const c of o.extra ?? []) one(c.name, c.network, c.x, c.y);
  if (chapterRows.length) rows.push(...chapterRows);
  const canaries = runCanaries(HARNESS, opts);
  const acts = Object.values(activations).map((a) => checkActivation(a));
  const cs = Object.values(costs).map((c) => checkCost(c));
  return {
    ok: rows.every((r) => r.verdict !== "fail") && acts.every((a) => a.ok) &&
      cs.every((c) => c.ok) && canaries.every((c) => c.caught),
    rows,
    skipped,
    activations: acts,
    costs: cs,
    canaries,
  };
}

function toRow(name: string, network: Network, r: GradcheckReport): SuiteRow {
  return {
    name: r.paths.length > 1 ? `${name} (fused+generic)` : name,
    params: count(network),
    ok: r.ok,
    verdict: r.verdict,
    inconclusive: r.inconclusive,
    maxRelativeError: r.maxRelativeError,
    kinks: r.kinks,
    backpropMs: r.timing.backpropMs,
    numericMs: r.timing.numericMs,
    speedup: r.timing.speedup,
    workers: r.timing.workers,
    kernels: r.kernels,
    report: r,
    equations: null,
  };
}

/**
 * Canaries: known-broken networks that every check runs through its own
 * code before its verdict. If the harness itself is broken (gradients
 * aliased instead of copied, an error floor scaled wrong), a canary
 * passes, and the check refuses to say `ok`.
 *
 * @module
 */
import { sigmoid } from "../activations/mod.ts";
import type { Activation } from "../activations/mod.ts";
import { crossEntropy } from "../costs/mod.ts";
import { Dense } from "../layers/mod.ts";
import { Network } from "../network/mod.ts";
import type { Matrix } from "../tensor/mod.ts";
import { type Harness, runCore } from "./core.ts";
import type {
  CanaryResult,
  GradcheckOptions,
  GradcheckReport,
} from "./types.ts";

/** σ with σ′ off by 1%. */
const sloppySigmoid: Activation = {
  ...sigmoid,
  derivative: (z, a) => 1.01 * sigmoid.derivative(z, a),
};

/**
 * σ(1.01 z) under sigmoid's name, with its true σ′: the generic path is
 * right, but the fused `δ^L = a − y` that crossEntropy takes after a
 * "sigmoid" is 1% short.
 */
const steeperSigmoid: Activation = {
  ...sigmoid,
  fn: (z) => sigmoid.fn(1.01 * z),
  derivative: (_z, a) => 1.01 * a * (1 - a),
};

/** BP2 with two input indices swapped: `∂C/∂a^(l−1)` of k = 0 and 1 trade places. */
class SwappedBp2 extends Dense {
  override backwardFromDelta(needInputGrad = true): Matrix {
    const g = super.backwardFromDelta(needInputGrad);
    const d = g.data, n = this.inputSize;
    for (let i = 0; i < d.length; i += n) {
      const t = d[i]!;
      d[i] = d[i + 1]!;
      d[i + 1] = t;
    }
    return g;
  }
}

/** The canaries: name and a fresh broken network. */
const CANARIES: readonly { name: string; build: () => Network }[] = [
  {
    name: "σ′ off by 1%",
    build: () =>
      new Network([
        new Dense(3, 4, sloppySigmoid, { seed: 11 }),
        new Dense(4, 2, sigmoid, { seed: 12 }),
      ], crossEntropy),
  },
  {
    name: "swapped BP2 index",
    build: () =>
      new Network([
        new Dense(3, 4, sigmoid, { seed: 13 }),
        new SwappedBp2(4, 2, sigmoid, { seed: 14 }),
      ], crossEntropy),
  },
  {
    name: "wrong fused δ^L",
    build: () =>
      new Network([
        new Dense(3, 4, sigmoid, { seed: 15 }),
        new Dense(4, 2, steeperSigmoid, { seed: 16 }),
      ], crossEntropy),
  },
];

const X = [[0.5, -1.2, 2], [1.5, 0.3, -0.7], [-0.4, 0.9, 0.1]];
const Y = [[1, 0], [0, 1], [1, 1]];

/**
 * Runs every canary through the given harness with the caller's method,
 * step and tolerance, and says which ones it caught.
 *
 * @param harness The steps of the check under test.
 * @param options The caller's options (method, epsilon, tolerance).
 * @returns One result per canary.
 *
 * @example The real harness catches all three
 * ```ts
 * import { runCanaries } from "./canaries.ts";
 * import { HARNESS } from "./core.ts";
 * import assert from "node:assert/strict";
 *
 * const r = runCanaries(HARNESS, { method: "forward" });
 * assert.deepEqual(r.map((c) => c.caught), [true, true, true]);
 * ```
 */
export function runCanaries(
  harness: Harness,
  options: GradcheckOptions,
): CanaryResult[] {
  const opts: GradcheckOptions = {
    ...(options.method ? { method: options.method } : {}),
    ...(options.epsilon ? { epsilon: options.epsilon } : {}),
    ...(options.tolerance ? { tolerance: options.tolerance } : {}),
  };
  return CANARIES.map(({ name, build }) => {
    const { report } = runCore(harness, build(), X, Y, opts);
    return {
      name,
      caught: report.verdict === "fail",
      maxRelativeError: report.maxRelativeError,
    };
  });
}

/**
 * Words for canaries that were not caught, or null if all were.
 *
 * @param canaries The results.
 * @returns The sentence for `report.advice`, or null.
 *
 * @example
 * ```ts
 * import { canaryAlarm } from "./canaries.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(canaryAlarm([{ name: "x", caught: true, maxRelativeError: 1 }]), null);
 * assert.match(canaryAlarm([{ name: "x", caught: false, maxRelativeError: 0 }])!, /'x' passed/);
 * ```
 */
export function canaryAlarm(canaries: readonly CanaryResult[]): string | null {
  const missed = canaries.filter((c) => !c.caught);
  if (missed.length === 0) return null;
  return `The check itself cannot be trusted: the known-broken canar${
    missed.length > 1 ? "ies" : "y"
  } ${
    missed.map((c) => `'${c.name}'`).join(", ")
  } passed with these settings (a tolerance or step too loose to see a 1% error, or a broken harness), so no verdict is 'ok'`;
}

/**
 * Puts the canaries into a report: a canary that passed makes the report
 * refuse `ok` (verdict `"fail"`, with the reason in `advice`).
 *
 * @param report The report (changed).
 * @param canaries The canaries' results.
 *
 * @example
 * ```ts
 * import { applyCanaries } from "./canaries.ts";
 * import { gradcheck } from "./check.ts";
 * import { mlp } from "../network/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const report = gradcheck(mlp([2, 2], { seed: 1 }), [[1, 2]], [[0, 1]]);
 * applyCanaries(report, [{ name: "a canary", caught: false, maxRelativeError: 0 }]);
 * assert.equal(report.ok, false);
 * assert.equal(report.verdict, "fail");
 * ```
 */
export function applyCanaries(
  report: GradcheckReport,
  canaries: CanaryResult[],
): void {
  report.canaries = canaries;
  const alarm = canaryAlarm(canaries);
  if (alarm === null) return;
  report.ok = false;
  report.verdict = "fail";
  report.advice = report.advice === null ? alarm : `${alarm}. ${report.advice}`;
}

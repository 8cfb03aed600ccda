/**
 * The three steps every check runs (set-up, numeric gradient, verdict) as
 * one replaceable unit, so that the canaries go through exactly the code
 * that judges the user's network.
 *
 * @module
 */
import type { Network } from "../network/mod.ts";
import type { MatrixLike } from "../tensor/mod.ts";
import { numericGradient } from "./numeric.ts";
import { prepare, type Prepared } from "./prepare.ts";
import { verdict } from "./verdict.ts";
import type { NumericResult } from "./numeric.ts";
import type { GradcheckOptions, GradcheckReport } from "./types.ts";

/** The steps of a check. */
export interface Harness {
  /** Freezes randomness, saves the weights, runs backprop on every path. */
  prepare: typeof prepare;
  /** The finite differences. */
  numeric: typeof numericGradient;
  /** Analytic against numeric, entry by entry. */
  verdict: typeof verdict;
}

/**
 * The harness `gradcheck` uses.
 *
 * @example
 * ```ts
 * import { HARNESS } from "./core.ts";
 * import { prepare } from "./prepare.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(HARNESS.prepare, prepare);
 * ```
 */
export const HARNESS: Readonly<Harness> = Object.freeze({
  prepare,
  numeric: numericGradient,
  verdict,
});

/** What {@linkcode runCore} leaves for timing. */
export interface CoreRun {
  /** The prepared check (restored already). */
  prep: Prepared;
  /** The numeric gradient. */
  result: NumericResult;
  /** Wall time of the numeric gradient, ms. */
  numericMs: number;
  /** The report, timing to be filled in. */
  report: GradcheckReport;
}

/**
 * Runs the three steps of a check and restores the network.
 *
 * @param harness The steps.
 * @param network The network.
 * @param x Inputs.
 * @param y Targets.
 * @param options The options.
 * @param between Called after the numeric gradient, before restoring (for
 * timing).
 * @returns The prepared check, the numeric result and the report.
 *
 * @example
 * ```ts
 * import { HARNESS, runCore } from "./core.ts";
 * import { mlp } from "../network/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { report } = runCore(HARNESS, mlp([2, 2], { seed: 1 }), [[1, 2]], [[0, 1]], {});
 * assert.equal(report.verdict, "ok");
 * ```
 */
export function runCore(
  harness: Harness,
  network: Network,
  x: MatrixLike,
  y: MatrixLike,
  options: GradcheckOptions,
  between?: (run: CoreRun) => void,
): CoreRun {
  const prep = harness.prepare(network, x, y, options);
  try {
    const start = performance.now();
    const result = harness.numeric(
      prep.pf,
      network.params,
      prep.layerOf,
      prep.jobs,
      prep.method,
      prep.epsilon,
    );
    const numericMs = performance.now() - start;
    const run = {
      prep,
      result,
      numericMs,
      report: harness.verdict(prep, result),
    };
    between?.(run);
    return run;
  } finally {
    prep.restore();
  }
}

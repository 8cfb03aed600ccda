/**
 * The measured errors behind the thresholds: every combination and kernel
 * case of `deno task gradcheck` (untrained weights) over many seeds, both
 * methods; prints the largest relative error of a correct gradient per
 * method, its margin to the tolerance, and any failure or inconclusive
 * entry. `deno run --frozen -R gradcheck/harness/error_sweep.ts --from 1
 * --to 50` gives the figures in docs/gradcheck.md; `--chapter` adds the
 * chapter's [784, 30, 10] network to every seed.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { gradcheck } from "../check.ts";
import { DEFAULT_TOLERANCE, type Method } from "../defaults.ts";
import { buildCombination, combinations } from "./combos.ts";
import { kernelCases } from "./kernel_cases.ts";
import { chapterNetwork } from "./chapter.ts";

/** The worst of a sweep, per method. */
export interface SweepResult {
  /** Largest relative error of any entry. */
  maxRelativeError: number;
  /** Where it was. */
  worst: string;
  /** Checks run. */
  checks: number;
  /** Checks that failed (a correct gradient must never). */
  failed: number;
  /** Checks with inconclusive entries. */
  inconclusive: number;
  /** Largest relative error of the chapter's network (0 without it). */
  chapterMax: number;
}

/**
 * Runs the suite's combinations and kernel cases for each seed.
 *
 * @param from First seed.
 * @param to Last seed.
 * @param method The formula.
 * @param chapter Also check the chapter's [784, 30, 10] network (every
 * entry) for each seed.
 * @returns The worst figures.
 *
 * @example
 * ```ts
 * import { errorSweep } from "./error_sweep.ts";
 * import assert from "node:assert/strict";
 *
 * const r = errorSweep(1, 1, "central");
 * assert.equal(r.failed, 0);
 * assert.ok(r.maxRelativeError < 1e-5);
 * ```
 */
export function errorSweep(
  from: number,
  to: number,
  method: Method,
  chapter = false,
): SweepResult {
  const out: SweepResult = {
    maxRelativeError: 0,
    worst: "",
    checks: 0,
    failed: 0,
    inconclusive: 0,
    chapterMax: 0,
  };
  const { run } = combinations();
  for (let seed = from; seed <= to; seed++) {
    const cases = [
      ...run.map((c, i) => ({
        name: c.name,
        ...buildCombination(c, seed + 10 * i),
      })),
      ...kernelCases(seed),
      ...(chapter ? [{ name: "chapter", ...chapterNetwork(seed) }] : []),
    ];
    for (const c of cases) {
      const r = gradcheck(c.network, c.x, c.y, { method, minTimingMs: 0 });
      out.checks++;
      if (r.verdict === "fail") out.failed++;
      if (r.verdict === "inconclusive") out.inconclusive++;
      if (c.name === "chapter") {
        out.chapterMax = Math.max(out.chapterMax, r.maxRelativeError);
      }
      if (r.maxRelativeError > out.maxRelativeError) {
        out.maxRelativeError = r.maxRelativeError;
        out.worst = `${c.name}, seed ${seed}`;
      }
    }
  }
  return out;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      from: { type: "string", default: "1" },
      to: { type: "string", default: "50" },
      chapter: { type: "boolean", default: false },
    },
  });
  const from = Number(values.from), to = Number(values.to);
  for (const method of ["forward", "central"] as const) {
    const r = errorSweep(from, to, method, values.chapter);
    const tol = DEFAULT_TOLERANCE[method];
    console.log(
      `${method}: seeds ${from}-${to}, ${r.checks} checks: largest relative error ` +
        `${
          r.maxRelativeError.toExponential(2)
        } (${r.worst}); tolerance ${tol}, ` +
        `margin ${
          (tol / r.maxRelativeError).toFixed(1)
        }x; ${r.failed} failed, ` +
        `${r.inconclusive} inconclusive` +
        (values.chapter
          ? `; chapter [784, 30, 10]: ${r.chapterMax.toExponential(2)}`
          : ""),
    );
  }
}

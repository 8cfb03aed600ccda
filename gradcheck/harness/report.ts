/**
 * Text and JSON output of `deno task gradcheck`.
 *
 * @module
 */
import type { Method } from "../defaults.ts";
import type { SuiteResult } from "./suite.ts";
import { formatError, formatMs, formatTable } from "./table.ts";
import { KERNEL_PATHS } from "../../tensor/kernels/paths.ts";

/**
 * The suite's results for `--json`: one object per check, without the
 * bulky per-Param rows.
 *
 * @param r The results.
 * @returns A JSON-safe object.
 *
 * @example
 * ```ts
 * import { suiteJSON } from "./report.ts";
 * import assert from "node:assert/strict";
 *
 * const json = suiteJSON({ ok: true, rows: [], skipped: [], activations: [], costs: [], canaries: [] });
 * assert.deepEqual(json, { ok: true, checks: [], skipped: [], activations: [], costs: [], canaries: [] });
 * ```
 */
export function suiteJSON(r: SuiteResult): unknown {
  return {
    ok: r.ok,
    checks: r.rows.map(({ report, equations, ...row }) => ({
      ...row,
      ...(report
        ? {
          worst: report.worst,
          suspect: report.suspect,
          paths: report.paths,
          forwardPasses: report.timing.forwardPasses,
          l2: report.l2,
          failed: report.failed,
          advice: report.advice,
          canariesCaught: report.canaries.every((c) => c.caught),
        }
        : {}),
      ...(equations ? { equations: equations.rows } : {}),
    })),
    skipped: r.skipped,
    activations: r.activations.map(({ name, ok, maxRelativeError, kinks }) => ({
      name,
      ok,
      maxRelativeError,
      kinks,
    })),
    costs: r.costs.map(({ name, ok, maxRelativeError }) => ({
      name,
      ok,
      maxRelativeError,
    })),
    canaries: r.canaries,
  };
}

/**
 * The human-readable report of a suite run: one table, the failures with
 * their suspect Param and violated equation, the skipped pairs, the unit
 * checks and a summary.
 *
 * @param r The results.
 * @param method The formula used.
 * @param fast Whether directional checks were used.
 * @returns The text.
 *
 * @example
 * ```ts
 * import { formatSuite } from "./report.ts";
 * import assert from "node:assert/strict";
 *
 * const text = formatSuite({ ok: true, rows: [], skipped: [], activations: [], costs: [], canaries: [] }, "forward", false);
 * assert.match(text, /0 of 0 checks passed/);
 * ```
 */
export function formatSuite(
  r: SuiteResult,
  method: Method,
  fast: boolean,
): string {
  const out: string[] = [];
  out.push(
    fast
      ? "Directional checks (∇C·v against a central difference along 4 random v)"
      : `Backprop against the ${method} difference, every entry of every Param`,
    "",
  );
  out.push(formatTable(
    [
      "combination",
      "params",
      "max rel error",
      "verdict",
      "kinks",
      "backprop",
      fast ? "numeric (per v)" : "numeric",
      "speedup",
      "kernels",
    ],
    r.rows.map((row) => [
      row.name,
      String(row.params),
      formatError(row.maxRelativeError),
      row.verdict === "ok"
        ? "pass"
        : row.verdict === "fail"
        ? "FAIL"
        : `inconclusive (${row.inconclusive})`,
      String(row.kinks),
      formatMs(row.backpropMs),
      formatMs(row.numericMs) +
      (row.workers > 1 ? ` (${row.workers} workers)` : ""),
      `${row.speedup.toPrecision(3)}x`,
      formatKernels(row.kernels),
    ]),
    [false, true, true, false, true, true, true, true, false],
  ));
  const noted = r.rows.filter((row) => row.report?.timing.note);
  const withNote = noted.find((row) => row.name.startsWith("chapter")) ??
    noted.find((row) => row.name.includes("depth 3")) ?? noted[0];
  if (withNote) {
    out.push(
      `\nNumeric side: ${withNote.report!.timing.note} for ${withNote.name}.`,
    );
  }
  const eqRows = r.rows.filter((row) => row.equations !== null);
  if (eqRows.length > 0) {
    out.push(
      "",
      "The four equations one by one (BP1/BP2: δ against a numerical ∂C/∂z; BP3, BP4 on the layer's own δ):",
    );
    out.push(formatTable(
      ["combination", "equations"],
      eqRows.map((row) => [
        row.name,
        row.equations!.ok
          ? "BP1-BP4 hold"
          : row.equations!.rows.filter((e) => !e.ok).map((e) =>
            `${e.equation} at layer ${e.layer} (${e.path}) ${
              formatError(e.maxRelativeError)
            }${e.failed === 0 ? " (inconclusive)" : ""}`
          ).join("; "),
      ]),
    ));
  }
  for (const row of r.rows) {
    if (row.verdict === "inconclusive") {
      out.push(
        "",
        `INCONCLUSIVE ${row.name}: ${row.inconclusive} entries: ${row.report?.advice}`,
      );
    }
    if (row.verdict !== "fail") continue;
    const w = row.report?.worst, s = row.report?.suspect;
    if (!s && row.report?.advice) {
      out.push("", `FAIL ${row.name}: ${row.report.advice}`);
    }
    if (w && s) {
      out.push(
        "",
        `FAIL ${row.name}: suspect layer ${s.layer} Param '${s.param}' (${s.path} path); ` +
          `worst entry layer ${w.layer} '${w.param}'[${w.index}]: backprop ${w.analytic}, numeric ${w.numeric}`,
      );
    }
    if (row.equations?.violated) {
      const v = row.equations.violated;
      out.push(
        `     first equation violated: ${v.equation} at layer ${v.layer} (${v.path} path), relative error ${
          formatError(v.maxRelativeError)
        }`,
      );
    }
  }
  if (!fast) out.push("", kernelCoverage(r.rows.flatMap((x) => x.kernels)));
  const caught = r.canaries.filter((c) => c.caught).length;
  out.push(
    "",
    `Canaries (known-broken networks run through the same check before every verdict): ${caught} of ${r.canaries.length} caught`,
  );
  for (const c of r.canaries) {
    out.push(
      `  ${c.name}: ${
        c.caught ? "caught" : "NOT CAUGHT: the check cannot be trusted"
      }, max rel error ${formatError(c.maxRelativeError)}`,
    );
  }
  out.push("", "Skipped (no mathematical sense):");
  for (const s of r.skipped) {
    out.push(`  ${s.activation}/${s.cost}: ${s.reason}`);
  }
  out.push("", "Unit checks (central difference):");
  for (const a of r.activations) {
    const k = a.kinks.length
      ? `, kinks at ${a.kinks.map((k) => k.z).join(", ")} ${
        a.kinks.every((k) => k.ok) ? "ok" : "FAIL"
      }`
      : "";
    out.push(
      `  checkActivation(${a.name}): ${a.ok ? "pass" : "FAIL"}, max rel error ${
        formatError(a.maxRelativeError)
      }${k}`,
    );
  }
  for (const c of r.costs) {
    out.push(
      `  checkCost(${c.name}): ${c.ok ? "pass" : "FAIL"}, max rel error ${
        formatError(c.maxRelativeError)
      }`,
    );
  }
  const inconclusive =
    r.rows.filter((x) => x.verdict === "inconclusive").length;
  const failed = r.rows.filter((x) => x.verdict === "fail").length +
    r.canaries.filter((c) => !c.caught).length +
    r.activations.filter((a) => !a.ok).length +
    r.costs.filter((c) => !c.ok).length;
  const total = r.rows.length + r.activations.length + r.costs.length +
    r.canaries.length;
  out.push(
    "",
    `${
      total - failed - inconclusive
    } of ${total} checks passed, ${failed} failed, ${
      inconclusive > 0 ? `${inconclusive} inconclusive, ` : ""
    }${r.skipped.length} combinations skipped. ` +
      (r.ok ? "All gradients agree." : "Some gradients are wrong."),
  );
  return out.join("\n");
}

/**
 * A row's kernel paths, grouped by batch regime:
 * `"gemmNN+gemmNT+gemmTN m even"`.
 *
 * @param kernels `"<path> <regime>"` names.
 * @returns The text.
 *
 * @example
 * ```ts
 * import { formatKernels } from "./report.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatKernels(["gemmNT m=1", "gemmTN m=1"]), "gemmNT+gemmTN m=1");
 * ```
 */
export function formatKernels(kernels: readonly string[]): string {
  const byRegime = new Map<string, string[]>();
  for (const k of kernels) {
    const at = k.indexOf(" ");
    const regime = k.slice(at + 1), list = byRegime.get(regime) ?? [];
    list.push(k.slice(0, at));
    byRegime.set(regime, list);
  }
  return [...byRegime].map(([regime, paths]) => `${paths.join("+")} ${regime}`)
    .join(", ");
}

/**
 * Which kernel paths the checks reached, in which batch regimes, and which
 * they did not reach.
 *
 * @param kernels Every row's `"<path> <regime>"` names.
 * @returns The lines.
 *
 * @example
 * ```ts
 * import { kernelCoverage } from "./report.ts";
 * import assert from "node:assert/strict";
 *
 * assert.match(kernelCoverage(["gemmNT m=1"]), /gemmNT: m=1/);
 * assert.match(kernelCoverage(["gemmNT m=1"]), /Not reached: .*wasm.nt/);
 * ```
 */
export function kernelCoverage(kernels: readonly string[]): string {
  const seen = new Map<string, Set<string>>();
  for (const k of kernels) {
    const at = k.indexOf(" ");
    const set = seen.get(k.slice(0, at)) ?? new Set<string>();
    set.add(k.slice(at + 1));
    seen.set(k.slice(0, at), set);
  }
  const lines = ["Kernel paths that computed a checked gradient:"];
  for (const path of KERNEL_PATHS) {
    const regimes = seen.get(path);
    if (regimes) lines.push(`  ${path}: ${[...regimes].sort().join(", ")}`);
  }
  const missing = KERNEL_PATHS.filter((p) => !seen.has(p));
  lines.push(
    missing.length
      ? `Not reached: ${missing.join(", ")}`
      : "Every kernel path was reached.",
  );
  return lines.join("\n");
}

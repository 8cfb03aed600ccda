/**
 * Plain-text tables, and evaluation reports printed as text.
 *
 * @module
 */
import type { EvaluationReport } from "./metrics.ts";
import { percent } from "./progress.ts";

/**
 * Aligns rows into columns: the first column left-aligned, the rest
 * right-aligned, two spaces apart.
 *
 * @param rows The cells, header row first.
 * @returns The lines.
 *
 * @example
 * ```ts
 * import { formatTable } from "./table.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(formatTable([["class", "n"], ["a", "10"]]), ["class   n", "a      10"]);
 * ```
 */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((
      cell,
      j,
    ) => (widths[j] = Math.max(widths[j] ?? 0, cell.length)));
  }
  return rows.map((row) =>
    row.map((
      cell,
      j,
    ) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join(
      "  ",
    )
      .trimEnd()
  );
}

/**
 * An evaluation report as text: accuracy, confusion matrix and per-class
 * figures, or MSE, RMSE, MAE and R².
 *
 * @param report The report.
 * @returns The lines.
 *
 * @example
 * ```ts
 * import { formatReport } from "./table.ts";
 * import assert from "node:assert/strict";
 *
 * const lines = formatReport({ task: "regression", rows: 2, mse: 4, rmse: 2, mae: 2, r2: 0.5 });
 * assert.equal(lines[0], "MSE 4.000  RMSE 2.000  MAE 2.000  R² 0.500  (2 rows)");
 * ```
 */
export function formatReport(report: EvaluationReport): string[] {
  if (report.task === "regression") {
    const f = (v: number): string => v.toPrecision(4);
    return [
      `MSE ${f(report.mse)}  RMSE ${f(report.rmse)}  MAE ${f(report.mae)}  R² ${
        report.r2.toFixed(3)
      }  (${report.rows} rows)`,
    ];
  }
  const correct = report.confusion.reduce((s, row, i) => s + row[i]!, 0);
  const fixed = (v: number): string => v.toFixed(3);
  return [
    `accuracy ${percent(report.accuracy)} (${correct} of ${report.rows} rows)`,
    "",
    "confusion matrix (rows: true class, columns: predicted class)",
    ...formatTable([
      ["", ...report.classes],
      ...report.confusion.map((
        row,
        i,
      ) => [report.classes[i]!, ...row.map(String)]),
    ]),
    "",
    ...formatTable([
      ["class", "precision", "recall", "F1", "support"],
      ...report.perClass.map((
        c,
      ) => [
        c.class,
        fixed(c.precision),
        fixed(c.recall),
        fixed(c.f1),
        String(c.support),
      ]),
    ]),
  ];
}

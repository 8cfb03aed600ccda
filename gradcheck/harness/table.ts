/**
 * Plain-text tables and number formats for the gradcheck report.
 *
 * @module
 */

/**
 * Formats rows as an aligned table with a header rule; columns whose header
 * ends with a space-free number-like cell are right-aligned when `right`
 * says so.
 *
 * @param headers Column titles.
 * @param rows Cells, already formatted.
 * @param right Which columns to right-align.
 * @returns The table, lines joined with `\n`.
 *
 * @example
 * ```ts
 * import { formatTable } from "./table.ts";
 * import assert from "node:assert/strict";
 *
 * const t = formatTable(["name", "n"], [["a", "1"], ["bb", "22"]], [false, true]);
 * assert.equal(t, "name   n\n----  --\na      1\nbb    22");
 * ```
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly boolean[] = [],
): string {
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length))
  );
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) =>
      right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)
    ).join("  ").trimEnd();
  return [
    line(headers),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(line),
  ].join("\n");
}

/**
 * A duration for humans: µs below 1 ms, ms below 1 s, else s; 3 significant
 * digits.
 *
 * @param ms Milliseconds.
 * @returns The text.
 *
 * @example
 * ```ts
 * import { formatMs } from "./table.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatMs(0.0123), "12.3 µs");
 * assert.equal(formatMs(2500), "2.50 s");
 * ```
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/**
 * A relative error in scientific notation, `0` for exact agreement.
 *
 * @param e The error.
 * @returns The text.
 *
 * @example
 * ```ts
 * import { formatError } from "./table.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatError(0.000123), "1.2e-4");
 * ```
 */
export function formatError(e: number): string {
  return e === 0 ? "0" : e.toExponential(1).replace("e-", "e-");
}

/**
 * The rows for `bench:scale`, `bench:bounds` and `bench:runtimes`:
 * layer sizes, batch, and whether TF.js runs there; and the flags of a
 * one-row run.
 *
 * @module
 */
import { requireInRange } from "./bench_args.ts";

/** The rows: layer sizes, batch, and whether TF.js runs there. */
export const ROWS: readonly {
  sizes: number[];
  batch: number;
  tfjs: boolean;
}[] = [
  { sizes: [784, 30, 10], batch: 10, tfjs: true },
  { sizes: [784, 30, 10], batch: 100, tfjs: false },
  { sizes: [784, 100, 10], batch: 10, tfjs: false },
  { sizes: [784, 100, 10], batch: 100, tfjs: false },
  { sizes: [784, 256, 256, 10], batch: 10, tfjs: false },
  { sizes: [784, 256, 256, 10], batch: 100, tfjs: true },
  { sizes: [784, 1024, 10], batch: 100, tfjs: false },
];

/** One row's run, from the flags `--rounds`, `--epochs` and `--row`. */
export interface RowRun {
  /** Rounds of alternating runs. */
  rounds: number;
  /** Epochs a run (the first is left out of the medians). */
  epochs: number;
  /** The row of {@linkcode ROWS}. */
  row: (typeof ROWS)[number];
}

/**
 * The flags `--rounds`, `--epochs` and `--row` of a one-row benchmark
 * (`bench:bounds`, `bench:runtimes`), checked: out of range, it exits 2
 * saying which flag, what it must be and the value given.
 *
 * @param task The `deno task` name, for the message.
 * @param values The parsed flags.
 * @returns The run.
 *
 * @example
 * ```ts
 * import { rowRun } from "./scale_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const run = rowRun("bench:x", { rounds: "3", epochs: "5", row: "3" });
 * assert.deepEqual(run.row.sizes, [784, 100, 10]);
 * ```
 */
export function rowRun(
  task: string,
  values: { rounds?: string; epochs?: string; row?: string },
): RowRun {
  const rounds = Number(values.rounds), epochs = Number(values.epochs);
  const row = ROWS[Number(values.row)];
  requireInRange(task, values, [
    ["rounds", Number.isInteger(rounds) && rounds >= 1, "a whole number >= 1"],
    ["epochs", Number.isInteger(epochs) && epochs >= 2, "a whole number >= 2"],
    ["row", row !== undefined, `a row number from 0 to ${ROWS.length - 1}`],
  ]);
  return { rounds, epochs, row: row! };
}

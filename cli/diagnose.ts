/**
 * `train --diagnose`: a diagnosis at the initial weights, a per-layer table
 * after every epoch (plain lines; with `--json` the epoch objects carry the
 * `layers` field instead), and the doctor's findings at the end.
 *
 * @module
 */
import { diagnose, type Diagnosis } from "../diagnostics/diagnose.ts";
import type { LayerFigures } from "../diagnostics/layer_figures.ts";
import { reviewTraining } from "../diagnostics/review_training.ts";
import type { Network } from "../network/network.ts";
import type { EpochStats } from "../network/train.ts";
import { Matrix } from "../tensor/matrix.ts";
import type { ProgressMode } from "./progress.ts";
import { formatTable } from "./table.ts";

/**
 * The per-layer figures of an epoch as text lines, indented under the
 * epoch's line.
 *
 * @param layers The epoch's `layers`.
 * @returns The lines, header first.
 *
 * @example
 * ```ts
 * import { formatLayers } from "./diagnose.ts";
 * import assert from "node:assert/strict";
 *
 * const lines = formatLayers([{ layer: 0, name: "4-30 tanh", biasGradientNorm: 0.0123, weightGradientNorm: 0.5,
 *   saturation: 0.02, dead: null, activationMean: 0.1, activationStd: 0.4, updateRatio: 0.001 }]);
 * assert.match(lines[1]!, /^ {2}0 4-30 tanh +1\.23e-2 +5\.00e-1 +1\.00e-3 +2\.0% +- +0\.100 +0\.400$/);
 * ```
 */
export function formatLayers(layers: readonly LayerFigures[]): string[] {
  const sci = (v: number | undefined): string =>
    v === undefined || !Number.isFinite(v)
      ? "-"
      : v.toExponential(2).replace("e+", "e");
  const share = (v: number | null): string =>
    v === null ? "-" : `${(100 * v).toFixed(1)}%`;
  const rows = [
    [
      "layer",
      "‖∂C/∂b‖",
      "‖∂C/∂W‖",
      "‖ΔW‖/‖W‖",
      "saturated",
      "dead",
      "mean",
      "std",
    ],
    ...layers.map((l) => [
      `${l.layer} ${l.name}`,
      sci(l.biasGradientNorm),
      sci(l.weightGradientNorm),
      sci(l.updateRatio),
      share(l.saturation),
      share(l.dead),
      l.activationMean.toFixed(3),
      l.activationStd.toFixed(3),
    ]),
  ];
  return formatTable(rows).map((line) => `  ${line}`);
}

/** Rows the diagnosis at the start looks at, at most (the book's 1,000). */
const START_ROWS = 1000;

/** Shows `--diagnose`'s output around a training run. */
export class DiagnoseReport {
  readonly #mode: ProgressMode;
  readonly #start: Diagnosis;

  /**
   * Diagnoses the network at its initial weights on the first 1,000
   * training rows (a full-batch pass over a large file would need buffers of
   * its size).
   *
   * @param mode How progress is shown.
   * @param network The network, before training.
   * @param x Training inputs.
   * @param y Training targets.
   */
  constructor(mode: ProgressMode, network: Network, x: Matrix, y: Matrix) {
    this.#mode = mode;
    const n = Math.min(x.rows, START_ROWS);
    const head = (m: Matrix) =>
      new Matrix(n, m.cols, m.data.subarray(0, n * m.cols));
    this.#start = diagnose(network, head(x), head(y));
  }

  /**
   * After every epoch (after its progress line): the table, in text modes.
   *
   * @param stats The epoch.
   */
  epoch(stats: EpochStats): void {
    if (this.#mode === "json" || stats.layers === undefined) return;
    for (const line of formatLayers(stats.layers)) console.log(line);
  }

  /**
   * The doctor's findings for the run.
   *
   * @param history `train`'s history.
   * @returns The sentences.
   */
  findings(history: readonly EpochStats[]): string[] {
    return reviewTraining(history, { start: this.#start });
  }

  /**
   * Prints the findings (text modes).
   *
   * @param findings The sentences.
   */
  print(findings: readonly string[]): void {
    if (this.#mode === "json") return;
    if (findings.length === 0) {
      console.log("\nThe doctor found nothing wrong with this run.");
      return;
    }
    console.log("\nThe doctor's findings:");
    for (const f of findings) console.log(`  - ${f}`);
  }
}

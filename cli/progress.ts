/**
 * Progress of a training run: on a terminal a progress bar per epoch
 * (samples/s, ETA) and a summary line per epoch; elsewhere one plain line
 * per epoch with no control characters; with `--json` one JSON object per
 * line.
 *
 * @module
 */
import type { EpochStats } from "../network/train.ts";

/** How progress is shown. */
export type ProgressMode = "terminal" | "plain" | "json";

const encoder = new TextEncoder();
const BAR_WIDTH = 24;

/**
 * The mode for stdout: json if asked, terminal if stdout is one, else plain.
 *
 * @param json Whether `--json` was given.
 * @returns The mode.
 */
export function progressMode(json: boolean): ProgressMode {
  return json ? "json" : Deno.stdout.isTerminal() ? "terminal" : "plain";
}

/**
 * One epoch's figures as a line of text.
 *
 * @param stats The epoch.
 * @param epochs The number of epochs planned.
 * @returns The line.
 *
 * @example
 * ```ts
 * import { formatEpoch } from "./progress.ts";
 * import assert from "node:assert/strict";
 *
 * const line = formatEpoch({ epoch: 2, loss: 0.5, accuracy: 0.9, seconds: 0.25, evalSeconds: 0 }, 10);
 * assert.equal(line, "epoch  2/10  loss 0.5000  acc 90.0%  0.25s");
 * ```
 */
export function formatEpoch(stats: EpochStats, epochs: number): string {
  const w = String(epochs).length;
  const parts = [
    `epoch ${String(stats.epoch).padStart(w)}/${epochs}`,
    `loss ${stats.loss.toFixed(4)}`,
  ];
  if (stats.accuracy !== undefined) {
    parts.push(`acc ${percent(stats.accuracy)}`);
  }
  if (stats.validationLoss !== undefined) {
    parts.push(`val_loss ${stats.validationLoss.toFixed(4)}`);
  }
  if (stats.validationAccuracy !== undefined) {
    parts.push(`val_acc ${percent(stats.validationAccuracy)}`);
  }
  parts.push(`${(stats.seconds + stats.evalSeconds).toFixed(2)}s`);
  return parts.join("  ");
}

/**
 * A share as a percentage with one decimal.
 *
 * @param share A number in [0, 1].
 * @returns For example "96.7%".
 */
export function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

/** Shows the progress of `train` through its `onBatch`/`onEpoch` hooks. */
export class Progress {
  readonly #mode: ProgressMode;
  readonly #epochs: number;
  #epoch = 1;
  #epochStart = performance.now();
  #lastDraw = 0;

  /**
   * Creates the reporter.
   *
   * @param mode How to show progress.
   * @param epochs The number of epochs planned.
   */
  constructor(mode: ProgressMode, epochs: number) {
    this.#mode = mode;
    this.#epochs = epochs;
  }

  /**
   * After every mini-batch: redraws the bar (terminal mode, at most 10 times
   * a second).
   *
   * @param done Samples done in this epoch.
   * @param total Samples per epoch.
   */
  batch(done: number, total: number): void {
    if (this.#mode !== "terminal") return;
    const now = performance.now();
    if (now - this.#lastDraw < 100 && done < total) return;
    this.#lastDraw = now;
    const seconds = Math.max((now - this.#epochStart) / 1000, 1e-9);
    const rate = done / seconds, eta = (total - done) / rate;
    const filled = Math.round((BAR_WIDTH * done) / total);
    const bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
    write(
      `\r\x1b[2Kepoch ${this.#epoch}/${this.#epochs} [${bar}] ${
        Math.floor((100 * done) / total)
      }%  ${Math.round(rate)} samples/s  ETA ${eta.toFixed(1)}s`,
    );
  }

  /**
   * After every epoch: the summary line (or JSON object).
   *
   * @param stats The epoch's figures.
   */
  epoch(stats: EpochStats): void {
    if (this.#mode === "json") {
      console.log(JSON.stringify({ event: "epoch", ...stats }));
    } else {
      if (this.#mode === "terminal") write("\r\x1b[2K");
      console.log(formatEpoch(stats, this.#epochs));
    }
    this.#epoch = stats.epoch + 1;
    this.#epochStart = performance.now();
  }
}

function write(text: string): void {
  Deno.stdout.writeSync(encoder.encode(text));
}

/**
 * The training doctor: what went wrong in a training run, in sentences.
 *
 * @module
 */
import type { Diagnosis } from "./diagnose.ts";
import { type EpochRecord, historyFindings } from "./history_findings.ts";

/** Options of {@linkcode reviewTraining}. */
export interface ReviewOptions {
  /** `diagnose()` at the initial weights: its findings come first. */
  start?: Diagnosis;
}

/**
 * The doctor's findings for a training run: those of a diagnosis at the
 * initial weights ("At the start: ..."), then those of the learning curves
 * (overfitting, an oscillating or exploding loss) and, when `train` ran with
 * `diagnostics: true`, of the per-layer figures over the epochs (vanishing
 * gradient; saturated layers and dead ReLUs in the last epoch), each problem
 * said once. Every sentence begins with
 * the problem's name, gives the numbers that raised it and what to try.
 *
 * @param history `train`'s history (or any records with `epoch`, `loss`,
 * and optionally `validationLoss` and `layers`).
 * @param options A diagnosis at the start.
 * @returns The sentences; empty for a healthy run.
 *
 * @example
 * ```ts
 * import { reviewTraining } from "./review_training.ts";
 * import assert from "node:assert/strict";
 *
 * const losses = [1, 0.5, 4, 0.6, 5, 0.7, 6];
 * const [finding] = reviewTraining(losses.map((loss, i) => ({ epoch: i + 1, loss })));
 * assert.match(finding!, /^Exploding loss: /);
 * ```
 */
export function reviewTraining(
  history: readonly EpochRecord[],
  options: ReviewOptions = {},
): string[] {
  const start = options.start?.findings ?? [];
  const seen = new Set(start.map(label));
  const later = historyFindings(history).map((f) => f.text)
    .filter((text) => !seen.has(label(text)));
  return [...start.map((f) => `At the start: ${f}`), ...later];
}

function label(sentence: string): string {
  return sentence.slice(0, sentence.indexOf(":"));
}

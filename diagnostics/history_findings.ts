/**
 * The doctor's findings from the learning curves: overfitting, a loss that
 * oscillates or explodes, and, with per-layer figures, a vanishing
 * gradient over the epochs, and saturated layers and dead ReLUs in the last
 * epoch.
 *
 * @module
 */
import { type Finding, fmt, pct } from "./finding.ts";
import type { LayerFigures } from "./layer_figures.ts";
import { layerFindings } from "./layer_findings.ts";
import { THRESHOLDS } from "./thresholds.ts";

/** What the doctor reads of one epoch (`train`'s `EpochStats` has it). */
export interface EpochRecord {
  /** 1-based epoch. */
  readonly epoch: number;
  /** Mean training cost over the epoch. */
  readonly loss: number;
  /** Cost on the validation data after the epoch. */
  readonly validationLoss?: number;
  /** Per-layer figures (`train`'s `diagnostics` option). */
  readonly layers?: readonly LayerFigures[];
}

/**
 * Findings from a training history.
 *
 * @param history One record per epoch, in order.
 * @returns The findings.
 *
 * @example Validation loss rising while training loss falls
 * ```ts
 * import { historyFindings } from "./history_findings.ts";
 * import assert from "node:assert/strict";
 *
 * const history = [0.5, 0.4, 0.45, 0.5, 0.6, 0.7].map((v, i) => ({ epoch: i + 1, loss: 1 / (i + 2), validationLoss: v }));
 * assert.equal(historyFindings(history)[0]!.kind, "overfitting");
 * ```
 */
export function historyFindings(
  history: readonly EpochRecord[],
): Finding[] {
  const found: Finding[] = [];
  const overfit = overfitting(history);
  if (overfit) found.push(overfit);
  const unstable = exploding(history) ?? oscillating(history);
  if (unstable) found.push(unstable);
  return [...found, ...layerHistory(history)];
}

function overfitting(history: readonly EpochRecord[]): Finding | undefined {
  const val = history.filter((h) => h.validationLoss !== undefined);
  const last = val.at(-1);
  if (last === undefined) return undefined;
  const best = val.reduce((b, h) =>
    h.validationLoss! < b.validationLoss! ? h : b
  );
  const rise = (last.validationLoss! - best.validationLoss!) /
    best.validationLoss!;
  if (
    rise < THRESHOLDS.overfitRise ||
    last.epoch - best.epoch < THRESHOLDS.overfitEpochs || last.loss >= best.loss
  ) return undefined;
  return {
    kind: "overfitting",
    text: `Overfitting: the validation loss rose ${
      pct(rise)
    } from its lowest, ${
      fmt(best.validationLoss!)
    } at epoch ${best.epoch}, to ${
      fmt(last.validationLoss!)
    } at epoch ${last.epoch}, while the training loss kept falling, from ${
      fmt(best.loss)
    } to ${
      fmt(last.loss)
    }; try L2 regularisation, dropout, early stopping (the best epoch was ${best.epoch}) or more training data`,
  };
}

function exploding(history: readonly EpochRecord[]): Finding | undefined {
  const first = history[0], last = history.at(-1);
  if (!first || !last || history.length < 2) return undefined;
  if (!(last.loss >= THRESHOLDS.explodingFactor * first.loss)) return undefined;
  return {
    kind: "exploding",
    text: `Exploding loss: the training loss grew from ${
      fmt(first.loss)
    } in epoch 1 to ${
      fmt(last.loss)
    } in epoch ${last.epoch}; the learning rate is too large: try a tenth of it`,
  };
}

function oscillating(history: readonly EpochRecord[]): Finding | undefined {
  if (history.length < 5) return undefined;
  let ups = 0, low = Infinity, high = -Infinity;
  for (let i = 1; i < history.length; i++) {
    const before = history[i - 1]!.loss, now = history[i]!.loss;
    if (now > before * (1 + THRESHOLDS.lossRise)) ups++;
    low = Math.min(low, now);
    high = Math.max(high, now);
  }
  const steps = history.length - 1;
  if (ups / steps < THRESHOLDS.oscillatingShare) return undefined;
  return {
    kind: "oscillating",
    text: `Oscillating loss: the training loss rose by more than ${
      pct(THRESHOLDS.lossRise)
    } from one epoch to the next in ${ups} of ${steps} epochs (between ${
      fmt(low)
    } and ${
      fmt(high)
    }); the learning rate is probably too large: try half of it, or larger mini-batches`,
  };
}

/** Vanishing gradient over the epochs (median ratio); saturated layers and dead ReLUs at the end. */
function layerHistory(history: readonly EpochRecord[]): Finding[] {
  const epochs = history.filter((h) =>
    h.layers !== undefined && h.layers.length > 2
  );
  const found: Finding[] = [];
  if (epochs.length > 0) {
    const ratios = epochs.map((h) => {
      const hidden = h.layers!.slice(0, -1);
      return hidden.at(-1)!.biasGradientNorm / hidden[0]!.biasGradientNorm;
    }).filter(Number.isFinite).sort((a, b) => a - b);
    const median = ratios[ratios.length >> 1];
    if (median !== undefined && median >= THRESHOLDS.vanishingRatio) {
      const layers = epochs[0]!.layers!;
      found.push({
        kind: "vanishing",
        layer: layers[0]!.layer,
        text:
          `Vanishing gradient: over ${ratios.length} epochs the first hidden layer (layer ${
            layers[0]!.layer
          }, ${layers[0]!.name}) learned a median ${
            fmt(median)
          }× slower than the last (layer ${
            layers.at(-2)!.layer
          }), in ‖∂C/∂b‖; try ReLU or tanh hidden layers, and the 'default' N(0, 1/n_in) init rather than 'large'`,
      });
    }
  }
  const last = history.at(-1)?.layers;
  if (last) {
    const end = layerFindings(last, { cost: "", stuckOutputs: null });
    for (const f of end) {
      if (f.kind === "dead") {
        found.push({
          ...f,
          text: f.text.replace(
            "Dead ReLUs: ",
            "Dead ReLUs: in the last epoch, ",
          ),
        });
      } else if (f.kind === "saturated") {
        found.push({
          ...f,
          text: f.text.replace(
            "Saturated layer: ",
            "Saturated layer: in the last epoch, ",
          )
            .replace(
              /large initial weights do this: .*$/,
              "weights that grew large in training do this: try a smaller learning rate or L2 regularisation",
            ),
        });
      }
    }
  }
  return found;
}

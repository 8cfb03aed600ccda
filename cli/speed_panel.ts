/**
 * The learning-speed panel of `train --diagnose --plot`: ‖∂C/∂b^l‖ of each
 * layer over the epochs on a log scale, as in the book's chapter 5 figures.
 *
 * @module
 */
import type { EpochStats } from "../network/train.ts";

/**
 * The panel as a Vega-Lite unit spec with its own data, or undefined when
 * the history has no per-layer figures.
 *
 * @param history `train`'s history.
 * @returns The panel.
 *
 * @example
 * ```ts
 * import { speedPanel } from "./speed_panel.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(speedPanel([{ epoch: 1, loss: 1, seconds: 0, evalSeconds: 0 }]), undefined);
 * ```
 */
export function speedPanel(
  history: readonly EpochStats[],
): Record<string, unknown> | undefined {
  const values: { epoch: number; layer: string; speed: number }[] = [];
  for (const s of history) {
    for (const l of s.layers ?? []) {
      if (Number.isFinite(l.biasGradientNorm) && l.biasGradientNorm > 0) {
        values.push({
          epoch: s.epoch,
          layer: `layer ${l.layer} (${l.name})`,
          speed: l.biasGradientNorm,
        });
      }
    }
  }
  if (values.length === 0) return undefined;
  return {
    data: { values },
    mark: { type: "line", strokeWidth: 2 },
    width: 320,
    height: 220,
    title: "speed of learning ‖∂C/∂b‖",
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "epoch" },
      y: {
        field: "speed",
        type: "quantitative",
        title: "‖∂C/∂b‖ (log scale)",
        scale: { type: "log" },
        axis: { format: ".0e" },
      },
      color: { field: "layer", type: "nominal", title: null },
    },
  };
}

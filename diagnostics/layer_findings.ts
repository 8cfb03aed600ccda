/**
 * The doctor's findings from one look at the layers: vanishing gradient,
 * saturated layers, the quadratic cost's learning slowdown, dead ReLUs.
 *
 * @module
 */
import { type Finding, fmt, pct } from "./finding.ts";
import type { LayerFigures } from "./layer_figures.ts";
import { THRESHOLDS } from "./thresholds.ts";

/** What the layer findings need besides the figures. */
export interface LayerContext {
  /** The cost's name. */
  readonly cost: string;
  /**
   * Fraction of output values wrong by 0.5 or more with σ′ below 10% of its
   * maximum, or null if the output σ is not bounded.
   */
  readonly stuckOutputs: number | null;
}

/**
 * Findings from per-layer figures (the last entry is the output layer).
 *
 * @param layers The figures, input to output.
 * @param context The cost and the stuck output share.
 * @returns The findings, in layer order.
 *
 * @example
 * ```ts
 * import { layerFindings } from "./layer_findings.ts";
 * import assert from "node:assert/strict";
 *
 * const layer = (i: number, speed: number) => ({
 *   layer: i, name: "30-30 sigmoid", biasGradientNorm: speed, weightGradientNorm: speed,
 *   saturation: 0, dead: null, activationMean: 0.5, activationStd: 0.1,
 * });
 * const found = layerFindings([layer(0, 0.003), layer(1, 0.3), layer(2, 0.5)], { cost: "crossEntropy", stuckOutputs: 0 });
 * assert.equal(found[0]!.kind, "vanishing");
 * ```
 */
export function layerFindings(
  layers: readonly LayerFigures[],
  context: LayerContext,
): Finding[] {
  const found: Finding[] = [];
  const hidden = layers.slice(0, -1);
  const output = layers.at(-1);
  const first = hidden[0], last = hidden.at(-1);
  if (first && last && first !== last) {
    const ratio = last.biasGradientNorm / first.biasGradientNorm;
    if (ratio >= THRESHOLDS.vanishingRatio) {
      found.push(vanishing(first, last, ratio));
    }
  }
  for (const l of hidden) {
    if (l.saturation !== null && l.saturation >= THRESHOLDS.saturatedLayer) {
      found.push({
        kind: "saturated",
        layer: l.layer,
        text: `Saturated layer: layer ${l.layer} (${l.name}) has ${
          pct(l.saturation)
        } of its values with σ′ below 1% of its maximum, so its weights barely learn; large initial weights do this: try init 'default' (N(0, 1/n_in)) and inputs scaled to about [-1, 1]`,
      });
    }
  }
  if (
    output && context.cost === "quadratic" && context.stuckOutputs !== null &&
    context.stuckOutputs >= THRESHOLDS.stuckOutputs
  ) {
    found.push({
      kind: "slowdown",
      layer: output.layer,
      text: `Learning slowdown: ${
        pct(context.stuckOutputs)
      } of the output values are wrong by 0.5 or more while σ′ is below 10% of its maximum, and the quadratic cost scales their gradient by σ′; use the cross-entropy cost, whose δ^L = a − y has no σ′`,
    });
  }
  for (const l of layers) {
    if (l.dead !== null && l.dead >= THRESHOLDS.deadUnits) {
      found.push({
        kind: "dead",
        layer: l.layer,
        text: `Dead ReLUs: ${
          pct(l.dead)
        } of layer ${l.layer}'s units (${l.name}) output 0 for every row, so they no longer learn; try a smaller learning rate, init 'he', or leakyRelu`,
      });
    }
  }
  return found;
}

function vanishing(
  first: LayerFigures,
  last: LayerFigures,
  ratio: number,
): Finding {
  const sigmoid = /sigmoid/.test(first.name);
  const fix = sigmoid
    ? "try ReLU or tanh hidden layers, and the 'default' N(0, 1/n_in) init rather than 'large'"
    : "try ReLU hidden layers with init 'he', or fewer layers";
  return {
    kind: "vanishing",
    layer: first.layer,
    text:
      `Vanishing gradient: the first hidden layer (layer ${first.layer}, ${first.name}) learns ${
        fmt(ratio)
      }× slower than the last (layer ${last.layer}): ‖∂C/∂b‖ is ${
        fmt(first.biasGradientNorm)
      } against ${fmt(last.biasGradientNorm)}; ${fix}`,
  };
}

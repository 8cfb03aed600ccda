/**
 * `diagnose`: why is my network learning slowly? Per-layer speed of
 * learning, saturation, dead units and activations at the current weights,
 * and the doctor's findings.
 *
 * @module
 */
import type { Cost } from "../costs/types.ts";
import type { Layer } from "../layers/types.ts";
import { type Matrix, type MatrixLike, toMatrix } from "../tensor/matrix.ts";
import { activationKind } from "./activation_kind.ts";
import {
  activationOf,
  GradientSums,
  type LayerFigures,
  layerName,
  zOf,
} from "./layer_figures.ts";
import { layerFindings } from "./layer_findings.ts";
import { THRESHOLDS } from "./thresholds.ts";
import { UnitStats } from "./unit_stats.ts";

/** What `diagnose` needs of a network (a `Network` has it). */
export interface DiagnosableNetwork {
  /** The layers, input to output. */
  readonly layers: readonly Layer[];
  /** The cost. */
  readonly cost: Cost;
  /** Backprop: fills every Param's `grad` for the batch mean cost. */
  gradient(x: MatrixLike, y: MatrixLike): number;
}

/** The result of {@linkcode diagnose}. */
export interface Diagnosis {
  /** One entry per layer with parameters, input to output. */
  layers: LayerFigures[];
  /** The doctor's findings: sentences with their numbers and what to try. */
  findings: string[];
  /** The mean cost over the rows. */
  loss: number;
}

/**
 * Looks inside a network at its current weights: one backprop pass over
 * all the rows (the gradient of the mean cost, as `Network.gradient`, which
 * it calls and so overwrites every `Param.grad`) and one inference pass for
 * the activations.
 *
 * Per layer with parameters: `biasGradientNorm` ‖∂C/∂b^l‖ (the book's speed
 * of learning), `weightGradientNorm`, `saturation`, `dead`,
 * `activationMean` and `activationStd` (see {@linkcode LayerFigures}).
 * Findings: a vanishing gradient (the last hidden layer's ‖∂C/∂b‖ 10× the
 * first's or more), saturated hidden layers (25% of values or more), the
 * quadratic cost's learning slowdown (10% of outputs stuck or more), dead
 * ReLUs (20% of units or more).
 *
 * @param network The network (not changed, except its Params' `grad`).
 * @param x Inputs, one row per sample.
 * @param y Targets.
 * @returns The figures and findings.
 * @throws {TypeError} On a shape mismatch or empty data.
 * @throws {RangeError} On a non-finite value.
 *
 * @example Chapter 5: a deep sigmoid network's first layer learns slowest
 * ```ts
 * import { diagnose } from "./diagnose.ts";
 * import { mlp } from "../network/mlp.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([4, 8, 8, 8, 2], { cost: "crossEntropy", seed: 1 });
 * const x = [[1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0]], y = [[1, 0], [0, 1], [1, 0]];
 * const { layers } = diagnose(net, x, y);
 * assert.equal(layers.length, 4);
 * assert.ok(layers[0]!.biasGradientNorm < layers[2]!.biasGradientNorm);
 * ```
 */
export function diagnose(
  network: DiagnosableNetwork,
  x: MatrixLike,
  y: MatrixLike,
): Diagnosis {
  const loss = network.gradient(x, y); // validates x and y
  const X = toMatrix(x, "X"), Y = toMatrix(y, "Y");
  const layers: LayerFigures[] = [];
  let a: Matrix = X, stuckOutputs: number | null = null;
  network.layers.forEach((layer, i) => {
    a = layer.forward(a, false);
    if (layer.params.length === 0) return;
    const act = activationOf(layer), z = zOf(layer);
    const stats = new UnitStats(z ? act : undefined, layer.outputSize);
    stats.add(z?.data, a.data, a.rows);
    const sums = new GradientSums(layer.params);
    sums.add();
    const [bias, weights] = sums.norms();
    layers.push({
      layer: i,
      name: layerName(layer),
      biasGradientNorm: bias,
      weightGradientNorm: weights,
      saturation: stats.saturation(),
      dead: stats.dead(),
      activationMean: stats.mean(),
      activationStd: stats.std(),
    });
    if (i === network.layers.length - 1 && act && z) {
      stuckOutputs = stuck(act, z, a, Y);
    }
  });
  const findings = layerFindings(layers, {
    cost: network.cost.name,
    stuckOutputs,
  });
  return { layers, findings: findings.map((f) => f.text), loss };
}

/** Share of outputs off by 0.5 or more whose σ′ is below 10% of its max. */
function stuck(
  act: NonNullable<ReturnType<typeof activationOf>>,
  z: Matrix,
  a: Matrix,
  y: Matrix,
): number | null {
  const kind = activationKind(act);
  if (!kind.elementWise || !kind.bounded) return null;
  const limit = THRESHOLDS.stuckDerivative * kind.maxDerivative;
  const Z = z.data, A = a.data, T = y.data;
  let count = 0;
  for (let i = 0; i < A.length; i++) {
    if (
      Math.abs(A[i]! - T[i]!) >= 0.5 &&
      Math.abs(act.derivative(Z[i]!, A[i]!)) < limit
    ) count++;
  }
  return count / A.length;
}

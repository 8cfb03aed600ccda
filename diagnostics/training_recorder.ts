/**
 * The per-batch side of `train(..., { diagnostics: true })`: it reads what
 * backprop left in the layers (Z, the gradients) on a sample of the
 * mini-batches and turns it into per-layer figures for each epoch.
 *
 * @module
 */
import type { Layer } from "../layers/types.ts";
import {
  activate,
  activationOf,
  GradientSums,
  type LayerFigures,
  layerName,
  zOf,
} from "./layer_figures.ts";
import { UnitStats } from "./unit_stats.ts";

/**
 * Every how many mini-batches the figures are measured (the first batch of
 * every epoch always is), so that they cost at most a few percent of an
 * epoch even for small, cheap batches.
 */
export const SAMPLE_EVERY = 50;

interface Watched {
  readonly index: number;
  readonly layer: Layer;
  readonly units: UnitStats;
  readonly grads: GradientSums;
  /** The Params other than b, and their values before the step. */
  readonly weights: Layer["params"];
  readonly before: Float64Array[];
  ratioSum: number;
  steps: number;
}

/**
 * Collects the per-layer figures of an epoch from sampled mini-batches:
 * the norm of the mean gradient over them (‖∂C/∂b^l‖, ‖∂C/∂W^l‖),
 * saturation, dead units, activation mean and std, and the mean update
 * ratio ‖ΔW‖/‖W‖ of their optimizer steps. Allocates only on the first
 * batch of a new size.
 *
 * @example
 * ```ts
 * import { TrainingRecorder } from "./training_recorder.ts";
 * import { mlp } from "../network/mlp.ts";
 * import { SGD } from "../optimizers/sgd.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 3, 1], { seed: 1 });
 * const recorder = new TrainingRecorder(net.layers);
 * net.gradient([[0, 1]], [[1]]);
 * recorder.afterBackward(0);
 * new SGD({ learningRate: 1 }).step(net.params);
 * recorder.afterStep();
 * const [first] = recorder.endEpoch();
 * assert.ok(first!.updateRatio! > 0);
 * ```
 */
export class TrainingRecorder {
  readonly #watched: Watched[];
  readonly #every: number;
  #scratch = new Float64Array(0);
  #sampled = false;

  /**
   * Watches every layer with parameters.
   *
   * @param layers The network's layers.
   * @param every Measure every this many batches (the first always).
   */
  constructor(layers: readonly Layer[], every: number = SAMPLE_EVERY) {
    this.#every = every;
    this.#watched = [];
    layers.forEach((layer, index) => {
      if (layer.params.length === 0) return;
      const weights = layer.params.filter((p) => p.name !== "b");
      this.#watched.push({
        index,
        layer,
        units: new UnitStats(activationOf(layer), layer.outputSize),
        grads: new GradientSums(layer.params),
        weights,
        before: weights.map((p) => new Float64Array(p.value.length)),
        ratioSum: 0,
        steps: 0,
      });
    });
  }

  /**
   * Call after backprop of a batch, before the optimizer's step.
   *
   * @param batch The batch's 0-based index in its epoch.
   */
  afterBackward(batch: number): void {
    this.#sampled = batch % this.#every === 0;
    if (!this.#sampled) return;
    for (const w of this.#watched) {
      w.grads.add();
      for (let i = 0; i < w.weights.length; i++) {
        w.before[i]!.set(w.weights[i]!.value);
      }
      const z = zOf(w.layer), act = activationOf(w.layer);
      if (z === undefined || act === undefined) continue;
      if (this.#scratch.length < z.data.length) {
        this.#scratch = new Float64Array(z.data.length);
      }
      const a = this.#scratch.subarray(0, z.data.length);
      activate(act, z, a);
      w.units.add(z.data, a, z.rows);
    }
  }

  /** Call after the optimizer's step. */
  afterStep(): void {
    if (!this.#sampled) return;
    for (const w of this.#watched) {
      let change = 0, size = 0;
      for (let i = 0; i < w.weights.length; i++) {
        const before = w.before[i]!;
        change += squaredChange(w.weights[i]!.value, before);
        size += lastSquaredSize;
      }
      if (size > 0) {
        w.ratioSum += Math.sqrt(change / size);
        w.steps++;
      }
    }
  }

  /**
   * The epoch's figures, and a fresh start for the next epoch.
   *
   * @returns One entry per layer with parameters.
   */
  endEpoch(): LayerFigures[] {
    return this.#watched.map((w) => {
      const [bias, weights] = w.grads.norms();
      const figures: LayerFigures = {
        layer: w.index,
        name: layerName(w.layer),
        biasGradientNorm: bias,
        weightGradientNorm: weights,
        saturation: w.units.saturation(),
        dead: w.units.dead(),
        activationMean: w.units.mean(),
        activationStd: w.units.std(),
        updateRatio: w.steps > 0 ? w.ratioSum / w.steps : NaN,
      };
      w.units.reset();
      w.grads.reset();
      w.ratioSum = 0;
      w.steps = 0;
      return figures;
    });
  }
}

/** ‖before‖² of the last squaredChange call (no allocation for a pair). */
let lastSquaredSize = 0;

/** ‖now − before‖², and ‖before‖² into lastSquaredSize, in one pass. */
function squaredChange(
  now: Float64Array | Float32Array,
  before: Float64Array | Float32Array,
): number {
  let change = 0, size = 0;
  for (let k = 0; k < now.length; k++) {
    const b = before[k]!, d = now[k]! - b;
    change += d * d;
    size += b * b;
  }
  lastSquaredSize = size;
  return change;
}

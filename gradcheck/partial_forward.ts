/**
 * Forward passes that start at a given layer, from cached inputs, with kink
 * detection: the numeric side of a gradient check, honest but not wasteful.
 *
 * @module
 */
import type { Cost } from "../costs/mod.ts";
import { Dense, type Layer } from "../layers/mod.ts";
import { Matrix } from "../tensor/mod.ts";

/**
 * Caches the input of every layer from one training-mode forward pass (with
 * randomness frozen by the caller), then evaluates the mean cost again from
 * any layer l: a perturbation of a Param of layer l cannot change layers
 * below l, so they are not recomputed. It also keeps a copy of the weighted
 * input Z of every Dense layer whose activation declares kinks, to tell
 * whether a step moved a pre-activation across one.
 *
 * @example A forward pass from the last layer gives the same cost
 * ```ts
 * import { PartialForward } from "./partial_forward.ts";
 * import { mlp } from "../network/mod.ts";
 * import { Matrix } from "../tensor/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 3, 1], { seed: 1 });
 * const x = Matrix.from([[1, 2]]), y = Matrix.from([[1]]);
 * const pf = new PartialForward(net.layers, net.cost, x, y);
 * assert.equal(pf.base(), net.loss(x, y));
 * assert.equal(pf.lossFrom(1), pf.loss0);
 * ```
 */
export class PartialForward {
  readonly #layers: readonly Layer[];
  readonly #cost: Cost;
  readonly #x: Matrix;
  readonly #y: Matrix;
  readonly #inputs: Matrix[] = [];
  readonly #baseZ: (Float64Array | undefined)[] = [];
  readonly #baseKinks: (Float64Array | undefined)[] = [];
  readonly #a: Float64Array;
  readonly #yr: Float64Array;
  /** The mean cost of the last {@linkcode PartialForward.base} pass. */
  loss0 = NaN;
  /**
   * `mean_x Σ_j |∂C_x/∂a_j| |a_j|` at the base pass: how much C moves when
   * every output moves by one unit of roundoff, relatively (the rounding
   * quantum of C is about u times this).
   */
  outputSensitivity = NaN;
  /** Layer evaluations done by `lossFrom` since construction. */
  layerEvaluations = 0;

  /**
   * Prepares the cache (call `base()` before `lossFrom`).
   *
   * @param layers The network's layers.
   * @param cost The network's cost.
   * @param x Inputs.
   * @param y Targets.
   */
  constructor(layers: readonly Layer[], cost: Cost, x: Matrix, y: Matrix) {
    this.#layers = layers;
    this.#cost = cost;
    this.#x = x;
    this.#y = y;
    this.#a = new Float64Array(y.cols);
    this.#yr = new Float64Array(y.cols);
  }

  /**
   * A full training-mode forward pass that refreshes the cache.
   *
   * @returns The mean cost `C(w)`.
   */
  base(): number {
    let a = this.#x;
    this.#inputs.length = 0;
    this.#baseZ.length = 0;
    this.#baseKinks.length = 0;
    for (const layer of this.#layers) {
      this.#inputs.push(copy(a));
      a = layer.forward(a, true);
      this.#baseZ.push(
        hasKinks(layer) ? (layer as Dense).z.data.slice() : undefined,
      );
      this.#baseKinks.push(layer.kinkState?.()); // Layer.kinkState: conv, pools
    }
    this.loss0 = this.#meanCost(a);
    this.outputSensitivity = this.#sensitivity(a);
    return this.loss0;
  }

  /**
   * The mean cost with layers `l..L` recomputed from the cached input of
   * layer l (the training-mode function, with randomness frozen).
   *
   * @param l The first layer to recompute.
   * @returns The mean cost.
   */
  lossFrom(l: number): number {
    return this.lossFromInput(l, this.#inputs[l]!);
  }

  /**
   * The mean cost of layers `l..L` applied to a given input of layer l.
   *
   * @param l The first layer to apply.
   * @param input The input of layer l.
   * @returns The mean cost.
   */
  lossFromInput(l: number, input: Matrix): number {
    let a = input;
    const layers = this.#layers;
    for (let k = l; k < layers.length; k++) a = layers[k]!.forward(a, true);
    this.layerEvaluations += layers.length - l;
    return this.#meanCost(a);
  }

  /**
   * The cached input of layer l (a copy owned by the cache).
   *
   * @param l The layer.
   * @returns Its input in the base pass.
   */
  input(l: number): Matrix {
    return this.#inputs[l]!;
  }

  /**
   * Whether the last `lossFrom(l)` moved any pre-activation of a Dense layer
   * `≥ l` across a kink of its σ, compared with the base pass. A value that
   * starts exactly at a kink and moves at all counts as crossing it.
   *
   * @param l The first recomputed layer.
   * @returns True if a kink lies between a base and a perturbed z.
   */
  crossedKink(l: number): boolean {
    const layers = this.#layers;
    for (let k = l; k < layers.length; k++) {
      const kinks = this.#baseKinks[k], now = layers[k]!.kinkState?.();
      if (kinks && now && !kinks.every((v, i) => v === now[i])) return true;
      const base = this.#baseZ[k];
      if (base === undefined) continue;
      const layer = layers[k] as Dense, Z = layer.z.data;
      for (const kink of layer.activation.kinks!) {
        for (let i = 0; i < Z.length; i++) {
          const z0 = base[i]!, z1 = Z[i]!;
          if (z0 === z1) continue;
          if (z0 < z1 ? z0 <= kink && kink <= z1 : z1 <= kink && kink <= z0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  #sensitivity(out: Matrix): number {
    const A = out.data, Y = this.#y.data, n = this.#y.cols;
    const a = this.#a, yr = this.#yr, g = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < Y.length; i += n) {
      for (let j = 0; j < n; j++) {
        a[j] = A[i + j]!;
        yr[j] = Y[i + j]!;
      }
      this.#cost.gradient(a, yr, g);
      for (let j = 0; j < n; j++) {
        const t = Math.abs(g[j]! * a[j]!);
        if (Number.isFinite(t)) total += t;
      }
    }
    return total / this.#y.rows;
  }

  #meanCost(out: Matrix): number {
    const A = out.data, Y = this.#y.data, n = this.#y.cols;
    const a = this.#a, yr = this.#yr;
    let total = 0;
    for (let i = 0; i < Y.length; i += n) {
      for (let j = 0; j < n; j++) {
        a[j] = A[i + j]!;
        yr[j] = Y[i + j]!;
      }
      total += this.#cost.fn(a, yr);
    }
    return total / this.#y.rows;
  }
}

function copy(m: Matrix): Matrix {
  return new Matrix(m.rows, m.cols, m.data.slice());
}

function hasKinks(layer: Layer): boolean {
  return layer instanceof Dense && (layer.activation.kinks?.length ?? 0) > 0;
}

/**
 * Per-layer statistics of the units over one or more batches: saturation,
 * dead units, and the mean and standard deviation of the activations.
 *
 * @module
 */
import type { Activation } from "../activations/types.ts";
import { activationKind } from "./activation_kind.ts";
import { SATURATED_DERIVATIVE } from "./thresholds.ts";

/**
 * Accumulates a layer's `Z` and `A = σ(Z)` over batches.
 *
 * - saturation: the fraction of values (rows × units) whose |σ′(z)| is below
 *   1% of σ′'s maximum; only for an element-wise σ with a bounded range,
 *   else `null`.
 * - dead: the fraction of units whose output is 0 for every row seen; only
 *   for a σ that is 0 for every z < 0 (ReLU), else `null`.
 *
 * @example
 * ```ts
 * import { UnitStats } from "./unit_stats.ts";
 * import { relu } from "../activations/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const stats = new UnitStats(relu, 2);
 * stats.add(Float64Array.of(-1, 2, -3, 4), Float64Array.of(0, 2, 0, 4), 2);
 * assert.equal(stats.dead(), 0.5);
 * assert.equal(stats.mean(), 1.5);
 * ```
 */
export class UnitStats {
  readonly #activation: Activation | undefined;
  readonly #units: number;
  readonly #alive: Uint8Array;
  readonly #limit: number;
  readonly #bounded: boolean;
  readonly #reluLike: boolean;
  #values = 0;
  #saturated = 0;
  #sum = 0;
  #sumSquares = 0;

  /**
   * Creates an empty accumulator.
   *
   * @param activation The layer's σ, or undefined if it has none (then
   * saturation and dead are `null`).
   * @param units The layer's width.
   */
  constructor(activation: Activation | undefined, units: number) {
    this.#activation = activation;
    this.#units = units;
    this.#alive = new Uint8Array(units);
    const kind = activation ? activationKind(activation) : undefined;
    this.#bounded = kind !== undefined && kind.elementWise && kind.bounded;
    this.#reluLike = kind !== undefined && kind.reluLike;
    this.#limit = this.#bounded
      ? SATURATED_DERIVATIVE * kind!.maxDerivative
      : 0;
  }

  /**
   * Adds a batch.
   *
   * @param z `Z`, `rows x units` row-major (ignored without a σ).
   * @param a `A = σ(Z)`, `rows x units`.
   * @param rows The batch's rows.
   */
  add(z: Float64Array | undefined, a: Float64Array, rows: number): void {
    const n = rows * this.#units, units = this.#units, alive = this.#alive;
    let sum = 0, squares = 0;
    for (let i = 0; i < n; i++) {
      const v = a[i]!;
      sum += v;
      squares += v * v;
    }
    this.#sum += sum;
    this.#sumSquares += squares;
    this.#values += n;
    if (this.#reluLike) {
      for (let i = 0; i < n; i++) if (a[i] !== 0) alive[i % units] = 1;
    }
    if (this.#bounded && z !== undefined) {
      const act = this.#activation!, limit = this.#limit;
      let saturated = 0;
      for (let i = 0; i < n; i++) {
        if (Math.abs(act.derivative(z[i]!, a[i]!)) < limit) saturated++;
      }
      this.#saturated += saturated;
    }
  }

  /** @returns The fraction of saturated values, or `null` if σ is unbounded. */
  saturation(): number | null {
    return this.#bounded ? this.#saturated / Math.max(1, this.#values) : null;
  }

  /** @returns The fraction of units never nonzero, or `null` if σ is not ReLU-like. */
  dead(): number | null {
    if (!this.#reluLike) return null;
    let dead = 0;
    for (const alive of this.#alive) if (alive === 0) dead++;
    return dead / this.#units;
  }

  /** @returns The mean activation. */
  mean(): number {
    return this.#sum / this.#values;
  }

  /** @returns The activations' standard deviation (over all values). */
  std(): number {
    const mean = this.mean();
    return Math.sqrt(
      Math.max(0, this.#sumSquares / this.#values - mean * mean),
    );
  }

  /** Forgets every batch added. */
  reset(): void {
    this.#values =
      this.#saturated =
      this.#sum =
      this.#sumSquares =
        0;
    this.#alive.fill(0);
  }
}

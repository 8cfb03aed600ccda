/**
 * The Optimizer interface.
 *
 * @module
 */
import type { Param } from "../layers/types.ts";

/** What the training loop tells an optimizer at every step. */
export interface StepContext {
  /** n, the size of the training set (network2's L2 term is λ/n). */
  readonly trainingSize: number;
}

/**
 * Updates Params from their gradients.
 *
 * @example A user-defined optimizer: sign SGD
 * ```ts
 * import type { Optimizer } from "./types.ts";
 * import assert from "node:assert/strict";
 *
 * const signSgd: Optimizer = {
 *   name: "signSgd",
 *   step(params) {
 *     for (const p of params) {
 *       for (let i = 0; i < p.value.length; i++) p.value[i]! -= 0.01 * Math.sign(p.grad[i]!);
 *     }
 *   },
 * };
 * const p = { name: "W", shape: [1], value: Float64Array.of(1), grad: Float64Array.of(2) };
 * signSgd.step([p]);
 * assert.equal(p.value[0], 0.99);
 * ```
 */
export interface Optimizer {
  /** Registry name. */
  readonly name: string;
  /**
   * Applies one update to every Param from its `grad`.
   *
   * @param params The network's Params.
   * @param context Training-set facts (absent outside `train`: n = 1).
   */
  step(params: readonly Param[], context?: StepContext): void;
}

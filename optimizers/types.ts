/**
 * The Optimizer interface, the context `train` gives every step, and the
 * JSON-safe form of an optimizer's state.
 *
 * @module
 */
import type { Param } from "../layers/types.ts";

/**
 * What the training loop tells an optimizer at every step. Outside `train`
 * only `trainingSize` is needed (and defaults to 1).
 */
export interface StepContext {
  /** n, the size of the training set (network2's L2 term is λ/n). */
  readonly trainingSize: number;
  /** The epoch of this step, 1-based. */
  readonly epoch?: number;
  /** The number of this step in the whole run, 1-based. */
  readonly step?: number;
  /** The number of this mini-batch within its epoch, 1-based. */
  readonly batch?: number;
  /** Mini-batches per epoch. */
  readonly batchesPerEpoch?: number;
  /** The run's number of epochs. */
  readonly epochs?: number;
}

/**
 * An optimizer's state as plain JSON-safe data: what it has learnt while
 * stepping (velocities, moments, the step count) and the hyperparameters it
 * was built with, so that a restored optimizer continues bit for bit.
 */
export interface OptimizerState {
  /** The optimizer's registry name, such as `"adam"`. */
  readonly name: string;
  /** The learning rate η at the time of saving (a schedule may move it). */
  readonly learningRate: number;
  /** Steps taken so far (Adam's t). */
  readonly steps: number;
  /** The hyperparameters other than η, which a restore must match. */
  readonly hyperparameters: Readonly<Record<string, number | boolean>>;
  /**
   * Per-Param arrays by name (`"velocity"`, `"m"`, `"v"`, ...): one array
   * of numbers per Param, in the network's Param order.
   */
  readonly slots: Readonly<Record<string, readonly (readonly number[])[]>>;
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
   * η, if the optimizer has one. A learning-rate schedule sets it between
   * steps; the built-in optimizers reject a value that is not a positive
   * finite number.
   */
  learningRate?: number;
  /**
   * Applies one update to every Param from its `grad`.
   *
   * @param params The network's Params.
   * @param context Training-set facts (absent outside `train`: n = 1).
   */
  step(params: readonly Param[], context?: StepContext): void;
  /**
   * The optimizer's state for the given Params, as JSON-safe data.
   *
   * @param params The network's Params, in order.
   * @returns The state.
   */
  getState?(params: readonly Param[]): OptimizerState;
  /**
   * Restores a state from {@linkcode Optimizer.getState}.
   *
   * @param params The network's Params, in the same order.
   * @param state The saved state.
   */
  setState?(params: readonly Param[], state: unknown): void;
}

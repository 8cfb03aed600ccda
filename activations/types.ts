/**
 * The Activation interface: σ and σ′ of a layer's neurons.
 *
 * @module
 */

/**
 * σ and σ′ of an activation function.
 *
 * An element-wise activation gives `fn` (σ) and `derivative` (σ′); the
 * generic backprop loop computes BP1/BP2's `⊙ σ′(z)` from them. An
 * activation that mixes a row (softmax) also gives the batch pair
 * `forward`/`backward`, and the loop uses those instead.
 *
 * @example A user-defined activation: the "swish" σ(z) = z / (1 + e^-z)
 * ```ts
 * import type { Activation } from "./types.ts";
 * import assert from "node:assert/strict";
 *
 * const swish: Activation = {
 *   name: "swish",
 *   fn: (z) => z / (1 + Math.exp(-z)),
 *   derivative(z, a) {
 *     const s = 1 / (1 + Math.exp(-z));
 *     return a + s * (1 - a);
 *   },
 * };
 * assert.equal(swish.fn(0), 0);
 * ```
 */
export interface Activation {
  /** Registry name, stored in saved models. */
  readonly name: string;
  /** Parameters that a saved model must record to rebuild it (alpha). */
  readonly params?: Readonly<Record<string, number>>;
  /**
   * σ(z).
   *
   * @param z The weighted input of one neuron.
   * @returns The activation.
   */
  fn(z: number): number;
  /**
   * σ′(z), given `a = σ(z)` as well, so that sigmoid and tanh can reuse it.
   *
   * @param z The weighted input.
   * @param a σ(z).
   * @returns The derivative.
   */
  derivative(z: number, a: number): number;
  /** The z at which σ′ jumps (ReLU: `[0]`); gradcheck skips steps across them. */
  readonly kinks?: readonly number[];
  /**
   * σ of `n` values at once, the same as {@linkcode Activation.fn} value by
   * value up to rounding (a vectorised kernel may differ in the last bits),
   * for an element-wise activation with a faster loop than one call per
   * value. Layers call it through `activate`, with the most `threads` the
   * layer's products may use (an implementation may ignore it; a split
   * must give every value the same bits as one thread does).
   */
  apply?(z: Float64Array, out: Float64Array, n: number, threads?: number): void;
  /**
   * σ of `n` values in float32 precision, for a layer whose dtype is
   * float32 (its products are float32 already): `out[i]` is a float32
   * value within a few float32 ulps of `fn(fround(z[i]))`. Layers call it
   * through `activate` (with `threads` as for `apply`); without it they use
   * `apply` or `fn`.
   */
  applyFloat32?(
    z: Float64Array,
    out: Float64Array,
    n: number,
    threads?: number,
  ): void;
  /**
   * `out = grad ⊙ σ′(z)` on `n` values at once, the same as `grad[i] ·
   * derivative(z[i], a[i])` value by value, for an element-wise activation.
   * Layers call it through `activateBackward`.
   */
  applyDerivative?(
    z: Float64Array,
    a: Float64Array,
    grad: Float64Array,
    out: Float64Array,
    n: number,
  ): void;
  /**
   * Batch σ for an activation that is not element-wise: fills `out` (`rows x
   * cols`, row-major) from `z`.
   */
  forward?(
    z: Float64Array,
    out: Float64Array,
    rows: number,
    cols: number,
  ): void;
  /**
   * Vector-Jacobian product: `out = (∂a/∂z)^T grad` for every row, given
   * `z`, `a = σ(z)` and `grad = ∂C/∂a`.
   */
  backward?(
    z: Float64Array,
    a: Float64Array,
    grad: Float64Array,
    out: Float64Array,
    rows: number,
    cols: number,
  ): void;
}

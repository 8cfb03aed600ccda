/**
 * Inverted dropout.
 *
 * @module
 */
import type { Layer, LayerJSON, Param } from "./types.ts";
import { Matrix } from "../tensor/matrix.ts";
import { Random, type RandomState } from "../tensor/random.ts";

/** Options of {@linkcode Dropout}. */
export interface DropoutOptions {
  /**
   * Seed of the masks.
   *
   * @default {0}
   */
  seed?: number;
}

/**
 * Inverted dropout: while training, each input is zeroed with probability
 * `rate` and the survivors are scaled by `1/(1 − rate)`, so inference needs
 * no rescaling; at inference it is the identity. Masks come from a seeded
 * generator. While frozen (`freeze(true)`, as gradcheck does) the layer
 * draws one mask from a copy of its generator and reuses it for every
 * forward pass, so its own sequence of masks is left exactly as it was.
 *
 * @example
 * ```ts
 * import { Dropout } from "./dropout.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const drop = new Dropout(4, 0.5, { seed: 1 });
 * const out = drop.forward(Matrix.from([[1, 1, 1, 1]]), true);
 * assert.ok(out.data.every((v) => v === 0 || v === 2));
 * assert.deepEqual(drop.forward(Matrix.from([[1, 1, 1, 1]]), false).data, Float64Array.of(1, 1, 1, 1));
 * ```
 */
export class Dropout implements Layer {
  /** Width of the rows (unchanged). */
  readonly inputSize: number;
  /** Width of the rows (unchanged). */
  readonly outputSize: number;
  /** The probability of dropping an input. */
  readonly rate: number;
  /** Dropout has no trainable parameters. */
  readonly params: readonly Param[] = [];
  #random: Random;
  #frozen: Random | undefined;
  #frozenDrawn = false;
  #mask = new Float64Array(0);
  #out = new Matrix(0, 0);
  #grad = new Matrix(0, 0);
  #training = false;

  /**
   * Creates a dropout layer.
   *
   * @param size Width of the rows.
   * @param rate Drop probability in `[0, 1)`.
   * @param options The seed.
   * @throws {RangeError} If the size or rate is out of range.
   */
  constructor(size: number, rate: number, options: DropoutOptions = {}) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(
        `Cannot create Dropout layer: size must be a positive integer, got '${size}'`,
      );
    }
    if (!(rate >= 0 && rate < 1)) {
      throw new RangeError(
        `Cannot create Dropout layer: rate must be in [0, 1), got '${rate}'`,
      );
    }
    this.inputSize = size;
    this.outputSize = size;
    this.rate = rate;
    this.#random = new Random(options.seed ?? 0);
  }

  /**
   * Applies a fresh mask (training) or passes the input through (inference).
   *
   * @param input `m x size`.
   * @param training Whether to drop.
   * @returns The output.
   */
  forward(input: Matrix, training: boolean): Matrix {
    this.#training = training;
    if (!training || this.rate === 0) return input;
    const len = input.data.length;
    if (this.#out.rows !== input.rows || this.#out.cols !== input.cols) {
      this.#out = new Matrix(input.rows, input.cols);
      this.#grad = new Matrix(input.rows, input.cols);
      this.#mask = new Float64Array(len);
      this.#frozenDrawn = false;
    }
    if (this.#frozen === undefined) {
      this.#drawMask(this.#random);
    } else if (!this.#frozenDrawn) {
      this.#drawMask(this.#frozen);
      this.#frozenDrawn = true;
    }
    const X = input.data, O = this.#out.data, M = this.#mask;
    for (let i = 0; i < len; i++) O[i] = X[i]! * M[i]!;
    return this.#out;
  }

  /**
   * Multiplies the gradient by the same mask.
   *
   * @param outputGrad `∂C/∂output`.
   * @returns `∂C/∂input`.
   */
  backward(outputGrad: Matrix): Matrix {
    if (!this.#training || this.rate === 0) return outputGrad;
    const G = outputGrad.data, O = this.#grad.data, M = this.#mask;
    for (let i = 0; i < O.length; i++) O[i] = G[i]! * M[i]!;
    return this.#grad;
  }

  /**
   * While frozen, the first forward pass in training mode draws a mask from
   * a copy of the generator and every later pass reuses it; unfreezing
   * returns to fresh masks from the layer's own, untouched sequence.
   *
   * @param frozen Whether to freeze.
   */
  freeze(frozen: boolean): void {
    this.#frozen = frozen ? this.#random.clone() : undefined;
    this.#frozenDrawn = false;
  }

  /**
   * The mask generator's state, for checkpoints.
   *
   * @returns The state.
   */
  getState(): RandomState {
    return this.#random.getState();
  }

  /**
   * Restores the mask generator from {@linkcode Dropout.getState}.
   *
   * @param state The saved state.
   * @throws {TypeError} If it is not a generator state.
   */
  setState(state: unknown): void {
    this.#random.setState(state);
  }

  /**
   * The layer as stored in a saved model.
   *
   * @returns Type, size and rate.
   */
  toJSON(): LayerJSON {
    return { type: "dropout", size: this.inputSize, rate: this.rate };
  }

  #drawMask(random: Random): void {
    const keep = 1 / (1 - this.rate), M = this.#mask, p = this.rate;
    for (let i = 0; i < M.length; i++) {
      M[i] = random.uniform() < p ? 0 : keep;
    }
  }
}

/**
 * Options shared by the built-in optimizers, and their validation.
 *
 * @module
 */

/** Options every built-in optimizer takes. */
export interface OptimizerOptions {
  /** η, the step size; a positive number. */
  learningRate: number;
  /**
   * λ of the L2 penalty `λ/(2n) Σ w²` on weights (not biases); n is the
   * training-set size that `train` passes in.
   *
   * @default {0}
   */
  l2?: number;
}

/**
 * Checks η and λ and returns λ.
 *
 * @param name The optimizer, for messages.
 * @param options Its options.
 * @returns λ (0 when absent).
 * @throws {RangeError} If η is not positive or λ is negative.
 */
export function checkOptions(name: string, options: OptimizerOptions): number {
  const eta = options.learningRate;
  if (typeof eta !== "number" || !(eta > 0) || !Number.isFinite(eta)) {
    throw new RangeError(
      `Cannot create ${name}: learningRate must be a positive number, got '${eta}'`,
    );
  }
  const l2 = options.l2 ?? 0;
  if (typeof l2 !== "number" || !(l2 >= 0) || !Number.isFinite(l2)) {
    throw new RangeError(
      `Cannot create ${name}: l2 must be a non-negative number, got '${l2}'`,
    );
  }
  return l2;
}

/**
 * Checks a new learning rate η.
 *
 * @param name The optimizer, for messages.
 * @param value The rate.
 * @returns The rate.
 * @throws {RangeError} If it is not a positive finite number.
 */
export function checkRate(name: string, value: number): number {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(
      `Cannot set ${name} learningRate: it must be a positive number, got '${value}'`,
    );
  }
  return value;
}

/**
 * Checks a coefficient in [0, 1).
 *
 * @param name The optimizer, for messages.
 * @param key The option's name.
 * @param value Its value.
 * @returns The value.
 * @throws {RangeError} If it is outside [0, 1).
 */
export function checkUnit(name: string, key: string, value: number): number {
  if (typeof value !== "number" || !(value >= 0 && value < 1)) {
    throw new RangeError(
      `Cannot create ${name}: ${key} must be in [0, 1), got '${value}'`,
    );
  }
  return value;
}

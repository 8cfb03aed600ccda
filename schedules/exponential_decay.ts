/**
 * Exponential decay: η shrinks by the same factor every epoch.
 *
 * @module
 */
import type { LearningRateSchedule, ScheduleContext } from "./types.ts";
import { checkNumber } from "./checks.ts";

/** Options of {@linkcode ExponentialDecay}. */
export interface ExponentialDecayOptions {
  /** γ, the factor per epoch, in (0, 1]. */
  gamma: number;
}

/**
 * `η = η0 · γ^(epoch − 1)`.
 *
 * @example
 * ```ts
 * import { ExponentialDecay } from "./exponential_decay.ts";
 * import assert from "node:assert/strict";
 *
 * const s = new ExponentialDecay({ gamma: 0.5 });
 * assert.equal(s.rate({ initialRate: 2, epoch: 3, step: 7, batchesPerEpoch: 3, epochs: 5 }), 0.5);
 * ```
 */
export class ExponentialDecay implements LearningRateSchedule {
  /** `"exponential"`. */
  readonly name: string = "exponential";
  /** γ. */
  readonly gamma: number;

  /**
   * Creates the schedule.
   *
   * @param options γ.
   * @throws {RangeError} If γ is not in (0, 1].
   */
  constructor(options: ExponentialDecayOptions) {
    this.gamma = checkNumber(
      "ExponentialDecay",
      "gamma",
      options.gamma,
      (v) => v > 0 && v <= 1,
      "a number in (0, 1]",
    );
  }

  /**
   * η for the coming step.
   *
   * @param context η0 and the epoch.
   * @returns The rate.
   */
  rate(context: ScheduleContext): number {
    return context.initialRate * this.gamma ** (context.epoch - 1);
  }
}

/**
 * Step decay: η drops by a factor every few epochs.
 *
 * @module
 */
import type { LearningRateSchedule, ScheduleContext } from "./types.ts";
import { checkNumber } from "./checks.ts";

/** Options of {@linkcode StepDecay}. */
export interface StepDecayOptions {
  /** Epochs between drops; a positive integer. */
  every: number;
  /**
   * The factor applied at every drop, in (0, 1].
   *
   * @default {0.5}
   */
  factor?: number;
}

/**
 * `η = η0 · factor^⌊(epoch − 1) / every⌋`.
 *
 * @example Halve every 2 epochs
 * ```ts
 * import { StepDecay } from "./step_decay.ts";
 * import assert from "node:assert/strict";
 *
 * const s = new StepDecay({ every: 2, factor: 0.5 });
 * const at = (epoch: number) => s.rate({ initialRate: 1, epoch, step: 1, batchesPerEpoch: 1, epochs: 9 });
 * assert.deepEqual([1, 2, 3, 4, 5].map(at), [1, 1, 0.5, 0.5, 0.25]);
 * ```
 */
export class StepDecay implements LearningRateSchedule {
  /** `"step"`. */
  readonly name: string = "step";
  /** Epochs between drops. */
  readonly every: number;
  /** The factor per drop. */
  readonly factor: number;

  /**
   * Creates the schedule.
   *
   * @param options How often and by how much.
   * @throws {RangeError} If an option is out of range.
   */
  constructor(options: StepDecayOptions) {
    this.every = checkNumber(
      "StepDecay",
      "every",
      options.every,
      (v) => Number.isInteger(v) && v >= 1,
      "a positive integer",
    );
    this.factor = checkNumber(
      "StepDecay",
      "factor",
      options.factor ?? 0.5,
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
    const drops = Math.floor((context.epoch - 1) / this.every);
    return context.initialRate * this.factor ** drops;
  }
}

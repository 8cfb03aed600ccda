/**
 * Cosine decay over the run's steps (Loshchilov and Hutter, without
 * restarts).
 *
 * @module
 */
import type { LearningRateSchedule, ScheduleContext } from "./types.ts";
import { checkNumber } from "./checks.ts";

/** Options of {@linkcode CosineDecay}. */
export interface CosineDecayOptions {
  /**
   * The floor η_min; non-negative.
   *
   * @default {0}
   */
  minRate?: number;
}

/**
 * `η = η_min + (η0 − η_min) · (1 + cos(π t / T)) / 2` with `t` the number
 * of steps already taken (0 for the first) and `T` the run's total steps
 * (epochs × batches per epoch): η0 at the first step, falling smoothly
 * towards η_min at the last.
 *
 * @example Halfway through, η is the midpoint
 * ```ts
 * import { CosineDecay } from "./cosine_decay.ts";
 * import assert from "node:assert/strict";
 *
 * const s = new CosineDecay({ minRate: 0.2 });
 * const at = (step: number) => s.rate({ initialRate: 1, epoch: 1, step, batchesPerEpoch: 4, epochs: 1 });
 * assert.equal(at(1), 1);
 * assert.ok(Math.abs(at(3) - 0.6) < 1e-15);
 * ```
 */
export class CosineDecay implements LearningRateSchedule {
  /** `"cosine"`. */
  readonly name: string = "cosine";
  /** η_min. */
  readonly minRate: number;

  /**
   * Creates the schedule.
   *
   * @param options The floor.
   * @throws {RangeError} If the floor is negative.
   */
  constructor(options: CosineDecayOptions = {}) {
    this.minRate = checkNumber(
      "CosineDecay",
      "minRate",
      options.minRate ?? 0,
      (v) => v >= 0,
      "a non-negative number",
    );
  }

  /**
   * η for the coming step.
   *
   * @param context η0, the step and the run's length.
   * @returns The rate.
   */
  rate(context: ScheduleContext): number {
    const total = context.epochs * context.batchesPerEpoch;
    const t = context.step - 1, min = this.minRate;
    return min +
      (context.initialRate - min) * (1 + Math.cos((Math.PI * t) / total)) / 2;
  }
}

/**
 * Learning-rate schedules for `train`: step, exponential and cosine decay,
 * and network2's "halve η when the validation figure stalls".
 *
 * ```ts
 * import { StepDecay } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const s = new StepDecay({ every: 10, factor: 0.1 });
 * assert.equal(s.rate({ initialRate: 1, epoch: 11, step: 1, batchesPerEpoch: 1, epochs: 20 }), 0.1);
 * ```
 *
 * @module
 */
export type {
  EpochFigures,
  LearningRateSchedule,
  ScheduleContext,
} from "./types.ts";
export { StepDecay, type StepDecayOptions } from "./step_decay.ts";
export {
  ExponentialDecay,
  type ExponentialDecayOptions,
} from "./exponential_decay.ts";
export { CosineDecay, type CosineDecayOptions } from "./cosine_decay.ts";
export {
  type PlateauMonitor,
  type PlateauState,
  ReduceOnPlateau,
  type ReduceOnPlateauOptions,
} from "./reduce_on_plateau.ts";

/**
 * The LearningRateSchedule interface and what `train` tells a schedule.
 *
 * @module
 */

/** Where training stands when it asks a schedule for the next rate. */
export interface ScheduleContext {
  /** η0, the optimizer's learning rate when the run started. */
  readonly initialRate: number;
  /** The epoch of the coming step, 1-based. */
  readonly epoch: number;
  /** The coming step's number in the whole run, 1-based. */
  readonly step: number;
  /** Mini-batches per epoch. */
  readonly batchesPerEpoch: number;
  /** The run's number of epochs. */
  readonly epochs: number;
}

/** The figures of a finished epoch that a schedule may watch. */
export interface EpochFigures {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Mean training cost over the epoch. */
  readonly loss: number;
  /** Training accuracy, for classification. */
  readonly accuracy?: number;
  /** Cost on the validation data. */
  readonly validationLoss?: number;
  /** Accuracy on the validation data, for classification. */
  readonly validationAccuracy?: number;
}

/**
 * Sets the learning rate η before every step of `train`.
 *
 * @example A user-defined schedule: η0/epoch
 * ```ts
 * import type { LearningRateSchedule } from "./types.ts";
 * import assert from "node:assert/strict";
 *
 * const inverse: LearningRateSchedule = {
 *   name: "inverse",
 *   rate: ({ initialRate, epoch }) => initialRate / epoch,
 * };
 * assert.equal(inverse.rate({ initialRate: 1, epoch: 4, step: 10, batchesPerEpoch: 3, epochs: 5 }), 0.25);
 * ```
 */
export interface LearningRateSchedule {
  /** A name for messages and checkpoints. */
  readonly name: string;
  /**
   * η for the coming step: a positive number.
   *
   * @param context Where training stands.
   * @returns The rate.
   */
  rate(context: ScheduleContext): number;
  /**
   * Told after every epoch (a schedule that watches the loss uses it).
   *
   * @param figures The epoch's figures.
   */
  epochEnd?(figures: EpochFigures): void;
  /**
   * The schedule's state as JSON-safe data, for checkpoints (a schedule
   * that is a function of the context alone has none).
   *
   * @returns The state.
   */
  getState?(): unknown;
  /**
   * Restores a state from {@linkcode LearningRateSchedule.getState}.
   *
   * @param state The saved state.
   */
  setState?(state: unknown): void;
}

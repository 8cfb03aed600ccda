/**
 * network2's schedule: cut η (halve it, by default) when the watched figure
 * has not improved for a number of epochs.
 *
 * @module
 */
import type {
  EpochFigures,
  LearningRateSchedule,
  ScheduleContext,
} from "./types.ts";
import { checkNumber } from "./checks.ts";

/** The figures {@linkcode ReduceOnPlateau} can watch. */
export type PlateauMonitor =
  | "loss"
  | "validationLoss"
  | "accuracy"
  | "validationAccuracy";

/** Options of {@linkcode ReduceOnPlateau}. */
export interface ReduceOnPlateauOptions {
  /** Epochs without improvement before η is cut; a positive integer. */
  patience: number;
  /**
   * The factor of each cut, in (0, 1).
   *
   * @default {0.5}
   */
  factor?: number;
  /**
   * The figure to watch; a loss must fall, an accuracy must rise.
   *
   * @default {"validationLoss" when the epoch has one, else "loss"}
   */
  monitor?: PlateauMonitor;
  /**
   * How much better counts as an improvement.
   *
   * @default {0}
   */
  minDelta?: number;
  /**
   * The floor below which η is not cut.
   *
   * @default {0}
   */
  minRate?: number;
}

/** The JSON-safe state of {@linkcode ReduceOnPlateau}. */
export interface PlateauState {
  /** The product of the cuts so far: η = η0 · scale. */
  scale: number;
  /** The best figure so far (null before the first epoch). */
  best: number | null;
  /** Epochs since the last improvement or cut. */
  wait: number;
  /** The figure watched (null before the first epoch). */
  monitor: PlateauMonitor | null;
}

/**
 * `η = η0 · scale`, where `scale` is multiplied by `factor` whenever the
 * watched figure has gone `patience` epochs without improving (the count
 * restarts after each cut), never below `minRate`. Nielsen's network2
 * exercise halves η when validation accuracy stalls:
 * `new ReduceOnPlateau({ patience: 10, monitor: "validationAccuracy" })`.
 *
 * @example
 * ```ts
 * import { ReduceOnPlateau } from "./reduce_on_plateau.ts";
 * import assert from "node:assert/strict";
 *
 * const s = new ReduceOnPlateau({ patience: 2 });
 * const ctx = { initialRate: 1, epoch: 1, step: 1, batchesPerEpoch: 1, epochs: 10 };
 * [3, 2, 2, 2].forEach((loss, i) => s.epochEnd({ epoch: i + 1, loss }));
 * assert.equal(s.rate(ctx), 0.5);
 * ```
 */
export class ReduceOnPlateau implements LearningRateSchedule {
  /** `"plateau"`. */
  readonly name: string = "plateau";
  /** Epochs without improvement before a cut. */
  readonly patience: number;
  /** The factor of each cut. */
  readonly factor: number;
  /** How much better counts. */
  readonly minDelta: number;
  /** The floor of η. */
  readonly minRate: number;
  readonly #monitor: PlateauMonitor | undefined;
  #state: PlateauState = { scale: 1, best: null, wait: 0, monitor: null };

  /**
   * Creates the schedule.
   *
   * @param options Patience, factor, the figure, and the floor.
   * @throws {RangeError} If an option is out of range.
   */
  constructor(options: ReduceOnPlateauOptions) {
    const label = "ReduceOnPlateau";
    this.patience = checkNumber(
      label,
      "patience",
      options.patience,
      (v) => Number.isInteger(v) && v >= 1,
      "a positive integer",
    );
    this.factor = checkNumber(
      label,
      "factor",
      options.factor ?? 0.5,
      (v) => v > 0 && v < 1,
      "a number in (0, 1)",
    );
    this.minDelta = checkNumber(
      label,
      "minDelta",
      options.minDelta ?? 0,
      (v) => v >= 0,
      "a non-negative number",
    );
    this.minRate = checkNumber(
      label,
      "minRate",
      options.minRate ?? 0,
      (v) => v >= 0,
      "a non-negative number",
    );
    this.#monitor = options.monitor;
  }

  /**
   * η for the coming step.
   *
   * @param context η0.
   * @returns The rate.
   */
  rate(context: ScheduleContext): number {
    return Math.max(context.initialRate * this.#state.scale, this.minRate);
  }

  /**
   * Records an epoch's figure and cuts η after `patience` epochs without
   * improvement.
   *
   * @param figures The epoch's figures.
   * @throws {TypeError} If the watched figure is missing.
   */
  epochEnd(figures: EpochFigures): void {
    const s = this.#state;
    s.monitor ??= this.#monitor ??
      (figures.validationLoss !== undefined ? "validationLoss" : "loss");
    const value = figures[s.monitor];
    if (value === undefined) {
      throw new TypeError(
        `Cannot schedule the learning rate: ReduceOnPlateau watches '${s.monitor}' but the epoch has no such figure; give validation data or watch 'loss'`,
      );
    }
    const higher = s.monitor === "accuracy" ||
      s.monitor === "validationAccuracy";
    const better = s.best === null ||
      (higher
        ? value > s.best + this.minDelta
        : value < s.best - this.minDelta);
    if (better) {
      s.best = value;
      s.wait = 0;
    } else if (++s.wait >= this.patience) {
      s.scale *= this.factor;
      s.wait = 0;
    }
  }

  /**
   * The state, for checkpoints.
   *
   * @returns A copy of the state.
   */
  getState(): PlateauState {
    return { ...this.#state };
  }

  /**
   * Restores a state from {@linkcode ReduceOnPlateau.getState}.
   *
   * @param state The saved state.
   * @throws {TypeError} If it is malformed.
   */
  setState(state: unknown): void {
    const s = state as Partial<Record<keyof PlateauState, unknown>> | null;
    const bad = (what: string): never => {
      throw new TypeError(
        `Cannot restore ReduceOnPlateau state: ${what}`,
      );
    };
    if (typeof s !== "object" || s === null) return bad("it is not an object");
    if (typeof s.scale !== "number" || !(s.scale > 0 && s.scale <= 1)) {
      bad(`field 'scale' must be in (0, 1], got '${String(s.scale)}'`);
    }
    if (s.best !== null && (typeof s.best !== "number" || !isFinite(s.best))) {
      bad(`field 'best' must be a number or null, got '${String(s.best)}'`);
    }
    if (typeof s.wait !== "number" || !Number.isInteger(s.wait) || s.wait < 0) {
      bad(
        `field 'wait' must be a non-negative integer, got '${String(s.wait)}'`,
      );
    }
    const monitors = [
      "loss",
      "validationLoss",
      "accuracy",
      "validationAccuracy",
    ];
    if (s.monitor !== null && !monitors.includes(s.monitor as string)) {
      bad(`field 'monitor' is '${String(s.monitor)}'`);
    }
    this.#state = {
      scale: s.scale as number,
      best: s.best as number | null,
      wait: s.wait as number,
      monitor: s.monitor as PlateauMonitor | null,
    };
  }
}

/**
 * Early stopping with a snapshot of the best weights, and its position for
 * checkpoints.
 *
 * @module
 */
import type { Network } from "./network.ts";
import type { EarlyStopping, EpochStats } from "./train_options.ts";
import type { EarlyStoppingState } from "./model_json.ts";

/** Early stopping with a snapshot of the best weights. */
export class Stopper {
  #network: Network;
  #options: EarlyStopping;
  #monitor: "loss" | "validationLoss";
  #best = Infinity;
  #wait = 0;
  #snapshot: (Float64Array | Float32Array)[];

  /**
   * Starts watching.
   *
   * @param network The network whose weights to keep.
   * @param options Patience and the rest.
   * @param hasValidation Whether validation data is given.
   * @throws {RangeError} If the patience is not a positive integer.
   * @throws {TypeError} If it watches a validation loss without data.
   */
  constructor(
    network: Network,
    options: EarlyStopping,
    hasValidation: boolean,
  ) {
    const p = options.patience;
    if (typeof p !== "number" || !Number.isInteger(p) || p < 1) {
      throw new RangeError(
        `Cannot train: option 'earlyStopping.patience' must be a positive integer, got '${p}'`,
      );
    }
    this.#network = network;
    this.#options = options;
    this.#monitor = options.monitor ??
      (hasValidation ? "validationLoss" : "loss");
    if (this.#monitor === "validationLoss" && !hasValidation) {
      throw new TypeError(
        "Cannot train: earlyStopping monitors 'validationLoss' but no validation data was given",
      );
    }
    this.#snapshot = network.params.map((p) => p.value.slice());
  }

  /**
   * Records an epoch.
   *
   * @param stats The epoch's figures.
   * @returns True when training should stop.
   */
  update(stats: EpochStats): boolean {
    const value = stats[this.#monitor]!;
    if (value < this.#best - (this.#options.minDelta ?? 0)) {
      this.#best = value;
      this.#wait = 0;
      this.#network.params.forEach((p, i) => this.#snapshot[i]!.set(p.value));
      return false;
    }
    return ++this.#wait >= this.#options.patience;
  }

  /** Restores the best weights if asked. */
  finish(): void {
    if (this.#keep) {
      this.#network.params.forEach((p, i) => p.value.set(this.#snapshot[i]!));
    }
  }

  /**
   * The position, for checkpoints.
   *
   * @returns Best value, wait and the best weights (if they are restored).
   */
  getState(): EarlyStoppingState {
    return {
      best: Number.isFinite(this.#best) ? this.#best : null,
      wait: this.#wait,
      snapshot: this.#keep ? this.#snapshot.map((s) => Array.from(s)) : null,
    };
  }

  /**
   * Restores a position from {@linkcode Stopper.getState}.
   *
   * @param state The saved position.
   * @throws {TypeError} If it is malformed or does not fit the network.
   */
  setState(state: unknown): void {
    const bad = (what: string): never => {
      throw new TypeError(
        `Cannot resume training: the checkpoint's early stopping ${what}`,
      );
    };
    const s = state as Partial<Record<keyof EarlyStoppingState, unknown>>;
    if (typeof s !== "object" || s === null) return bad("is missing");
    if (s.best !== null && !Number.isFinite(s.best)) {
      bad(`field 'best' is '${String(s.best)}'`);
    }
    if (!Number.isInteger(s.wait) || (s.wait as number) < 0) {
      bad(`field 'wait' is '${String(s.wait)}'`);
    }
    const params = this.#network.params;
    let snapshot = this.#snapshot;
    if (this.#keep) {
      const a = s.snapshot;
      if (
        !Array.isArray(a) || a.length !== params.length ||
        !a.every((v, i) =>
          Array.isArray(v) && v.length === params[i]!.value.length &&
          v.every(Number.isFinite)
        )
      ) {
        bad("field 'snapshot' does not fit the network's parameters");
      }
      snapshot = (a as number[][]).map((v) => Float64Array.from(v));
    }
    this.#best = (s.best as number | null) ?? Infinity;
    this.#wait = s.wait as number;
    this.#snapshot = snapshot;
  }

  get #keep(): boolean {
    return this.#options.restoreBest ?? true;
  }
}

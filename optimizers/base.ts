/**
 * What the built-in optimizers share: a checked, schedulable learning rate,
 * λ, a step count, per-Param state slots, and the state's export and
 * checked import.
 *
 * @module
 */
import type { Param } from "../layers/types.ts";
import type { Optimizer, OptimizerState, StepContext } from "./types.ts";
import { checkOptions, checkRate, type OptimizerOptions } from "./options.ts";
import { ParamState } from "./state.ts";

/**
 * A base for optimizers whose state is per-Param arrays plus a step count.
 * A subclass names its slots, reads them with `slot`, and calls
 * `countStep` once per step; `getState` and `setState` then come free.
 *
 * @example A user-defined optimizer with a velocity slot gets its state saved
 * ```ts
 * import { OptimizerBase } from "./base.ts";
 * import type { Param } from "../layers/types.ts";
 * import assert from "node:assert/strict";
 *
 * class HeavyBall extends OptimizerBase {
 *   readonly name: string = "heavyBall";
 *   constructor() {
 *     super("HeavyBall", { learningRate: 0.1 }, ["velocity"]);
 *   }
 *   step(params: readonly Param[]): void {
 *     this.countStep();
 *     for (const p of params) {
 *       const v = this.slot("velocity", p);
 *       for (let i = 0; i < v.length; i++) p.value[i]! += (v[i] = 0.5 * v[i]! - this.learningRate * p.grad[i]!);
 *     }
 *   }
 * }
 * const p = { name: "b", shape: [1], value: Float64Array.of(0), grad: Float64Array.of(1) };
 * const opt = new HeavyBall();
 * opt.step([p]);
 * assert.deepEqual(opt.getState([p]).slots.velocity, [[-0.1]]);
 * assert.equal(opt.getState([p]).steps, 1);
 * ```
 */
export abstract class OptimizerBase implements Optimizer {
  /** Registry name. */
  abstract readonly name: string;
  /** λ of the L2 penalty. */
  readonly l2: number;
  readonly #label: string;
  readonly #slots: ReadonlyMap<string, ParamState>;
  #learningRate: number;
  #steps = 0;

  /**
   * Checks and stores η and λ, and creates the named slots.
   *
   * @param label The optimizer's name in messages (`"Adam"`).
   * @param options η and λ.
   * @param slots The names of the per-Param state arrays.
   * @throws {RangeError} If η is not positive or λ is negative.
   */
  constructor(
    label: string,
    options: OptimizerOptions,
    slots: readonly string[],
  ) {
    this.l2 = checkOptions(label, options);
    this.#label = label;
    this.#learningRate = options.learningRate;
    this.#slots = new Map(slots.map((s) => [s, new ParamState()]));
  }

  /**
   * η, the step size. A learning-rate schedule sets it between steps.
   *
   * @throws {RangeError} On setting a value that is not a positive number.
   */
  get learningRate(): number {
    return this.#learningRate;
  }

  set learningRate(value: number) {
    this.#learningRate = checkRate(this.#label, value);
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.#steps;
  }

  /**
   * One update of every Param.
   *
   * @param params The Params.
   * @param context The training-set size n for the L2 term, and the step's
   * place in the run.
   */
  abstract step(params: readonly Param[], context?: StepContext): void;

  /**
   * The state, as plain JSON-safe data.
   *
   * @param params The network's Params, in order.
   * @returns Name, η, step count, hyperparameters and slots.
   */
  getState(params: readonly Param[]): OptimizerState {
    const slots: Record<string, number[][]> = {};
    for (const [name, s] of this.#slots) slots[name] = s.export(params);
    return {
      name: this.name,
      learningRate: this.#learningRate,
      steps: this.#steps,
      hyperparameters: { l2: this.l2, ...this.hyperparameters() },
      slots,
    };
  }

  /**
   * Restores a state from {@linkcode OptimizerBase.getState}, checking
   * every field first: nothing changes if any check fails.
   *
   * @param params The network's Params, in the same order as when saved.
   * @param state The saved state.
   * @throws {TypeError} If the state is malformed, from another optimizer,
   * or its arrays do not fit the Params.
   * @throws {RangeError} If a hyperparameter differs from this optimizer's.
   */
  setState(params: readonly Param[], state: unknown): void {
    const where = `${this.#label} state`;
    if (typeof state !== "object" || state === null) {
      throw new TypeError(`Cannot restore ${where}: it is not an object`);
    }
    const s = state as Record<string, unknown>;
    if (s.name !== this.name) {
      throw new TypeError(
        `Cannot restore ${where}: it was saved by optimizer '${
          String(s.name)
        }', not '${this.name}'`,
      );
    }
    const steps = s.steps;
    if (typeof steps !== "number" || !Number.isInteger(steps) || steps < 0) {
      throw new TypeError(
        `Cannot restore ${where}: field 'steps' must be a non-negative integer, got '${
          String(steps)
        }'`,
      );
    }
    const eta = s.learningRate;
    if (typeof eta !== "number" || !(eta > 0) || !Number.isFinite(eta)) {
      throw new TypeError(
        `Cannot restore ${where}: field 'learningRate' must be a positive number, got '${
          String(eta)
        }'`,
      );
    }
    const mine = { l2: this.l2, ...this.hyperparameters() };
    const theirs = s.hyperparameters as Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(mine)) {
      if (theirs?.[key] !== value) {
        throw new RangeError(
          `Cannot restore ${where}: it was saved with ${key} '${
            String(theirs?.[key])
          }' but this optimizer has '${value}'; build the optimizer with the same options`,
        );
      }
    }
    const slots = s.slots as Record<string, unknown> | undefined;
    if (typeof slots !== "object" || slots === null) {
      throw new TypeError(`Cannot restore ${where}: field 'slots' is missing`);
    }
    // check every slot on scratch copies before changing anything
    for (const name of this.#slots.keys()) {
      new ParamState().import(params, slots[name], `${where} slot '${name}'`);
    }
    for (const [name, slot] of this.#slots) {
      slot.import(params, slots[name], `${where} slot '${name}'`);
    }
    this.#learningRate = eta;
    this.#steps = steps;
  }

  /**
   * The per-Param array of a slot.
   *
   * @param name The slot, one of the names given to the constructor.
   * @param p The Param.
   * @returns Its array, zero at first.
   */
  protected slot(name: string, p: Param): Float64Array {
    return this.#slots.get(name)!.of(p);
  }

  /**
   * Counts a step.
   *
   * @returns The step count t, including this step.
   */
  protected countStep(): number {
    return ++this.#steps;
  }

  /**
   * The hyperparameters besides η and λ, which a restored state must match.
   *
   * @returns Names and values.
   */
  protected hyperparameters(): Record<string, number | boolean> {
    return {};
  }
}

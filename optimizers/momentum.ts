/**
 * Momentum SGD, optionally Nesterov's.
 *
 * @module
 */
import type { Param } from "../layers/types.ts";
import type { StepContext } from "./types.ts";
import { checkUnit, type OptimizerOptions } from "./options.ts";
import { OptimizerBase } from "./base.ts";

/** Options of {@linkcode Momentum}. */
export interface MomentumOptions extends OptimizerOptions {
  /**
   * μ, the velocity's decay.
   *
   * @default {0.9}
   */
  momentum?: number;
  /**
   * Use Nesterov's look-ahead form.
   *
   * @default {false}
   */
  nesterov?: boolean;
}

/**
 * `v ← μv − η g`, then `w ← w + v` (or `w ← w + μv − η g` for Nesterov),
 * with `g = ∂C/∂w + (λ/n) w`.
 *
 * @example
 * ```ts
 * import { Momentum } from "./momentum.ts";
 * import assert from "node:assert/strict";
 *
 * const p = { name: "b", shape: [1], value: Float64Array.of(0), grad: Float64Array.of(1) };
 * const opt = new Momentum({ learningRate: 1, momentum: 0.5 });
 * opt.step([p]);
 * opt.step([p]);
 * assert.equal(p.value[0], -2.5);
 * ```
 */
export class Momentum extends OptimizerBase {
  /** `"momentum"`. */
  readonly name: string = "momentum";
  /** μ. */
  readonly momentum: number;
  /** Nesterov's form. */
  readonly nesterov: boolean;

  /**
   * Creates the optimizer.
   *
   * @param options η, λ, μ and the form.
   * @throws {RangeError} If an option is out of range.
   */
  constructor(options: MomentumOptions) {
    super("Momentum", options, ["velocity"]);
    this.momentum = checkUnit("Momentum", "momentum", options.momentum ?? 0.9);
    this.nesterov = options.nesterov ?? false;
  }

  /**
   * One update of every Param.
   *
   * @param params The Params.
   * @param context The training-set size n for the L2 term.
   */
  step(params: readonly Param[], context?: StepContext): void {
    this.countStep();
    const eta = this.learningRate, mu = this.momentum;
    const decay = this.l2 / (context?.trainingSize ?? 1);
    for (const p of params) {
      const w = p.value, grad = p.grad, v = this.slot("velocity", p);
      const d = p.regularize ? decay : 0;
      for (let i = 0; i < w.length; i++) {
        const g = grad[i]! + d * w[i]!;
        const vi = mu * v[i]! - eta * g;
        v[i] = vi;
        w[i]! += this.nesterov ? mu * vi - eta * g : vi;
      }
    }
  }

  /**
   * μ and the form, which a restored state must match.
   *
   * @returns The hyperparameters.
   */
  protected override hyperparameters(): Record<string, number | boolean> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

/**
 * RMSProp.
 *
 * @module
 */
import type { Param } from "../layers/types.ts";
import type { StepContext } from "./types.ts";
import { checkUnit, type OptimizerOptions } from "./options.ts";
import { OptimizerBase } from "./base.ts";

/** Options of {@linkcode RMSProp}. */
export interface RMSPropOptions extends OptimizerOptions {
  /**
   * ρ, the decay of the squared-gradient average.
   *
   * @default {0.9}
   */
  rho?: number;
  /**
   * ε added to the root for stability.
   *
   * @default {1e-8}
   */
  epsilon?: number;
}

/**
 * `s ← ρs + (1 − ρ)g²`, `w ← w − η g / (√s + ε)`, with `g = ∂C/∂w + (λ/n) w`.
 *
 * @example
 * ```ts
 * import { RMSProp } from "./rmsprop.ts";
 * import assert from "node:assert/strict";
 *
 * const p = { name: "b", shape: [1], value: Float64Array.of(0), grad: Float64Array.of(4) };
 * new RMSProp({ learningRate: 0.1, rho: 0.75, epsilon: 0 }).step([p]);
 * assert.ok(Math.abs(p.value[0]! + 0.2) < 1e-15);
 * ```
 */
export class RMSProp extends OptimizerBase {
  /** `"rmsprop"`. */
  readonly name: string = "rmsprop";
  /** ρ. */
  readonly rho: number;
  /** ε. */
  readonly epsilon: number;

  /**
   * Creates the optimizer.
   *
   * @param options η, λ, ρ and ε.
   * @throws {RangeError} If an option is out of range.
   */
  constructor(options: RMSPropOptions) {
    super("RMSProp", options, ["square"]);
    this.rho = checkUnit("RMSProp", "rho", options.rho ?? 0.9);
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /**
   * One update of every Param.
   *
   * @param params The Params.
   * @param context The training-set size n for the L2 term.
   */
  step(params: readonly Param[], context?: StepContext): void {
    this.countStep();
    const eta = this.learningRate, rho = this.rho, eps = this.epsilon;
    const decay = this.l2 / (context?.trainingSize ?? 1);
    for (const p of params) {
      const w = p.value, grad = p.grad, s = this.slot("square", p);
      const d = p.regularize ? decay : 0;
      for (let i = 0; i < w.length; i++) {
        const g = grad[i]! + d * w[i]!;
        const si = rho * s[i]! + (1 - rho) * g * g;
        s[i] = si;
        w[i]! -= (eta * g) / (Math.sqrt(si) + eps);
      }
    }
  }

  /**
   * ρ and ε, which a restored state must match.
   *
   * @returns The hyperparameters.
   */
  protected override hyperparameters(): Record<string, number | boolean> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}

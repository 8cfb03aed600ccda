/**
 * Adam (Kingma and Ba), with bias correction.
 *
 * @module
 */
import type { Param } from "../layers/types.ts";
import type { StepContext } from "./types.ts";
import { checkUnit, type OptimizerOptions } from "./options.ts";
import { OptimizerBase } from "./base.ts";

/** Options of {@linkcode Adam}. */
export interface AdamOptions extends OptimizerOptions {
  /**
   * β1, the decay of the gradient average.
   *
   * @default {0.9}
   */
  beta1?: number;
  /**
   * β2, the decay of the squared-gradient average.
   *
   * @default {0.999}
   */
  beta2?: number;
  /**
   * ε added to the root for stability.
   *
   * @default {1e-8}
   */
  epsilon?: number;
}

/**
 * `m ← β1 m + (1 − β1) g`, `v ← β2 v + (1 − β2) g²`,
 * `w ← w − η m̂ / (√v̂ + ε)` with bias-corrected m̂, v̂ and
 * `g = ∂C/∂w + (λ/n) w`.
 *
 * @example The first step moves every weight by about η
 * ```ts
 * import { Adam } from "./adam.ts";
 * import assert from "node:assert/strict";
 *
 * const p = { name: "b", shape: [1], value: Float64Array.of(0), grad: Float64Array.of(123) };
 * new Adam({ learningRate: 0.01 }).step([p]);
 * assert.ok(Math.abs(p.value[0]! + 0.01) < 1e-9);
 * ```
 */
export class Adam extends OptimizerBase {
  /** `"adam"`. */
  readonly name: string = "adam";
  /** β1. */
  readonly beta1: number;
  /** β2. */
  readonly beta2: number;
  /** ε. */
  readonly epsilon: number;

  /**
   * Creates the optimizer.
   *
   * @param options η, λ, β1, β2 and ε.
   * @throws {RangeError} If an option is out of range.
   */
  constructor(options: AdamOptions) {
    super("Adam", options, ["m", "v"]);
    this.beta1 = checkUnit("Adam", "beta1", options.beta1 ?? 0.9);
    this.beta2 = checkUnit("Adam", "beta2", options.beta2 ?? 0.999);
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /**
   * One update of every Param.
   *
   * @param params The Params.
   * @param context The training-set size n for the L2 term.
   */
  step(params: readonly Param[], context?: StepContext): void {
    const t = this.countStep();
    const b1 = this.beta1, b2 = this.beta2, eps = this.epsilon;
    const c1 = 1 - b1 ** t, c2 = 1 - b2 ** t;
    const eta = this.learningRate;
    const decay = this.l2 / (context?.trainingSize ?? 1);
    for (const p of params) {
      const w = p.value,
        grad = p.grad,
        m = this.slot("m", p),
        v = this.slot("v", p);
      const d = p.regularize ? decay : 0;
      for (let i = 0; i < w.length; i++) {
        const g = grad[i]! + d * w[i]!;
        const mi = b1 * m[i]! + (1 - b1) * g;
        const vi = b2 * v[i]! + (1 - b2) * g * g;
        m[i] = mi;
        v[i] = vi;
        w[i]! -= (eta * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
      }
    }
  }

  /**
   * β1, β2 and ε, which a restored state must match.
   *
   * @returns The hyperparameters.
   */
  protected override hyperparameters(): Record<string, number | boolean> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

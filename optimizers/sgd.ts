/**
 * Plain stochastic gradient descent, with network2's L2 weight decay.
 *
 * @module
 */
import type { Param } from "../layers/types.ts";
import type { StepContext } from "./types.ts";
import type { OptimizerOptions } from "./options.ts";
import { OptimizerBase } from "./base.ts";
import { sgdInWasm } from "../tensor/kernels/wasm_kernels.ts";

/**
 * `w ← (1 − ηλ/n) w − η ∂C/∂w`, `b ← b − η ∂C/∂b`: network2's update.
 *
 * @example
 * ```ts
 * import { SGD } from "./sgd.ts";
 * import assert from "node:assert/strict";
 *
 * const p = { name: "b", shape: [1], value: Float64Array.of(1), grad: Float64Array.of(0.5) };
 * new SGD({ learningRate: 0.1 }).step([p]);
 * assert.equal(p.value[0], 0.95);
 * ```
 */
export class SGD extends OptimizerBase {
  /** `"sgd"`. */
  readonly name: string = "sgd";

  /**
   * Creates the optimizer.
   *
   * @param options η and λ.
   * @throws {RangeError} If η is not positive or λ is negative.
   */
  constructor(options: OptimizerOptions) {
    super("SGD", options, []);
  }

  /**
   * One update of every Param.
   *
   * @param params The Params.
   * @param context The training-set size n for the L2 term.
   */
  step(params: readonly Param[], context?: StepContext): void {
    this.countStep();
    const eta = this.learningRate;
    const shrink = 1 - (eta * this.l2) / (context?.trainingSize ?? 1);
    for (const p of params) {
      const w = p.value, g = p.grad;
      const decay = !!p.regularize && shrink !== 1;
      // a wide Dense layer's W and ∂C/∂W live in WebAssembly memory: there
      // the same operations run two at a time (f64x2), giving the same bits
      if (w.length >= 64 && sgdInWasm(w, g, eta, shrink, decay)) continue;
      if (decay) {
        for (let i = 0; i < w.length; i++) w[i] = shrink * w[i]! - eta * g[i]!;
      } else {
        for (let i = 0; i < w.length; i++) w[i]! -= eta * g[i]!;
      }
    }
  }
}

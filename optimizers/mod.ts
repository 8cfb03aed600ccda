/**
 * Optimizers: SGD (network2's L2 weight decay), Momentum and Nesterov,
 * RMSProp and Adam, and a registry by name.
 *
 * ```ts
 * import { getOptimizer, SGD } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(getOptimizer("sgd", { learningRate: 3 }) instanceof SGD);
 * ```
 *
 * @module
 */
export type { Optimizer, OptimizerState, StepContext } from "./types.ts";
export { OptimizerBase } from "./base.ts";
export type { OptimizerOptions } from "./options.ts";
export { SGD } from "./sgd.ts";
export { Momentum, type MomentumOptions } from "./momentum.ts";
export { RMSProp, type RMSPropOptions } from "./rmsprop.ts";
export { Adam, type AdamOptions } from "./adam.ts";
export { l2Gradient, l2Penalty } from "./l2.ts";
export { getOptimizer, type OptimizerFactory, optimizers } from "./registry.ts";

/**
 * Costs: C_x and ∇_a C_x of one sample, and a registry by name.
 *
 * ```ts
 * import { costs, quadratic } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(costs.quadratic, quadratic);
 * ```
 *
 * @module
 */
export type { Cost } from "./types.ts";
export { quadratic } from "./quadratic.ts";
export { crossEntropy } from "./cross_entropy.ts";
export { logLikelihood } from "./log_likelihood.ts";
export { costs, getCost } from "./registry.ts";

/**
 * Activations: σ and σ′ for the network's neurons, and a registry by name.
 *
 * ```ts
 * import { activations, sigmoid } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(activations.sigmoid, sigmoid);
 * ```
 *
 * @module
 */
export type { Activation } from "./types.ts";
export { activate, activateBackward } from "./activate.ts";
export { sigmoid } from "./sigmoid.ts";
export { tanh } from "./tanh.ts";
export { relu } from "./relu.ts";
export { leakyRelu } from "./leaky_relu.ts";
export { elu } from "./elu.ts";
export { softplus } from "./softplus.ts";
export { identity } from "./identity.ts";
export { softmax } from "./softmax.ts";
export { activations, getActivation } from "./registry.ts";

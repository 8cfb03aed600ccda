/**
 * The activation registry: look up an activation by name.
 *
 * @module
 */
import type { Activation } from "./types.ts";
import { sigmoid } from "./sigmoid.ts";
import { tanh } from "./tanh.ts";
import { relu } from "./relu.ts";
import { leakyRelu } from "./leaky_relu.ts";
import { elu } from "./elu.ts";
import { softplus } from "./softplus.ts";
import { identity } from "./identity.ts";
import { softmax } from "./softmax.ts";
import { lookup } from "../internal/quote.ts";

/**
 * Every built-in activation by name (leakyRelu with α = 0.01, elu with
 * α = 1).
 *
 * @example
 * ```ts
 * import { activations } from "./registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(activations.sigmoid!.fn(0), 0.5);
 * ```
 */
export const activations: Readonly<Record<string, Activation>> = Object.freeze({
  sigmoid,
  tanh,
  relu,
  leakyRelu: leakyRelu(),
  elu: elu(),
  softplus,
  identity,
  softmax,
});

/**
 * Finds an activation by name, rebuilding one with parameters (alpha).
 *
 * @param name A registry name such as `"relu"`.
 * @param params Parameters, for example `{ alpha: 0.2 }` for leakyRelu.
 * @returns The activation.
 * @throws {RangeError} If the name is unknown; the message lists valid names.
 *
 * @example
 * ```ts
 * import { getActivation } from "./registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getActivation("leakyRelu", { alpha: 0.5 }).fn(-2), -1);
 * assert.throws(() => getActivation("sigmod"), /Unknown activation 'sigmod'/);
 * ```
 */
export function getActivation(
  name: string,
  params?: Readonly<Record<string, number>>,
): Activation {
  if (name === "leakyRelu" && params?.alpha !== undefined) {
    return leakyRelu(params.alpha);
  }
  if (name === "elu" && params?.alpha !== undefined) return elu(params.alpha);
  return lookup(activations, name, "activation");
}

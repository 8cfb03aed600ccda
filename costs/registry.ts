/**
 * The cost registry: look up a cost by name.
 *
 * @module
 */
import type { Cost } from "./types.ts";
import { quadratic } from "./quadratic.ts";
import { crossEntropy } from "./cross_entropy.ts";
import { logLikelihood } from "./log_likelihood.ts";
import { lookup } from "../internal/quote.ts";

/**
 * Every built-in cost by name.
 *
 * @example
 * ```ts
 * import { costs } from "./registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(Object.keys(costs), ["quadratic", "crossEntropy", "logLikelihood"]);
 * ```
 */
export const costs: Readonly<Record<string, Cost>> = Object.freeze({
  quadratic,
  crossEntropy,
  logLikelihood,
});

/**
 * Finds a cost by name.
 *
 * @param name A registry name such as `"quadratic"`.
 * @returns The cost.
 * @throws {RangeError} If the name is unknown; the message lists valid names.
 *
 * @example
 * ```ts
 * import { getCost } from "./registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getCost("quadratic").name, "quadratic");
 * assert.throws(() => getCost("mse"), /Unknown cost 'mse'/);
 * ```
 */
export function getCost(name: string): Cost {
  return lookup(costs, name, "cost");
}

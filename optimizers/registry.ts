/**
 * The optimizer registry: build an optimizer by name.
 *
 * @module
 */
import type { Optimizer } from "./types.ts";
import type { OptimizerOptions } from "./options.ts";
import { SGD } from "./sgd.ts";
import { Momentum } from "./momentum.ts";
import { RMSProp } from "./rmsprop.ts";
import { Adam } from "./adam.ts";
import { lookup } from "../internal/quote.ts";

/** Builds an optimizer from its options. */
export type OptimizerFactory = (options: OptimizerOptions) => Optimizer;

/**
 * Every built-in optimizer by name, as a factory.
 *
 * @example
 * ```ts
 * import { optimizers } from "./registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(optimizers.adam!({ learningRate: 0.001 }).name, "adam");
 * ```
 */
export const optimizers: Readonly<Record<string, OptimizerFactory>> = Object
  .freeze({
    sgd: (o: OptimizerOptions): Optimizer => new SGD(o),
    momentum: (o: OptimizerOptions): Optimizer => new Momentum(o),
    nesterov: (o: OptimizerOptions): Optimizer =>
      new Momentum({ ...o, nesterov: true }),
    rmsprop: (o: OptimizerOptions): Optimizer => new RMSProp(o),
    adam: (o: OptimizerOptions): Optimizer => new Adam(o),
  });

/**
 * Builds an optimizer by name.
 *
 * @param name A registry name such as `"sgd"`.
 * @param options η and λ.
 * @returns The optimizer.
 * @throws {RangeError} If the name is unknown (the message lists valid
 * names) or an option is out of range.
 *
 * @example
 * ```ts
 * import { getOptimizer } from "./registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getOptimizer("sgd", { learningRate: 3 }).name, "sgd");
 * assert.throws(() => getOptimizer("adagrad", { learningRate: 1 }), /use one of 'sgd'/);
 * ```
 */
export function getOptimizer(
  name: string,
  options: OptimizerOptions,
): Optimizer {
  return lookup(optimizers, name, "optimizer")(options);
}

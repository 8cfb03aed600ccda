/**
 * Every combination of registered activations × costs × layer stacks ×
 * batch sizes that `deno task gradcheck` checks, and the ones it skips.
 *
 * @module
 */
import { activations, getActivation } from "../../activations/mod.ts";
import { costs, getCost } from "../../costs/mod.ts";
import { Dense, Dropout, type Layer } from "../../layers/mod.ts";
import { Network } from "../../network/mod.ts";
import { Random } from "../../tensor/mod.ts";

/** A layer stack: hidden widths and an optional dropout after each. */
export interface Stack {
  /** Short name for the table. */
  readonly name: string;
  /** Hidden layer widths (depth = hidden.length + 1). */
  readonly hidden: readonly number[];
  /** Dropout rate after each hidden layer, in training mode (0 for none). */
  readonly dropout: number;
}

/**
 * The stacks: depths 1 to 3, and depth 2 with dropout. Inputs have 4
 * features, outputs 3.
 *
 * @example
 * ```ts
 * import { STACKS } from "./combos.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(STACKS.map((s) => s.hidden.length + 1), [1, 2, 3, 2]);
 * ```
 */
export const STACKS: readonly Stack[] = Object.freeze([
  { name: "depth 1", hidden: [], dropout: 0 },
  { name: "depth 2", hidden: [5], dropout: 0 },
  { name: "depth 3", hidden: [5, 4], dropout: 0 },
  { name: "depth 2 + dropout", hidden: [6], dropout: 0.3 },
]);

/**
 * The batch sizes every stack is checked with.
 *
 * @example
 * ```ts
 * import { BATCH_SIZES } from "./combos.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(BATCH_SIZES.includes(1) && BATCH_SIZES.some((m) => m > 1));
 * ```
 */
export const BATCH_SIZES: readonly number[] = Object.freeze([1, 4]);

/** One combination to check. */
export interface Combination {
  /** `activation/cost, stack, m=batch`. */
  readonly name: string;
  /** σ of every layer. */
  readonly activation: string;
  /** The cost. */
  readonly cost: string;
  /** The layer stack. */
  readonly stack: Stack;
  /** Rows in the batch. */
  readonly batch: number;
}

/** An activation–cost pair that makes no mathematical sense. */
export interface Skipped {
  /** σ of the output layer. */
  readonly activation: string;
  /** The cost. */
  readonly cost: string;
  /** Why it is skipped. */
  readonly reason: string;
}

const UNIT_INTERVAL = new Set(["sigmoid", "softmax"]);

/**
 * Why an output σ and a cost do not go together, or null if they do.
 *
 * @param activation σ of the output layer.
 * @param cost The cost's name.
 * @returns The reason, or null.
 *
 * @example
 * ```ts
 * import { skipReason } from "./combos.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(skipReason("sigmoid", "crossEntropy"), null);
 * assert.match(skipReason("relu", "crossEntropy")!, /leave \(0, 1\)/);
 * ```
 */
export function skipReason(activation: string, cost: string): string | null {
  if (cost === "crossEntropy" && !UNIT_INTERVAL.has(activation)) {
    return `cross-entropy takes ln a and ln(1 − a), but ${activation} outputs can leave (0, 1)`;
  }
  if (cost === "logLikelihood" && activation !== "softmax") {
    return `log-likelihood reads a_y as a probability, but ${activation} outputs do not sum to 1`;
  }
  if (activation === "softmax" && cost === "quadratic") {
    return "softmax outputs a probability distribution: it goes with a probability cost (logLikelihood, crossEntropy)";
  }
  return null;
}

/**
 * Every combination of the registries, split into those to check and the
 * activation–cost pairs skipped with their reason.
 *
 * @returns The combinations and the skipped pairs.
 *
 * @example
 * ```ts
 * import { combinations } from "./combos.ts";
 * import assert from "node:assert/strict";
 *
 * const { run, skipped } = combinations();
 * assert.ok(run.some((c) => c.activation === "relu" && c.stack.dropout > 0));
 * assert.ok(skipped.some((s) => s.activation === "identity" && s.cost === "crossEntropy"));
 * ```
 */
export function combinations(): { run: Combination[]; skipped: Skipped[] } {
  const run: Combination[] = [], skipped: Skipped[] = [];
  for (const cost of Object.keys(costs)) {
    for (const activation of Object.keys(activations)) {
      const reason = skipReason(activation, cost);
      if (reason !== null) {
        skipped.push({ activation, cost, reason });
        continue;
      }
      for (const stack of STACKS) {
        for (const batch of BATCH_SIZES) {
          run.push({
            name: `${activation}/${cost}, ${stack.name}, m=${batch}`,
            activation,
            cost,
            stack,
            batch,
          });
        }
      }
    }
  }
  return { run, skipped };
}

/**
 * Builds the network and a batch for a combination: inputs N(0, 1), targets
 * one-hot for the probability costs and uniform in (0, 1) for quadratic.
 *
 * @param c The combination.
 * @param seed Seed of the weights, masks and data.
 * @returns The network and the batch.
 *
 * @example
 * ```ts
 * import { buildCombination, combinations } from "./combos.ts";
 * import assert from "node:assert/strict";
 *
 * const { network, x } = buildCombination(combinations().run[0]!, 1);
 * assert.equal(x.length, combinations().run[0]!.batch);
 * assert.equal(network.inputSize, 4);
 * ```
 */
export function buildCombination(
  c: Combination,
  seed: number,
): { network: Network; x: number[][]; y: number[][] } {
  const sizes = [4, ...c.stack.hidden, 3];
  const act = getActivation(c.activation), layers: Layer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    layers.push(new Dense(sizes[l]!, sizes[l + 1]!, act, { seed: seed + l }));
    if (l + 2 < sizes.length && c.stack.dropout > 0) {
      layers.push(
        new Dropout(sizes[l + 1]!, c.stack.dropout, { seed: seed + 100 + l }),
      );
    }
  }
  const network = new Network(layers, getCost(c.cost));
  const r = new Random(seed + 1000);
  const x = Array.from(
    { length: c.batch },
    () => Array.from({ length: 4 }, () => r.normal()),
  );
  const y = Array.from({ length: c.batch }, () => {
    if (c.cost === "quadratic") return [r.uniform(), r.uniform(), r.uniform()];
    const k = r.int(3);
    return [0, 1, 2].map((j) => (j === k ? 1 : 0));
  });
  return { network, x, y };
}

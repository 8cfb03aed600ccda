/**
 * The largest network `train` builds, and the memory a network would take,
 * checked before anything is allocated.
 *
 * @module
 */
import { UsageError } from "./errors.ts";

/** The most weights and biases `train` allocates: 50 million (400 MB a copy). */
export const MAX_PARAMETERS = 50_000_000;

/**
 * Weights and biases of a dense network with these layer sizes.
 *
 * @param sizes Input, hidden and output sizes.
 * @returns `Σ (n_l × n_(l+1) + n_(l+1))`.
 *
 * @example The chapter's MNIST network
 * ```ts
 * import { parameterCount } from "./network_size.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parameterCount([784, 30, 10]), 784 * 30 + 30 + 30 * 10 + 10);
 * ```
 */
export function parameterCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) {
    n += sizes[l - 1]! * sizes[l]! + sizes[l]!;
  }
  return n;
}

/**
 * Bytes training would allocate, roughly: weights, gradients and the
 * optimizer's state (`copies` in all), plus a batch's activations and
 * deltas.
 *
 * @param sizes Layer sizes.
 * @param copies Copies of the parameters (2 + the optimizer's slots).
 * @param batchRows Rows in a batch.
 * @returns Bytes.
 */
export function trainingBytes(
  sizes: readonly number[],
  copies: number,
  batchRows: number,
): number {
  const units = sizes.reduce((s, n) => s + n, 0);
  return 8 * (copies * parameterCount(sizes) + 4 * batchRows * units);
}

/**
 * Refuses a network over {@linkcode MAX_PARAMETERS}, saying what it would
 * allocate.
 *
 * @param sizes Layer sizes (a lower bound of 1 where the data decides).
 * @param copies Copies of the parameters training keeps.
 * @param batchRows Rows in a batch.
 * @param exact False when input and output sizes are not known yet (1 each
 * is then a lower bound).
 * @throws {UsageError} If the network is too large: the message names
 * `--hidden`, the parameter count, the memory and the limit.
 *
 * @example
 * ```ts
 * import { checkNetworkSize } from "./network_size.ts";
 * import assert from "node:assert/strict";
 *
 * checkNetworkSize([4, 30, 3], 2, 16); // small: passes
 * assert.throws(() => checkNetworkSize([1, 1e8, 1], 2, 1, false), /at least 300,000,001 weights/);
 * ```
 */
export function checkNetworkSize(
  sizes: readonly number[],
  copies: number,
  batchRows: number,
  exact = true,
): void {
  const params = parameterCount(sizes);
  if (params <= MAX_PARAMETERS) return;
  const gb = (bytes: number) => `${(bytes / 1e9).toPrecision(3)} GB`;
  const what = exact
    ? `a ${sizes.join("-")} network has`
    : `hidden layers ${sizes.slice(1, -1).join(",")} need at least`;
  throw new UsageError(
    `Flag '--hidden': ${what} ${
      params.toLocaleString("en-US")
    } weights and biases, so training would allocate ${
      exact ? "about" : "at least"
    } ${gb(trainingBytes(sizes, copies, batchRows))}; the limit is ${
      MAX_PARAMETERS.toLocaleString("en-US")
    } (${gb(8 * MAX_PARAMETERS)} a copy): use smaller layers`,
  );
}

/** Copies of the parameters each optimizer keeps besides weights and gradients. */
const SLOTS: Readonly<Record<string, number>> = {
  sgd: 0,
  momentum: 1,
  nesterov: 1,
  rmsprop: 1,
  adam: 2,
};

/**
 * Copies of the parameters an optimizer keeps besides weights and
 * gradients (2 for one it does not know).
 *
 * @param name The optimizer's registry name.
 * @returns 0 for SGD, 1 for momentum, Nesterov and RMSProp, 2 for Adam.
 *
 * @example
 * ```ts
 * import { optimizerSlots } from "./network_size.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(["sgd", "momentum", "adam"].map(optimizerSlots), [0, 1, 2]);
 * ```
 */
export function optimizerSlots(name: string): number {
  return SLOTS[name] ?? 2;
}

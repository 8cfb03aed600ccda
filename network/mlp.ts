/**
 * `mlp`: the chapter's `Network([784, 30, 10])` in one call.
 *
 * @module
 */
import type { Activation } from "../activations/types.ts";
import type { Cost } from "../costs/types.ts";
import type { Layer } from "../layers/types.ts";
import { Dense } from "../layers/dense.ts";
import { Dropout } from "../layers/dropout.ts";
import { getActivation } from "../activations/registry.ts";
import { getCost } from "../costs/registry.ts";
import type { Init } from "../tensor/init.ts";
import type { DType } from "../tensor/kernels/dense_kernels.ts";
import { Network } from "./network.ts";

/** Options of {@linkcode mlp}. */
export interface MlpOptions {
  /**
   * σ of the hidden layers.
   *
   * @default {"sigmoid"}
   */
  activation?: Activation | string;
  /**
   * σ of the output layer.
   *
   * @default {"softmax" for the logLikelihood cost, else the hidden σ}
   */
  output?: Activation | string;
  /**
   * The cost.
   *
   * @default {"quadratic"}
   */
  cost?: Cost | string;
  /**
   * Weight initialisation.
   *
   * @default {"default"}
   */
  init?: Init;
  /**
   * Dropout rate after every hidden layer (0 for none).
   *
   * @default {0}
   */
  dropout?: number;
  /**
   * Seed; layer l uses seed + l.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Element type of every Dense layer's weights and products.
   *
   * @default {"float64"}
   */
  dtype?: DType;
  /**
   * Most threads each Dense layer's products may use; 1 keeps everything
   * on the calling thread. Same bits for any count.
   *
   * @default {the cores the runtime reports}
   */
  threads?: number;
}

/**
 * A fully connected network with the given layer sizes.
 *
 * @param sizes Neurons per layer, input first: `[784, 30, 10]`.
 * @param options Activations, cost, init, dropout, seed, dtype, threads.
 * @returns The network.
 * @throws {TypeError} If fewer than two sizes are given.
 * @throws {RangeError} On an unknown name or bad size.
 *
 * @example
 * ```ts
 * import { mlp } from "./mlp.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([784, 30, 10], { seed: 1 });
 * assert.equal(net.params.reduce((s, p) => s + p.value.length, 0), 23860);
 * ```
 */
export function mlp(
  sizes: readonly number[],
  options: MlpOptions = {},
): Network {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new TypeError(
      "Cannot create mlp: give at least two layer sizes, input and output",
    );
  }
  const resolve = (a: Activation | string): Activation =>
    typeof a === "string" ? getActivation(a) : a;
  const cost = typeof options.cost === "string"
    ? getCost(options.cost)
    : options.cost ?? getCost("quadratic");
  const hidden = resolve(options.activation ?? "sigmoid");
  const output = resolve(
    options.output ?? (cost.pairsWith === "softmax" ? "softmax" : hidden),
  );
  const seed = options.seed ?? 0, rate = options.dropout ?? 0;
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const last = l + 2 === sizes.length;
    layers.push(
      new Dense(sizes[l]!, sizes[l + 1]!, last ? output : hidden, {
        seed: seed + l,
        ...(options.init ? { init: options.init } : {}),
        ...(options.dtype ? { dtype: options.dtype } : {}),
        ...(options.threads ? { threads: options.threads } : {}),
      }),
    );
    if (!last && rate > 0) {
      layers.push(new Dropout(sizes[l + 1]!, rate, { seed: seed + 1000 + l }));
    }
  }
  return new Network(layers, cost);
}

/**
 * The saved-model format: types and the layer decoder.
 *
 * @module
 */
import type { Layer, LayerJSON } from "../layers/types.ts";
import { Dense } from "../layers/dense.ts";
import { Dropout } from "../layers/dropout.ts";
import { Conv2D } from "../layers/conv2d.ts";
import { MaxPool2D } from "../layers/max_pool2d.ts";
import { AvgPool2D } from "../layers/avg_pool2d.ts";
import {
  activations as builtIn,
  getActivation,
} from "../activations/registry.ts";
import { quoteList } from "../internal/quote.ts";
import type { Activation } from "../activations/types.ts";

/** The `format` field of a saved model. */
export const MODEL_FORMAT = "backprop-model";
/**
 * The newest format version this library writes and reads. Version 2 added
 * the `conv2d`, `maxpool2d` and `avgpool2d` layers; a model without them is
 * still written as version 1, so older readers load it.
 */
export const MODEL_VERSION = 2;

/** Layer types that need format version 2. */
const VERSION_2_TYPES: readonly string[] = ["conv2d", "maxpool2d", "avgpool2d"];

/**
 * The format version a model with these layers is written as: the oldest
 * that can hold them.
 *
 * @param layers The layers' JSON.
 * @returns 2 if a layer needs it, else 1.
 *
 * @example
 * ```ts
 * import { modelVersionFor } from "./model_json.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(modelVersionFor([{ type: "dense" }]), 1);
 * assert.equal(modelVersionFor([{ type: "conv2d" }, { type: "dense" }]), 2);
 * ```
 */
export function modelVersionFor(layers: readonly LayerJSON[]): number {
  return layers.some((l) => VERSION_2_TYPES.includes(l.type)) ? 2 : 1;
}

/** A saved model. */
export interface ModelJSON {
  /** Always `"backprop-model"`. */
  format: string;
  /** The format version. */
  version: number;
  /** The cost's registry name. */
  cost: string;
  /** The layers, input to output. */
  layers: LayerJSON[];
  /** JSON-safe facts stored with the model. */
  metadata?: Record<string, unknown>;
}

/** Rebuilds a user-defined layer from its JSON. */
export type LayerFactory = (json: LayerJSON) => Layer;

/**
 * Decodes one layer, validating every field.
 *
 * @param json The layer's JSON.
 * @param where Its path for messages, such as `layers[1]`.
 * @param custom Factories for user-defined layer types.
 * @param activations User-defined activations by name.
 * @param version The file's format version.
 * @returns The layer.
 * @throws {TypeError} On a missing or malformed field.
 */
export function layerFromJSON(
  json: unknown,
  where: string,
  custom: Readonly<Record<string, LayerFactory>>,
  activations: Readonly<Record<string, Activation>> = {},
  version: number = MODEL_VERSION,
): Layer {
  const bad = (what: string): never => {
    throw new TypeError(`Cannot load model: ${where} ${what}`);
  };
  if (typeof json !== "object" || json === null) bad("is not an object");
  const l = json as Record<string, unknown>;
  const size = (key: string): number => {
    const v = l[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
      bad(`field '${key}' must be a positive integer, got '${String(v)}'`);
    }
    return v as number;
  };
  const numbers = (key: string, length: number): Float64Array => {
    const v = l[key];
    if (!Array.isArray(v) || v.length !== length) {
      bad(`field '${key}' must be an array of ${length} numbers`);
    }
    const out = Float64Array.from(v as unknown[], (x, i) => {
      if (typeof x !== "number" || !Number.isFinite(x)) {
        bad(
          `field '${key}' has '${
            String(x)
          }' at index ${i}; expected a finite number`,
        );
      }
      return x as number;
    });
    return out;
  };
  const factory = typeof l.type === "string" && Object.hasOwn(custom, l.type)
    ? custom[l.type]
    : undefined;
  if (factory) return factory(l as LayerJSON);
  const activation = (): Activation => {
    if (typeof l.activation !== "string") {
      bad("field 'activation' must be an activation name");
    }
    const params = l.activationParams as Record<string, number> | undefined;
    const name = l.activation as string;
    if (Object.hasOwn(activations, name)) return activations[name]!;
    if (Object.hasOwn(builtIn, name)) {
      try {
        return getActivation(name, params);
      } catch (e) {
        return bad(
          `field 'activationParams' is invalid: ${(e as Error).message}`,
        );
      }
    }
    return bad(
      `has unknown activation '${name}'; built-in activations are ${
        quoteList(Object.keys(builtIn))
      }, and user-defined ones go in the 'activations' option`,
    );
  };
  if (typeof l.type === "string" && VERSION_2_TYPES.includes(l.type)) {
    if (version < 2) {
      bad(`has type '${l.type}', which needs format version 2, not ${version}`);
    }
    return imageLayer(l, activation, size, numbers, bad);
  }
  if (l.type === "dense") {
    const nIn = size("inputSize"), nOut = size("outputSize");
    const layer = new Dense(nIn, nOut, activation());
    layer.weights.data.set(numbers("weights", nIn * nOut));
    layer.biases.set(numbers("biases", nOut));
    return layer;
  }
  if (l.type === "dropout") {
    const rate = l.rate;
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) {
      bad(`field 'rate' must be a number in [0, 1), got '${String(rate)}'`);
    }
    return new Dropout(size("size"), rate as number);
  }
  return bad(
    `has unknown type '${
      String(l.type)
    }'; built-in types are 'dense', 'dropout', ${quoteList(VERSION_2_TYPES)}`,
  );
}

/** Decodes a conv2d, maxpool2d or avgpool2d layer. */
function imageLayer(
  l: Record<string, unknown>,
  activation: () => Activation,
  size: (key: string) => number,
  numbers: (key: string, length: number) => Float64Array,
  bad: (what: string) => never,
): Layer {
  const ints = (key: string, n: number): number[] => {
    const v = l[key];
    if (
      !Array.isArray(v) || v.length !== n ||
      !v.every((x) => Number.isInteger(x) && x >= 1)
    ) {
      bad(`field '${key}' must be ${n} positive integers`);
    }
    return v as number[];
  };
  const inputShape = ints("inputShape", 3);
  try {
    if (l.type === "conv2d") {
      const [kh, kw] = ints("kernelSize", 2) as [number, number];
      if (l.padding !== "valid" && l.padding !== "same") {
        bad(`field 'padding' must be 'valid' or 'same'`);
      }
      const layer = new Conv2D(
        inputShape,
        size("filters"),
        [kh, kw],
        activation(),
        {
          stride: size("stride"),
          padding: l.padding as "valid" | "same",
        },
      );
      layer.kernels.data.set(numbers("kernels", layer.kernels.data.length));
      layer.biases.set(numbers("biases", layer.filters));
      return layer;
    }
    const Pool = l.type === "maxpool2d" ? MaxPool2D : AvgPool2D;
    return new Pool(inputShape, size("size"), { stride: size("stride") });
  } catch (e) {
    if ((e as Error).message.startsWith("Cannot load model")) throw e;
    return bad(`is invalid: ${(e as Error).message}`);
  }
}

/**
 * The saved-model format: types and the layer decoder.
 *
 * @module
 */
import type { Layer, LayerJSON } from "../layers/types.ts";
import { Dense } from "../layers/dense.ts";
import { Dropout } from "../layers/dropout.ts";
import type { DType } from "../tensor/kernels/dense_kernels.ts";
import {
  activations as builtIn,
  getActivation,
} from "../activations/registry.ts";
import { quoteList } from "../internal/quote.ts";
import type { Activation } from "../activations/types.ts";

/** The `format` field of a saved model. */
export const MODEL_FORMAT = "backprop-model";
/** The format version this library writes and reads. */
export const MODEL_VERSION = 1;

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
 * @returns The layer.
 * @throws {TypeError} On a missing or malformed field.
 */
export function layerFromJSON(
  json: unknown,
  where: string,
  custom: Readonly<Record<string, LayerFactory>>,
  activations: Readonly<Record<string, Activation>> = {},
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
  if (l.type === "dense") {
    const nIn = size("inputSize"), nOut = size("outputSize");
    if (typeof l.activation !== "string") {
      bad("field 'activation' must be an activation name");
    }
    const params = l.activationParams as Record<string, number> | undefined;
    const name = l.activation as string;
    let activation: Activation;
    if (Object.hasOwn(activations, name)) {
      activation = activations[name]!;
    } else if (Object.hasOwn(builtIn, name)) {
      try {
        activation = getActivation(name, params);
      } catch (e) {
        return bad(
          `field 'activationParams' is invalid: ${(e as Error).message}`,
        );
      }
    } else {
      return bad(
        `has unknown activation '${name}'; built-in activations are ${
          quoteList(Object.keys(builtIn))
        }, and user-defined ones go in the 'activations' option`,
      );
    }
    const dtype = l.dtype ?? "float64";
    if (dtype !== "float64" && dtype !== "float32") {
      bad(
        `field 'dtype' must be 'float64' or 'float32', got '${String(dtype)}'`,
      );
    }
    const layer = new Dense(nIn, nOut, activation, { dtype: dtype as DType });
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
    }'; built-in types are 'dense' and 'dropout'`,
  );
}

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
import type { DType } from "../tensor/kernels/dense_kernels.ts";
import {
  activations as builtIn,
  getActivation,
} from "../activations/registry.ts";
import { quoteList } from "../internal/quote.ts";
import type { Activation } from "../activations/types.ts";
import type { OptimizerState } from "../optimizers/types.ts";
import type { RandomState } from "../tensor/random.ts";

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
  /** Where training stood, in a checkpoint (readers of models ignore it). */
  training?: TrainingJSON;
}

/** The `format` field of a checkpoint's training position. */
export const TRAINING_FORMAT = "backprop-training";
/** The training-position version this library writes and reads. */
export const TRAINING_VERSION = 1;

/**
 * Where a run of `train` stood at the end of an epoch: everything besides
 * the weights that the rest of the run depends on, as JSON-safe data.
 */
export interface TrainingJSON {
  /** Always `"backprop-training"`. */
  format: string;
  /** The version. */
  version: number;
  /** Epochs completed. */
  epoch: number;
  /** Optimizer steps taken. */
  step: number;
  /** The run's planned epochs. */
  epochs: number;
  /** Mini-batch size. */
  batchSize: number;
  /** n, training rows. */
  trainingSize: number;
  /** The seed of the shuffles. */
  seed: number;
  /** Whether rows are shuffled every epoch. */
  shuffle: boolean;
  /** The shuffle generator. */
  random: RandomState;
  /** The row order after the last shuffle (shuffles compose). */
  order: number[];
  /** η0, the learning rate the schedule starts from (null without one). */
  initialRate: number | null;
  /** The optimizer's state (null if it cannot export one). */
  optimizer: OptimizerState | null;
  /** The schedule's name and state (null without a schedule). */
  schedule: { name: string; state: unknown } | null;
  /** Early stopping's state (null without it). */
  earlyStopping: EarlyStoppingState | null;
  /** Each layer's own training state (Dropout's generator), or null. */
  layers: unknown[];
  /** True when early stopping ended the run at this epoch. */
  finished: boolean;
  /** The epochs run so far. */
  history: Record<string, unknown>[];
}

/** Early stopping's position within a run. */
export interface EarlyStoppingState {
  /** The best monitored value so far (null before the first epoch). */
  best: number | null;
  /** Epochs since the last improvement. */
  wait: number;
  /** The best epoch's weights, one array per Param (null if not kept). */
  snapshot: number[][] | null;
}

/** A model with the training position: what `onCheckpoint` receives. */
export interface Checkpoint extends ModelJSON {
  /** Where training stood. */
  training: TrainingJSON;
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
    // numbers first: sizes the content does not back allocate nothing
    const weights = numbers("weights", nIn * nOut);
    const biases = numbers("biases", nOut);
    const layer = new Dense(nIn, nOut, activation(), {
      dtype: dtypeOf(l, bad),
    });
    layer.weights.data.set(weights);
    layer.biases.set(biases);
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

/** The layer's `dtype` field: absent for float64. */
function dtypeOf(
  l: Record<string, unknown>,
  bad: (what: string) => never,
): DType {
  const dtype = l.dtype ?? "float64";
  if (dtype !== "float64" && dtype !== "float32") {
    bad(
      `field 'dtype' must be 'float64' or 'float32', got '${String(dtype)}'`,
    );
  }
  return dtype as DType;
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
      // numbers first: sizes the content does not back allocate nothing
      const filters = size("filters");
      const kernels = numbers(
        "kernels",
        filters * inputShape[0]! * kh * kw,
      );
      const biases = numbers("biases", filters);
      const dtype = dtypeOf(l, bad);
      const layer = new Conv2D(
        inputShape,
        filters,
        [kh, kw],
        activation(),
        {
          stride: size("stride"),
          padding: l.padding as "valid" | "same",
          dtype,
        },
      );
      layer.kernels.data.set(kernels);
      layer.biases.set(biases);
      return layer;
    }
    const Pool = l.type === "maxpool2d" ? MaxPool2D : AvgPool2D;
    return new Pool(inputShape, size("size"), { stride: size("stride") });
  } catch (e) {
    if ((e as Error).message.startsWith("Cannot load model")) throw e;
    return bad(`is invalid: ${(e as Error).message}`);
  }
}

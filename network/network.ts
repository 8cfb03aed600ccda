/**
 * The Network: a stack of Layers and a Cost, with the four equations of
 * backprop behind `gradient`.
 *
 * @module
 */
import type { Layer, Param } from "../layers/types.ts";
import type { Cost } from "../costs/types.ts";
import type { Activation } from "../activations/types.ts";
import { costs, getCost } from "../costs/registry.ts";
import { quoteList } from "../internal/quote.ts";
import { Matrix, type MatrixLike } from "../tensor/matrix.ts";
import { BackpropEngine } from "./backprop.ts";
import { checkInputs, checkPair } from "./checks.ts";
import {
  type LayerFactory,
  layerFromJSON,
  MODEL_FORMAT,
  MODEL_VERSION,
  type ModelJSON,
  modelVersionFor,
} from "./model_json.ts";

/** Options of {@linkcode Network.loss}. */
export interface LossOptions {
  /**
   * Evaluate in training mode (dropout active, as `gradient` does).
   *
   * @default {false}
   */
  training?: boolean;
}

/** Options of {@linkcode Network.fromJSON}. */
export interface FromJSONOptions {
  /** Factories for user-defined layer types, by their `type`. */
  layers?: Readonly<Record<string, LayerFactory>>;
  /** User-defined costs by name. */
  costs?: Readonly<Record<string, Cost>>;
  /** User-defined activations by name (built-in names are found anyway). */
  activations?: Readonly<Record<string, Activation>>;
}

/**
 * A feed-forward network: `A^0 = X`, `A^l = layer_l(A^(l-1))`, cost
 * `C = (1/m) Σ_x C_x(A^L_x, y_x)` over the rows of a batch.
 *
 * @example The chapter's network, one gradient step by hand
 * ```ts
 * import { Network } from "./network.ts";
 * import { Dense } from "../layers/dense.ts";
 * import { sigmoid } from "../activations/sigmoid.ts";
 * import { quadratic } from "../costs/quadratic.ts";
 * import assert from "node:assert/strict";
 *
 * const net = new Network([new Dense(2, 3, sigmoid), new Dense(3, 1, sigmoid)], quadratic);
 * const before = net.gradient([[0, 1]], [[1]]);
 * for (const p of net.params) p.value.forEach((v, i) => (p.value[i] = v - 3 * p.grad[i]!));
 * assert.ok(net.loss([[0, 1]], [[1]]) < before);
 * ```
 */
export class Network {
  /** The layers, input to output. */
  readonly layers: readonly Layer[];
  /** The cost whose batch mean is minimised. */
  readonly cost: Cost;
  /** Every layer's Params in layer order (W before b). */
  readonly params: readonly Param[];
  /**
   * Use the stable `δ^L = a − y` where the cost pairs with the output
   * activation (cross-entropy after sigmoid, log-likelihood after softmax);
   * false takes the generic `∇_a C ⊙ σ′(z)` path.
   */
  fused = true;
  /** JSON-safe facts stored with the model (feature names, scaling, ...). */
  metadata: Record<string, unknown> | undefined;
  readonly #engine: BackpropEngine;

  /**
   * Builds a network; consecutive layer sizes must agree.
   *
   * @param layers At least one layer.
   * @param cost The cost, or its registry name.
   * @throws {TypeError} If there are no layers or sizes do not chain.
   */
  constructor(layers: readonly Layer[], cost: Cost | string) {
    if (layers.length === 0) {
      throw new TypeError("Cannot create network: give at least one layer");
    }
    for (let l = 1; l < layers.length; l++) {
      const out = shapeOf(layers[l - 1]!, "outputShape", "outputSize");
      const into = shapeOf(layers[l]!, "inputShape", "inputSize");
      // sizes must agree; image shapes too where both layers have them
      const bothShaped = out.includes("x") && into.includes("x");
      if (
        layers[l]!.inputSize !== layers[l - 1]!.outputSize ||
        (bothShaped && out !== into)
      ) {
        const from = l - 1;
        throw new TypeError(
          `Cannot create network: layer ${from} outputs ${out} values but layer ${l} takes ${into}`,
        );
      }
    }
    this.layers = [...layers];
    this.cost = typeof cost === "string" ? getCost(cost) : cost;
    this.params = this.layers.flatMap((layer) => [...layer.params]);
    this.#engine = new BackpropEngine(this.layers, this.cost);
    this.metadata = undefined;
  }

  /** Width of the input rows. */
  get inputSize(): number {
    return this.layers[0]!.inputSize;
  }

  /** Width of the output rows. */
  get outputSize(): number {
    return this.layers[this.layers.length - 1]!.outputSize;
  }

  /**
   * Output activations `A^L` for a batch, at inference (dropout off).
   *
   * @param x Inputs, one row per sample.
   * @returns A new `m x n_out` matrix.
   * @throws {TypeError} On a shape mismatch or empty input.
   * @throws {RangeError} On a non-finite input.
   */
  predict(x: MatrixLike): Matrix {
    const X = checkInputs(x, this.inputSize, "X");
    const out = this.#engine.forward(X, false);
    return new Matrix(out.rows, out.cols, out.data.slice());
  }

  /**
   * The mean cost `(1/m) Σ_x C_x` over the rows (no regularisation term).
   *
   * @param x Inputs.
   * @param y Targets.
   * @param options Training mode for dropout.
   * @returns The mean cost.
   * @throws {TypeError} On a shape mismatch or empty data.
   * @throws {RangeError} On a non-finite value.
   */
  loss(x: MatrixLike, y: MatrixLike, options: LossOptions = {}): number {
    const [X, Y] = checkPair(x, y, this.inputSize, this.outputSize);
    this.#engine.forward(X, options.training ?? false);
    return this.#engine.meanCost(Y);
  }

  /**
   * Backprop: fills every `Param.grad` with `∂C/∂param` for the batch mean
   * cost (BP1 to BP4), with dropout in training mode.
   *
   * @param x Inputs.
   * @param y Targets.
   * @returns The mean cost of the batch (from the same forward pass).
   * @throws {TypeError} On a shape mismatch or empty data.
   * @throws {RangeError} On a non-finite value.
   */
  gradient(x: MatrixLike, y: MatrixLike): number {
    const [X, Y] = checkPair(x, y, this.inputSize, this.outputSize);
    return this.#engine.run(X, Y, this.fused);
  }

  /**
   * The output of the last forward pass of `gradient` or `loss` (a layer's
   * buffer: copy it to keep it).
   */
  get lastOutput(): Matrix {
    return this.#engine.output;
  }

  /**
   * The model as JSON: format version, cost name, layers with weights.
   *
   * @returns A JSON-safe object.
   * @throws {TypeError} If a layer has no `toJSON`.
   */
  toJSON(): ModelJSON {
    const layers = this.layers.map((layer, i) => {
      if (typeof layer.toJSON !== "function") {
        throw new TypeError(
          `Cannot save model: layer ${i} has no toJSON() method`,
        );
      }
      return layer.toJSON();
    });
    return {
      format: MODEL_FORMAT,
      version: modelVersionFor(layers),
      cost: this.cost.name,
      layers,
      ...(this.metadata === undefined ? {} : { metadata: this.metadata }),
    };
  }

  /**
   * Rebuilds a network from {@linkcode Network.toJSON} output, validating
   * every field.
   *
   * @param json The parsed JSON.
   * @param options User-defined layer types and costs.
   * @returns The network.
   * @throws {TypeError} If the JSON is not a model of a supported version,
   * with the path of the bad field.
   */
  static fromJSON(json: unknown, options: FromJSONOptions = {}): Network {
    const bad = (where: string, what: string): never => {
      throw new TypeError(`Cannot load model: ${where} ${what}`);
    };
    if (typeof json !== "object" || json === null) {
      bad("the file", "is not a JSON object");
    }
    const obj = json as Record<string, unknown>;
    if (obj.format !== MODEL_FORMAT) {
      bad(
        "field 'format'",
        `is '${String(obj.format)}' but must be '${MODEL_FORMAT}'`,
      );
    }
    const version = obj.version;
    if (
      typeof version !== "number" || !Number.isInteger(version) ||
      version < 1 || version > MODEL_VERSION
    ) {
      bad(
        "field 'version'",
        `is '${
          String(version)
        }' but this library reads version ${MODEL_VERSION} and earlier`,
      );
    }
    if (typeof obj.cost !== "string") {
      bad("field 'cost'", "must be a cost name");
    }
    const costName = obj.cost as string;
    const cost = options.costs?.[costName] ??
      (Object.hasOwn(costs, costName) ? costs[costName]! : bad(
        "field 'cost'",
        `names unknown cost '${costName}'; built-in costs are ${
          quoteList(Object.keys(costs))
        }, and user-defined ones go in the 'costs' option`,
      ));
    if (!Array.isArray(obj.layers) || obj.layers.length === 0) {
      bad("field 'layers'", "must be a non-empty array");
    }
    const layers = (obj.layers as unknown[]).map((l, i) =>
      layerFromJSON(
        l,
        `layers[${i}]`,
        options.layers ?? {},
        options.activations,
        version as number,
      )
    );
    let network: Network;
    try {
      network = new Network(layers, cost);
    } catch (e) {
      return bad("field 'layers'", (e as Error).message);
    }
    if (obj.metadata !== undefined) {
      if (
        typeof obj.metadata !== "object" || obj.metadata === null ||
        Array.isArray(obj.metadata)
      ) {
        bad("field 'metadata'", "must be an object");
      }
      network.metadata = obj.metadata as Record<string, unknown>;
    }
    return network;
  }
}

/** `20x12x12 (2880)` for a layer with image shapes, else the size. */
function shapeOf(
  layer: Layer,
  shape: "inputShape" | "outputShape",
  size: "inputSize" | "outputSize",
): string {
  const dims = layer[shape];
  return dims === undefined
    ? String(layer[size])
    : `${dims.join("x")} (${layer[size]})`;
}

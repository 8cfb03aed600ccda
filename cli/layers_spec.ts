/**
 * `--image` and `--layers` of `train`: the input's image shape and the
 * architecture as a short spec, such as `conv:20x5,pool:2,dense:100`.
 *
 * @module
 */
import { UsageError } from "./errors.ts";
import {
  AvgPool2D,
  Conv2D,
  Dense,
  Dropout,
  type Layer,
  MaxPool2D,
} from "../layers/mod.ts";
import type { Init } from "../tensor/init.ts";
import type { DType } from "../tensor/kernels/dense_kernels.ts";

/** The grammar of `--layers`, for the help. */
export const LAYERS_GRAMMAR =
  "comma-separated, input to output: conv:FxK[:sS][:same] (F filters KxK, stride S, " +
  "'same' padding), pool:K[:sS] (max), avgpool:K[:sS], dense:N, dropout:R; " +
  "the output layer is added; conv and pool need --image";

/** One item of `--layers`. */
export type LayerSpec =
  | {
    kind: "conv";
    filters: number;
    kernel: number;
    stride: number;
    padding: "valid" | "same";
  }
  | { kind: "pool" | "avgpool"; size: number; stride: number | undefined }
  | { kind: "dense"; size: number }
  | { kind: "dropout"; rate: number };

/**
 * Reads `--image`: `HxW` (one channel) or `CxHxW`.
 *
 * @param text The flag's value.
 * @returns `[channels, height, width]`.
 * @throws {UsageError} If it is not two or three positive integers joined by `x`.
 *
 * @example
 * ```ts
 * import { parseImage } from "./layers_spec.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(parseImage("28x28"), [1, 28, 28]);
 * assert.deepEqual(parseImage("3x32x32"), [3, 32, 32]);
 * assert.throws(() => parseImage("28"), /Flag '--image' must be HxW or CxHxW/);
 * ```
 */
export function parseImage(text: string): [number, number, number] {
  const parts = text.trim().split("x");
  const dims = parts.map((p) => /^\d+$/.test(p) ? Number(p) : NaN);
  if (
    (dims.length !== 2 && dims.length !== 3) ||
    !dims.every((d) => Number.isInteger(d) && d >= 1)
  ) {
    throw new UsageError(
      `Flag '--image' must be HxW or CxHxW in positive integers, such as '28x28' or '3x32x32', got '${text}'`,
    );
  }
  return (dims.length === 2 ? [1, ...dims] : dims) as [number, number, number];
}

/**
 * Reads `--layers` (see {@linkcode LAYERS_GRAMMAR}).
 *
 * @param text The flag's value.
 * @returns One spec per item.
 * @throws {UsageError} Naming the item that does not parse.
 *
 * @example
 * ```ts
 * import { parseLayers } from "./layers_spec.ts";
 * import assert from "node:assert/strict";
 *
 * const specs = parseLayers("conv:20x5,pool:2,dense:100");
 * assert.deepEqual(specs.map((s) => s.kind), ["conv", "pool", "dense"]);
 * assert.throws(() => parseLayers("conv:20"), /item 1 'conv:20'/);
 * ```
 */
export function parseLayers(text: string): LayerSpec[] {
  const items = text.split(",").map((t) => t.trim());
  return items.map((item, i) => {
    const spec = parseItem(item);
    if (spec === undefined) {
      throw new UsageError(
        `Flag '--layers': item ${
          i + 1
        } '${item}' is not a layer; the grammar is ${LAYERS_GRAMMAR}`,
      );
    }
    return spec;
  });
}

const INT = "([1-9]\\d*)";
const CONV = new RegExp(
  `^conv:${INT}x${INT}((?::s${INT})|(?::same)|(?::valid))*$`,
);
const POOL = new RegExp(`^(pool|maxpool|avgpool):${INT}(?::s${INT})?$`);

function parseItem(item: string): LayerSpec | undefined {
  let m = CONV.exec(item);
  if (m) {
    const stride = /:s([1-9]\d*)/.exec(item);
    return {
      kind: "conv",
      filters: Number(m[1]),
      kernel: Number(m[2]),
      stride: stride ? Number(stride[1]) : 1,
      padding: item.includes(":same") ? "same" : "valid",
    };
  }
  m = POOL.exec(item);
  if (m) {
    return {
      kind: m[1] === "avgpool" ? "avgpool" : "pool",
      size: Number(m[2]),
      stride: m[3] === undefined ? undefined : Number(m[3]),
    };
  }
  m = new RegExp(`^dense:${INT}$`).exec(item);
  if (m) return { kind: "dense", size: Number(m[1]) };
  m = /^dropout:(0(?:\.\d+)?|\.\d+)$/.exec(item);
  if (m) return { kind: "dropout", rate: Number(m[1]) };
  return undefined;
}

/** What {@linkcode buildLayers} needs besides the specs. */
export interface BuildOptions {
  /** `[channels, height, width]` from `--image`, if given. */
  image: readonly [number, number, number] | undefined;
  /** Width of the input rows. */
  inputs: number;
  /** Width of the output rows. */
  outputs: number;
  /** Hidden σ. */
  activation: string;
  /** Output σ. */
  output: string;
  /** Weight initialisation. */
  init: Init;
  /** Seed of weights and masks. */
  seed: number;
  /** The parameters' dtype (default float64). */
  dtype?: DType;
  /** Most threads per product (default: the runtime's cores). */
  threads?: number;
}

/**
 * Builds the layers of `--layers`, then the output Dense layer.
 *
 * @param specs From {@linkcode parseLayers}.
 * @param o The input, output, activations, init and seed.
 * @returns The layers.
 * @throws {UsageError} If `--image` does not fit the rows, a conv or pool
 * item has no image to work on, or an item does not fit its input.
 *
 * @example
 * ```ts
 * import { buildLayers, parseLayers } from "./layers_spec.ts";
 * import assert from "node:assert/strict";
 *
 * const layers = buildLayers(parseLayers("conv:4x3,pool:2,dense:10"), {
 *   image: [1, 8, 8], inputs: 64, outputs: 3, activation: "relu", output: "softmax", init: "he", seed: 1,
 * });
 * assert.deepEqual(layers.map((l) => l.outputSize), [144, 36, 10, 3]);
 * ```
 */
export function buildLayers(
  specs: readonly LayerSpec[],
  o: BuildOptions,
): Layer[] {
  if (o.image && o.image[0] * o.image[1] * o.image[2] !== o.inputs) {
    throw new UsageError(
      `Flag '--image' says ${o.image.join("x")} = ${
        o.image[0] * o.image[1] * o.image[2]
      } values per row, but the data has ${o.inputs} features`,
    );
  }
  let shape: readonly number[] | undefined = o.image;
  let width = o.inputs;
  const layers: Layer[] = [];
  specs.forEach((spec, i) => {
    const seed = o.seed + i;
    const at = `Flag '--layers': item ${i + 1} (${spec.kind})`;
    try {
      let layer: Layer;
      if (
        spec.kind === "conv" || spec.kind === "pool" || spec.kind === "avgpool"
      ) {
        if (shape === undefined) {
          throw new UsageError(
            `${at} needs an image: give --image, and put conv and pool items before dense ones`,
          );
        }
        if (spec.kind === "conv") {
          const c = new Conv2D(shape, spec.filters, spec.kernel, o.activation, {
            stride: spec.stride,
            padding: spec.padding,
            init: o.init,
            seed,
          });
          layer = c;
          shape = c.outputShape;
        } else {
          const Pool = spec.kind === "pool" ? MaxPool2D : AvgPool2D;
          const p = new Pool(
            shape,
            spec.size,
            spec.stride ? { stride: spec.stride } : {},
          );
          layer = p;
          shape = p.outputShape;
        }
      } else if (spec.kind === "dense") {
        layer = new Dense(width, spec.size, o.activation, {
          init: o.init,
          seed,
          ...kernelOptions(o),
        });
        shape = undefined;
      } else if (spec.kind === "dropout") {
        layer = new Dropout(width, spec.rate, { seed: seed + 1000 });
      } else {
        throw new UsageError(`${at} is not a layer`);
      }
      width = layer.outputSize;
      layers.push(layer);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${at}: ${(e as Error).message}`);
    }
  });
  layers.push(
    new Dense(width, o.outputs, o.output, {
      init: o.init,
      seed: o.seed + specs.length,
      ...kernelOptions(o),
    }),
  );
  return layers;
}

/**
 * A one-line description of the layers for the start message.
 *
 * @param layers The layers.
 * @returns Such as `1x28x28 → conv 20x24x24 → maxpool 20x12x12 → 100 → 10`.
 */
export function describeLayers(layers: readonly Layer[]): string {
  const first = layers[0]!;
  const parts = [
    first.inputShape ? first.inputShape.join("x") : `${first.inputSize}`,
  ];
  for (const l of layers) {
    const name = l instanceof Conv2D
      ? "conv "
      : l instanceof MaxPool2D
      ? "maxpool "
      : l instanceof AvgPool2D
      ? "avgpool "
      : l instanceof Dropout
      ? "dropout "
      : "";
    parts.push(
      `${name}${l.outputShape ? l.outputShape.join("x") : l.outputSize}`,
    );
  }
  return parts.join(" → ");
}

/** The dtype and thread options a layer with parameters takes. */
function kernelOptions(
  o: BuildOptions,
): { dtype?: DType; threads?: number } {
  return {
    ...(o.dtype !== undefined ? { dtype: o.dtype } : {}),
    ...(o.threads !== undefined ? { threads: o.threads } : {}),
  };
}

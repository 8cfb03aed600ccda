/**
 * The flags of `train`, their defaults, and reading them into checked
 * settings (usage mistakes become {@linkcode UsageError}s naming the flag).
 *
 * @module
 */
import { basename, dirname, extname, join } from "node:path";
import type { FlagReader, FlagSpecs } from "./args.ts";
import { UsageError } from "./errors.ts";
import { checkNetworkSize } from "./network_size.ts";
import type { Task } from "../data/dataset.ts";
import { getActivation } from "../activations/registry.ts";
import { getCost } from "../costs/registry.ts";
import { getOptimizer } from "../optimizers/registry.ts";
import { type Init, INITS } from "../tensor/init.ts";
import { type DType, DTYPES, MAX_THREADS } from "../tensor/kernels/mod.ts";
import { CHECKPOINT_FLAGS } from "./checkpoint.ts";
import {
  LAYERS_GRAMMAR,
  type LayerSpec,
  parseImage,
  parseLayers,
} from "./layers_spec.ts";

/** The defaults: they train iris and cars well without flags. */
const DEFAULTS = {
  hidden: "30",
  activation: "tanh",
  optimizer: "sgd",
  lr: 0.1,
  batch: 16,
  epochs: 100,
  init: "default" as Init,
  seed: 1,
  testSplit: 0.2,
};

export const TRAIN_FLAGS: FlagSpecs = {
  label: {
    type: "string",
    value: "NAME|INDEX",
    help: "the label column, by name or 0-based index",
    default: "the last column",
  },
  task: {
    type: "string",
    value: "TASK",
    help: "classification or regression",
    default: "inferred from the label",
  },
  hidden: {
    type: "string",
    value: "N,N,...",
    help: "hidden layer sizes ('' for none)",
    default: DEFAULTS.hidden,
  },
  image: {
    type: "string",
    value: "HxW|CxHxW",
    help:
      "the rows are images of this shape, channel-major (for conv and pool layers)",
  },
  layers: {
    type: "string",
    value: "SPEC",
    help:
      `the hidden layers instead of --hidden, such as 'conv:20x5,pool:2,dense:100': ${LAYERS_GRAMMAR}`,
  },
  activation: {
    type: "string",
    value: "NAME",
    help: "hidden activation",
    default: DEFAULTS.activation,
  },
  output: {
    type: "string",
    value: "NAME",
    help: "output activation",
    default: "softmax (classification), identity (regression)",
  },
  cost: {
    type: "string",
    value: "NAME",
    help: "cost",
    default: "logLikelihood (classification), quadratic (regression)",
  },
  optimizer: {
    type: "string",
    value: "NAME",
    help: "sgd, momentum, nesterov, rmsprop or adam",
    default: DEFAULTS.optimizer,
  },
  lr: {
    type: "string",
    value: "ETA",
    help: "learning rate",
    default: `${DEFAULTS.lr}`,
  },
  batch: {
    type: "string",
    value: "M",
    help: "mini-batch size",
    default: `${DEFAULTS.batch}`,
  },
  epochs: {
    type: "string",
    value: "N",
    help: "passes over the training rows",
    default: `${DEFAULTS.epochs}`,
  },
  l2: {
    type: "string",
    value: "LAMBDA",
    help: "L2 regularisation λ",
    default: "0",
  },
  dropout: {
    type: "string",
    value: "RATE",
    help: "dropout rate after each hidden layer",
    default: "0",
  },
  init: {
    type: "string",
    value: "NAME",
    help: `weight init: ${INITS.join(", ")}`,
    default: DEFAULTS.init,
  },
  seed: {
    type: "string",
    value: "N",
    help: "seed of the split, weights and shuffles",
    default: `${DEFAULTS.seed}`,
  },
  "test-split": {
    type: "string",
    value: "F",
    help: "share of rows held out for testing",
    default: `${DEFAULTS.testSplit}`,
  },
  test: {
    type: "string",
    value: "FILE",
    help: "a CSV of test rows instead of a split",
  },
  "early-stop": {
    type: "string",
    value: "N",
    help:
      "stop after N epochs without a better validation loss (10% of the training rows)",
  },
  delimiter: {
    type: "string",
    value: "CHAR",
    help: "CSV field delimiter",
    default: ",",
  },
  out: {
    type: "string",
    value: "FILE",
    help: "where to save the model",
    default: "DATA.model.json beside the data",
  },
  plot: {
    type: "string",
    value: "FILE.svg",
    help: "write the learning curves as an SVG",
  },
  force: {
    type: "boolean",
    help:
      "replace an existing --out or --plot file that this command did not write",
  },
  dtype: {
    type: "string",
    value: "TYPE",
    help:
      "float64, or float32: parameters and products in float32 (faster, about 7 digits)",
    default: "float64",
  },
  threads: {
    type: "string",
    value: "N",
    help:
      `most threads a product may use, 1 to ${MAX_THREADS} (1: this thread only); any count gives the same model`,
    default: "the cores the runtime reports",
  },
  json: { type: "boolean", help: "one JSON object per line instead of text" },
  ...CHECKPOINT_FLAGS,
  diagnose: {
    type: "boolean",
    help: "per-layer figures each epoch and the doctor's findings at the end",
  },
};

/** The settings of a run, read and checked from the flags. */
export interface Settings {
  data: string;
  label: string | undefined;
  task: Task | undefined;
  hidden: number[];
  image: [number, number, number] | undefined;
  layers: LayerSpec[] | undefined;
  activation: string;
  output: string | undefined;
  cost: string | undefined;
  optimizer: string;
  lr: number;
  l2: number;
  batch: number;
  epochs: number;
  dropout: number;
  init: Init;
  seed: number;
  testSplit: number;
  test: string | undefined;
  earlyStop: number | undefined;
  delimiter: string;
  out: string;
  plot: string | undefined;
  force: boolean;
  dtype: DType;
  /** Undefined: the library's default (the runtime's cores). */
  threads: number | undefined;
  json: boolean;
  diagnose: boolean;
}

/** The largest seed: the generator's state is 32 bits, so larger ones would wrap. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * Reads and checks the flags of `train`.
 *
 * @param f The parsed flags.
 * @param positionals The data file.
 * @returns The settings.
 * @throws {UsageError} On a missing file or a bad flag value.
 */
export function readSettings(f: FlagReader, positionals: string[]): Settings {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? "Missing the data file: give a CSV file, as in 'train examples/iris.csv'"
        : `Expected one data file but got ${positionals.length}: ${
          positionals.map((p) => `'${p}'`).join(", ")
        }`,
    );
  }
  const data = positionals[0]!;
  const name = (
    flag: string,
    fallback: string | undefined,
    check: (n: string) => unknown,
  ) => {
    const v = f.string(flag, fallback);
    if (v === undefined) return undefined;
    try {
      check(v);
    } catch (e) {
      throw new UsageError(`Flag '--${flag}': ${(e as Error).message}`);
    }
    return v;
  };
  const hiddenText = f.string("hidden", DEFAULTS.hidden).trim();
  const hidden = hiddenText === ""
    ? []
    : hiddenText.split(",").map((t) => Number(t.trim()));
  if (!hidden.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new UsageError(
      `Flag '--hidden' must be layer sizes separated by commas, such as '30,10', got '${hiddenText}'`,
    );
  }
  // the data decides the input and output sizes: at least 1 each
  checkNetworkSize([1, ...hidden, 1], 2, 1, false);
  if (f.has("layers") && f.has("hidden")) {
    throw new UsageError(
      "Give either '--layers SPEC' or '--hidden N,N,...', not both",
    );
  }
  if (f.has("layers") && f.has("dropout")) {
    throw new UsageError(
      "Flag '--dropout' applies to --hidden; with --layers put 'dropout:R' items in the spec",
    );
  }
  const layersText = f.string("layers", undefined);
  const layers = layersText === undefined ? undefined : parseLayers(layersText);
  const imageText = f.string("image", undefined);
  const image = imageText === undefined ? undefined : parseImage(imageText);
  const testSplit = f.number(
    "test-split",
    DEFAULTS.testSplit,
    (v) => v > 0 && v < 1,
    "a fraction between 0 and 1 (exclusive)",
  );
  if (f.has("test") && f.has("test-split")) {
    throw new UsageError(
      "Give either '--test FILE' or '--test-split F', not both",
    );
  }
  const task = f.string("task", undefined);
  if (task !== undefined) {
    f.choice("task", "classification", ["classification", "regression"]);
  }
  return {
    data,
    label: f.string("label", undefined),
    task: task as Task | undefined,
    hidden,
    image,
    layers,
    activation: name(
      "activation",
      DEFAULTS.activation,
      (n) => getActivation(n),
    )!,
    output: name("output", undefined, (n) => getActivation(n)),
    cost: name("cost", undefined, (n) => getCost(n)),
    optimizer: name(
      "optimizer",
      DEFAULTS.optimizer,
      (n) => getOptimizer(n, { learningRate: 1 }),
    )!,
    lr: f.number("lr", DEFAULTS.lr, (v) => v > 0, "a positive number"),
    l2: f.number("l2", 0, (v) => v >= 0, "a non-negative number"),
    batch: f.positiveInt("batch", DEFAULTS.batch),
    epochs: f.positiveInt("epochs", DEFAULTS.epochs),
    dropout: f.number("dropout", 0, (v) => v >= 0 && v < 1, "a rate in [0, 1)"),
    init: f.choice("init", DEFAULTS.init, INITS),
    seed: f.number(
      "seed",
      DEFAULTS.seed,
      (v) => Number.isInteger(v) && v >= 0 && v <= MAX_SEED,
      `an integer from 0 to ${MAX_SEED}`,
    ),
    testSplit,
    test: f.string("test", undefined),
    earlyStop: f.has("early-stop") ? f.positiveInt("early-stop", 1) : undefined,
    delimiter: f.delimiter(),
    out: f.string("out", undefined) ?? defaultModelPath(data),
    plot: f.string("plot", undefined),
    force: f.has("force"),
    dtype: f.choice("dtype", "float64", DTYPES),
    threads: f.has("threads")
      ? f.number(
        "threads",
        1,
        (v) => Number.isInteger(v) && v >= 1 && v <= MAX_THREADS,
        `an integer from 1 to ${MAX_THREADS}`,
      )
      : undefined,
    json: f.has("json"),
    diagnose: f.has("diagnose"),
  };
}

/** `examples/iris.csv` -> `examples/iris.model.json`. */
function defaultModelPath(data: string): string {
  return join(dirname(data), `${basename(data, extname(data))}.model.json`);
}

/**
 * What the command line stores in `Network.metadata`, reading it back from
 * a model file with checks, and the start that predict and evaluate share.
 *
 * @module
 */
import { FlagReader, type FlagSpecs, helpText, parseArgs } from "./args.ts";
import { UsageError } from "./errors.ts";
import { checkInput } from "./input_check.ts";
import { loadModel } from "../model/save_load.ts";
import type { Network } from "../network/network.ts";
import type { Matrix } from "../tensor/matrix.ts";
import { loadCsv } from "../data/csv.ts";
import {
  type Dataset,
  type Scaling,
  standardize,
  type Task,
} from "../data/dataset.ts";

/** The facts a trained model needs to read new data the way it was trained. */
export interface ModelInfo {
  /** Classification or regression. */
  task: Task;
  /** The label column's name. */
  labelName: string;
  /** The feature columns, in input order. */
  featureNames: string[];
  /** Class names in output order (classification). */
  classNames: string[];
  /** Feature standardisation from the training rows. */
  scaling: Scaling;
  /** Target standardisation (regression). */
  target?: { mean: number; std: number };
}

/**
 * Loads a model written by `train` and checks its metadata.
 *
 * @param path The model file.
 * @returns The network and its info.
 * @throws {Deno.errors.NotFound} If the file is missing.
 * @throws {TypeError} If the file is not a model of this version or lacks
 * the info that `train` stores.
 */
export async function loadTrainedModel(
  path: string,
): Promise<{ network: Network; info: ModelInfo }> {
  const stat = await Deno.stat(path).catch((e) => {
    if (e instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot read model '${path}': no such file; check the path`,
      );
    }
    throw e;
  });
  if (stat.isDirectory) {
    throw new TypeError(
      `Cannot read model '${path}': it is a directory; give the model's JSON file`,
    );
  }
  const network = await loadModel(path);
  const m = network.metadata ?? {};
  const bad = (what: string): never => {
    throw new TypeError(
      `Cannot use model '${path}': its metadata ${what}; use a model written by 'backprop train'`,
    );
  };
  const strings = (v: unknown): v is string[] =>
    Array.isArray(v) && v.every((s) => typeof s === "string");
  const numbers = (v: unknown, n: number): v is number[] =>
    Array.isArray(v) && v.length === n && v.every(Number.isFinite);
  if (m.task !== "classification" && m.task !== "regression") {
    bad("has no task");
  }
  if (typeof m.labelName !== "string") bad("has no label name");
  if (!strings(m.featureNames) || m.featureNames.length !== network.inputSize) {
    bad(`does not name the ${network.inputSize} features`);
  }
  if (!strings(m.classNames)) bad("has no class names");
  const scaling = m.scaling as Scaling | undefined;
  if (
    !numbers(scaling?.mean, network.inputSize) ||
    !numbers(scaling?.std, network.inputSize)
  ) {
    bad("has no feature scaling");
  }
  const info = m as unknown as ModelInfo;
  if (
    info.task === "classification" &&
    info.classNames.length !== network.outputSize
  ) {
    bad(
      `names ${info.classNames.length} classes for ${network.outputSize} outputs`,
    );
  }
  if (
    info.task === "regression" &&
    !numbers([info.target?.mean, info.target?.std], 2)
  ) {
    bad("has no target scaling");
  }
  return { network, info };
}

/** The text `train` saves: the model's JSON on one line. */
export function modelText(network: Network): string {
  return JSON.stringify(network.toJSON()) + "\n";
}

/**
 * Whether a file's first bytes are a saved model's (`{"format":"backprop-`),
 * so that `train` may replace it without `--force`.
 *
 * @param head The file's first bytes.
 * @returns True for a model file.
 *
 * @example
 * ```ts
 * import { isModelFile } from "./model_info.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(isModelFile('{"format":"backprop-model","version":1'));
 * assert.ok(!isModelFile("sepal_length,species\n"));
 * ```
 */
export function isModelFile(head: string): boolean {
  return /^\s*\{\s*"format"\s*:\s*"backprop-/.test(head);
}

/**
 * Checks that every feature value scales to a finite number with the
 * model's scaling; a value far outside the training range (near ±1e308)
 * would otherwise reach the network as Infinity.
 *
 * @param data The data, not yet standardised.
 * @param path Its file, for the message.
 * @param scaling The scaling to apply.
 * @throws {RangeError} Naming the file, line, column and value.
 */
export function checkScalable(
  data: Dataset,
  path: string,
  scaling: Scaling,
): void {
  const { x } = data, c = x.cols;
  for (let i = 0; i < x.data.length; i++) {
    const j = i % c, v = x.data[i]!, mu = scaling.mean[j]!, s = scaling.std[j]!;
    if (Number.isFinite((v - mu) / s) || Number.isFinite(v / s - mu / s)) {
      continue;
    }
    const row = Math.floor(i / c), line = data.lines?.[row];
    throw new RangeError(
      `Cannot use '${path}'${
        line === undefined ? ` row ${row + 1}` : ` on line ${line}`
      }, column '${
        data.featureNames[j]
      }': the value '${v}' is so far from the training rows (mean ${mu}, std ${s}) that scaling overflows; check the value`,
    );
  }
}

/**
 * Loads a CSV for a model: its feature columns by name (others ignored),
 * standardised with the model's scaling.
 *
 * @param path The CSV file.
 * @param info The model's metadata.
 * @param withLabel Whether the label column must be there.
 * @param delimiter The field delimiter.
 * @returns The data set.
 */
export async function loadForModel(
  path: string,
  info: ModelInfo,
  withLabel: boolean,
  delimiter: string,
): Promise<Dataset> {
  const data = await loadCsv(path, {
    delimiter,
    features: info.featureNames,
    label: withLabel ? info.labelName : null,
    task: info.task,
    ...(info.task === "classification" ? { classNames: info.classNames } : {}),
  }).catch((e) => {
    if (!(e instanceof TypeError && e.message.includes("lacks the feature"))) {
      throw e;
    }
    throw new TypeError(`${e.message}; the model was trained on them`, {
      cause: e,
    });
  });
  checkScalable(data, path, info.scaling);
  standardize(data.x, info.scaling);
  return data;
}

/** What a command on a model and a data file is about. */
export interface ModelCommand {
  /** The usage line for the help. */
  usage: string;
  /** What the command does. */
  about: string;
  /** Whether the data must have the label column. */
  withLabel: boolean;
  /**
   * Runs after the model is loaded and before the data is read (the
   * output checks of `predict`).
   */
  beforeData?: (
    info: ModelInfo,
    flags: FlagReader,
    inputs: readonly string[],
  ) => Promise<void>;
}

/**
 * The start of `predict` and `evaluate`: parses `MODEL DATA` and the flags,
 * loads the model, and loads the data as the model expects it.
 *
 * @param argv The arguments after the command.
 * @param specs The command's flags (`delimiter` among them).
 * @param command Its help and whether the label is needed.
 * @returns The network, its info, the data and the flags; undefined when
 * the help was printed.
 * @throws {UsageError} Unless exactly a model and a data file are given.
 */
export async function openModelAndData(
  argv: readonly string[],
  specs: FlagSpecs,
  command: ModelCommand,
): Promise<
  | {
    network: Network;
    info: ModelInfo;
    data: Dataset;
    flags: FlagReader;
    predict: () => Matrix;
  }
  | undefined
> {
  const { flags, positionals } = parseArgs(argv, specs);
  if (flags.help) {
    console.log(helpText(command.usage, command.about, specs));
    return undefined;
  }
  if (positionals.length !== 2) {
    const name = command.usage.split(" ")[0];
    throw new UsageError(
      `Expected a model and a data file, as in '${name} examples/iris.model.json examples/iris.csv', but got ${positionals.length} argument(s)`,
    );
  }
  const f = new FlagReader(flags);
  const [modelPath, dataPath] = positionals as [string, string];
  const delimiter = f.delimiter();
  await checkInput(modelPath, "model");
  await checkInput(dataPath);
  const { network, info } = await loadTrainedModel(modelPath);
  await command.beforeData?.(info, f, [modelPath, dataPath]);
  const data = await loadForModel(dataPath, info, command.withLabel, delimiter);
  const predict = () => {
    const out = network.predict(data.x);
    const bad = out.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      const row = Math.floor(bad / out.cols), line = data.lines?.[row];
      throw new RangeError(
        `Cannot use model '${modelPath}': on '${dataPath}'${
          line === undefined ? ` row ${row + 1}` : ` line ${line}`
        } it outputs '${
          out.data[bad]
        }'; its weights are too large or damaged, so train it again`,
      );
    }
    return out;
  };
  return { network, info, data, flags: f, predict };
}

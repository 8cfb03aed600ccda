/**
 * `backprop train DATA.csv`: load, split, standardise, train with progress,
 * evaluate on the held-out rows, save the model (and a plot).
 *
 * @module
 */
import { basename, relative, resolve } from "node:path";
import { FlagReader, helpText, parseArgs } from "./args.ts";
import { evaluateNetwork } from "./evaluate.ts";
import type { ModelInfo } from "./model_info.ts";
import { Progress, progressMode } from "./progress.ts";
import { formatReport } from "./table.ts";
import { loadCsv } from "../data/csv.ts";
import {
  type Dataset,
  fitScaling,
  splitDataset,
  standardize,
} from "../data/dataset.ts";
import { getOptimizer } from "../optimizers/registry.ts";
import { mlp } from "../network/mlp.ts";
import { Network } from "../network/network.ts";
import { buildLayers, describeLayers } from "./layers_spec.ts";
import { Matrix } from "../tensor/matrix.ts";
import type { EpochStats } from "../network/train.ts";
import { trainAsync } from "../network/train_async.ts";
import { requireAccess } from "./permissions.ts";
import { checkInput } from "./input_check.ts";
import { checkOutputs } from "./output_check.ts";
import { writeOutputs } from "./write_outputs.ts";
import { checkNetworkSize, optimizerSlots } from "./network_size.ts";
import { warnAboutData } from "./data_warnings.ts";
import { checkScalable, isModelFile, modelText } from "./model_info.ts";
import { readSettings, type Settings, TRAIN_FLAGS } from "./train_settings.ts";
import {
  checkpointWriter,
  checkRows,
  inCheckpoint,
  readCheckpoint,
  readCheckpointSettings,
} from "./checkpoint.ts";
import { DiagnoseReport } from "./diagnose.ts";

/**
 * Runs `train`.
 *
 * @param argv The arguments after `train`.
 * @returns The exit code.
 */
export async function runTrain(argv: readonly string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, TRAIN_FLAGS);
  if (flags.help) {
    console.log(
      helpText(
        "train DATA.csv [flags]",
        "Trains a network on a CSV file and saves it.",
        TRAIN_FLAGS,
      ),
    );
    return 0;
  }
  const s = readSettings(new FlagReader(flags), positionals);
  const log = s.json
    ? (o: Record<string, unknown>) => console.log(JSON.stringify(o))
    : undefined;

  // Check every file access and output now, not after a training run.
  requireAccess("read", s.data);
  if (s.test !== undefined) requireAccess("read", s.test);
  requireAccess("write", s.out);
  if (s.plot !== undefined) requireAccess("write", s.plot);
  const ck = readCheckpointSettings(new FlagReader(flags), s);
  await checkInput(s.data);
  if (s.test !== undefined) await checkInput(s.test);
  await checkOutputs(
    [
      { flag: "--out", path: s.out, isOurs: isModelFile },
      ...(s.plot === undefined
        ? []
        : [{ flag: "--plot", path: s.plot, isOurs: isPlotFile }]),
      ...(ck.checkpoint === undefined
        ? []
        : [{ flag: "--checkpoint", path: ck.checkpoint, isOurs: isModelFile }]),
    ],
    [s.data, ...(s.test === undefined ? [] : [s.test])],
    s.force,
  );
  const resumed = ck.resume ? await readCheckpoint(ck.resume, s) : undefined;
  const all = await loadCsv(s.data, {
    delimiter: s.delimiter,
    ...(s.label !== undefined ? { label: s.label } : {}),
    ...(s.task ? { task: s.task } : {}),
  });
  let [trainSet, testSet] = s.test === undefined
    ? splitDataset(all, s.testSplit, s.seed)
    : [
      all,
      await loadCsv(s.test, {
        delimiter: s.delimiter,
        label: all.labelName!,
        features: all.featureNames,
        task: all.task,
        ...(all.task === "classification"
          ? { classNames: all.classNames }
          : {}),
      }),
    ];
  let validation: Dataset = testSet;
  if (s.earlyStop !== undefined) {
    if (Math.round(0.1 * trainSet.x.rows) < 1) {
      throw new RangeError(
        `Cannot use --early-stop on '${s.data}': its ${trainSet.x.rows} training rows are too few to hold out 10% for validation; give more rows or drop --early-stop`,
      );
    }
    [trainSet, validation] = splitDataset(trainSet, 0.1, s.seed + 1);
  }

  const classification = all.task === "classification";
  const sizes = [
    all.x.cols,
    ...s.hidden,
    classification ? all.classNames.length : 1,
  ];
  checkNetworkSize(
    sizes,
    2 + optimizerSlots(s.optimizer),
    Math.min(s.batch, trainSet.x.rows),
  );
  warnAboutData(s.data, all, trainSet, s.test !== undefined);

  const scaling = fitScaling(trainSet.x);
  if (s.test !== undefined) checkScalable(testSet, s.test, scaling);
  for (const d of new Set([trainSet, testSet, validation])) {
    standardize(d.x, scaling);
  }
  const target = all.task === "regression" ? fitScaling(trainSet.y) : undefined;
  const scaledY = (d: Dataset): Matrix =>
    target
      ? standardize(new Matrix(d.y.rows, 1, d.y.data.slice()), target)
      : d.y;
  const rows = [
    trainSet.x,
    scaledY(trainSet),
    validation.x,
    scaledY(validation),
  ];
  if (resumed) checkRows(ck.resume!, resumed, rows);

  const output = s.output ?? (classification ? "softmax" : "identity");
  const cost = s.cost ?? (classification ? "logLikelihood" : "quadratic");
  const network = s.layers || s.image
    ? new Network(
      buildLayers(
        s.layers ?? s.hidden.map((size) => ({ kind: "dense", size })),
        {
          image: s.image,
          inputs: all.x.cols,
          outputs: sizes[sizes.length - 1]!,
          activation: s.activation,
          output,
          init: s.init,
          seed: s.seed,
          dtype: s.dtype,
          ...(s.threads !== undefined ? { threads: s.threads } : {}),
        },
      ),
      cost,
    )
    : mlp(sizes, {
      activation: s.activation,
      output,
      cost,
      init: s.init,
      dropout: s.dropout,
      seed: s.seed,
      dtype: s.dtype,
      ...(s.threads !== undefined ? { threads: s.threads } : {}),
    });
  const optimizer = getOptimizer(s.optimizer, { learningRate: s.lr, l2: s.l2 });
  const describe = {
    data: s.data,
    rows: all.x.rows,
    features: all.featureNames.length,
    label: all.labelName,
    task: all.task,
    classes: all.classNames,
    training: trainSet.x.rows,
    validation: validation.x.rows,
    test: testSet.x.rows,
    network: s.layers || s.image
      ? describeLayers(network.layers)
      : sizes.join("-"),
  };
  if (log) log({ event: "start", ...describe });
  else printStart(s, all, describe);
  if (resumed) {
    const epoch = resumed.training.epoch;
    if (log) log({ event: "resume", checkpoint: ck.resume, epoch });
    else console.log(`resuming from ${ck.resume} after epoch ${epoch}`);
  }

  const mode = s.json ? "json" : progressMode(false);
  const progress = new Progress(mode, s.epochs);
  const doctor = s.diagnose
    ? new DiagnoseReport(mode, network, rows[0]!, rows[1]!)
    : undefined;
  const history = await trainAsync(network, { x: rows[0]!, y: rows[1]! }, {
    epochs: s.epochs,
    batchSize: s.batch,
    optimizer,
    seed: s.seed,
    validation: { x: rows[2]!, y: rows[3]! },
    classification,
    onBatch: (done, total) => progress.batch(done, total),
    onEpoch: (stats) => {
      progress.epoch(stats);
      doctor?.epoch(stats);
    },
    diagnostics: s.diagnose,
    ...(s.earlyStop !== undefined
      ? { earlyStopping: { patience: s.earlyStop } }
      : {}),
    ...(ck.checkpoint !== undefined
      ? {
        onCheckpoint: checkpointWriter(ck.checkpoint, s, rows),
        checkpointEvery: ck.every,
      }
      : {}),
    ...(resumed ? { resume: resumed } : {}),
  }).catch((e) => {
    throw resumed ? inCheckpoint(e, ck.resume!) : e;
  });

  const info: ModelInfo = {
    task: all.task,
    labelName: all.labelName!,
    featureNames: all.featureNames,
    classNames: all.classNames,
    scaling,
    ...(target
      ? { target: { mean: target.mean[0]!, std: target.std[0]! } }
      : {}),
  };
  const findings = doctor?.findings(history);
  if (findings && log) log({ event: "findings", findings });
  else if (findings) doctor!.print(findings);
  network.metadata = { ...info };
  const report = evaluateNetwork(network, info, testSet);
  // All outputs are made first, then written together: all or nothing.
  const outputs = [{ path: s.out, text: modelText(network) }];
  if (s.plot !== undefined) {
    outputs.push({
      path: s.plot,
      text: await plot(history, basename(s.data)),
    });
  }
  await writeOutputs(outputs);

  if (log) {
    log({
      event: "done",
      epochs: history.length,
      model: s.out,
      ...(s.plot ? { plot: s.plot } : {}),
      ...report,
    });
    return 0;
  }
  console.log(
    `\nTest set (${testSet.x.rows} rows${
      s.test ? ` from ${s.test}` : ", never trained on"
    }):`,
  );
  for (const line of formatReport(report)) console.log(`  ${line}`.trimEnd());
  console.log(
    `\nSaved the model to ${s.out}${
      s.plot ? ` and the learning curves to ${s.plot}` : ""
    }`,
  );
  console.log(`Predict with: ${commandName()} predict ${s.out} ${s.data}`);
  return 0;
}

/** The SVG of the curves; vega is loaded only when a plot is asked for. */
async function plot(history: EpochStats[], title: string): Promise<string> {
  const { learningCurvesSvg } = await import("./plot.ts");
  return `${
    (await learningCurvesSvg(history, title)).trimEnd()
  }\n${PLOT_MARK}\n`;
}

/** Ends every plot `train` writes, so that it may replace its own plots. */
const PLOT_MARK = "<!-- backprop learning curves -->";

/** A plot `train` wrote: the mark, or a Vega chart from before the mark. */
function isPlotFile(head: string, tail: string): boolean {
  return tail.trimEnd().endsWith(PLOT_MARK) ||
    /^<svg [^>]*class="marks"/.test(head);
}

function printStart(
  s: Settings,
  all: Dataset,
  d: Record<string, unknown>,
): void {
  const task = all.task === "classification"
    ? `classification, ${all.classNames.length} classes (${
      all.classNames.join(", ")
    })`
    : "regression";
  const how = s.task
    ? "set by --task"
    : "inferred from the label; override with --task";
  console.log(
    `${s.data}: ${all.x.rows} rows, ${all.featureNames.length} features, label '${all.labelName}': ${task} (${how})`,
  );
  const val = s.earlyStop !== undefined
    ? `, ${d.validation} for early stopping`
    : "";
  const test = s.test
    ? `${d.test} test rows from ${s.test}`
    : `${d.test} test rows (--test-split ${s.testSplit})`;
  console.log(
    `rows: ${d.training} training${val}, ${test}; features standardised on the training rows`,
  );
  const output = s.output ??
    (all.task === "classification" ? "softmax" : "identity");
  const cost = s.cost ??
    (all.task === "classification" ? "logLikelihood" : "quadratic");
  console.log(
    `network ${d.network}, ${s.activation} hidden, ${output} output, ${cost} cost; ${s.optimizer} lr ${s.lr}, batch ${s.batch}, ${s.epochs} epochs, seed ${s.seed}`,
  );
  if (s.earlyStop === undefined) {
    console.log(
      "(val_ figures are on the test rows, which training never sees)",
    );
  }
}

/** How the user runs this tool: `backprop` when installed, else `deno run`. */
function commandName(): string {
  const main = Deno.mainModule;
  if (!main.startsWith("file:") || !main.endsWith("/cli.ts")) return "backprop";
  const path = relative(Deno.cwd(), resolve(new URL(main).pathname));
  return path === "cli.ts" ? "deno run -R -W cli.ts" : "backprop";
}

/**
 * `backprop evaluate MODEL DATA.csv`: accuracy, confusion matrix and
 * per-class figures, or MSE, RMSE, MAE and R².
 *
 * @module
 */
import type { FlagSpecs } from "./args.ts";
import {
  classificationReport,
  type EvaluationReport,
  regressionReport,
} from "./metrics.ts";
import { type ModelInfo, openModelAndData } from "./model_info.ts";
import { formatReport } from "./table.ts";
import type { Dataset } from "../data/dataset.ts";
import type { Network } from "../network/network.ts";
import type { Matrix } from "../tensor/matrix.ts";

const SPECS: FlagSpecs = {
  delimiter: {
    type: "string",
    value: "CHAR",
    help: "CSV field delimiter",
    default: ",",
  },
  json: { type: "boolean", help: "print one JSON object" },
};

/**
 * Scores a network on data whose features are already standardised; the
 * targets are one-hot rows or raw values in the label's units.
 *
 * @param network The trained network.
 * @param info Its metadata.
 * @param data Standardised features, raw targets.
 * @param outputs The network's outputs on `data`, if already computed.
 * @returns The report.
 */
export function evaluateNetwork(
  network: Network,
  info: ModelInfo,
  data: Dataset,
  outputs?: Matrix,
): EvaluationReport {
  const out = outputs ?? network.predict(data.x);
  if (info.task === "classification") {
    return classificationReport(out, data.y, info.classNames);
  }
  const { mean, std } = info.target!;
  return regressionReport(out.data.map((v) => v * std + mean), data.y.data);
}

/**
 * Runs `evaluate`.
 *
 * @param argv The arguments after `evaluate`.
 * @returns The exit code.
 */
export async function runEvaluate(argv: readonly string[]): Promise<number> {
  const run = await openModelAndData(argv, SPECS, {
    usage: "evaluate MODEL.json DATA.csv [flags]",
    about: "Scores a trained model on labelled data.",
    withLabel: true,
  });
  if (run === undefined) return 0;
  const report = evaluateNetwork(
    run.network,
    run.info,
    run.data,
    run.predict(),
  );
  if (run.flags.has("json")) console.log(JSON.stringify(report));
  else for (const line of formatReport(report)) console.log(line);
  return 0;
}

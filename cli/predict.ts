/**
 * `backprop predict MODEL DATA.csv`: a CSV with the predicted label of every
 * row (class names, or values in the label's units).
 *
 * @module
 */
import { checkOutputs } from "./output_check.ts";
import { requireAccess } from "./permissions.ts";
import { writeOutputs } from "./write_outputs.ts";
import type { FlagSpecs } from "./args.ts";
import { argmaxRows } from "./metrics.ts";
import { type ModelInfo, openModelAndData } from "./model_info.ts";
import type { Matrix } from "../tensor/matrix.ts";

const SPECS: FlagSpecs = {
  out: {
    type: "string",
    value: "FILE",
    help: "write the CSV here",
    default: "standard output",
  },
  proba: { type: "boolean", help: "add one probability column per class" },
  force: {
    type: "boolean",
    help: "replace an existing --out file that is not a predictions file",
  },
  delimiter: {
    type: "string",
    value: "CHAR",
    help: "CSV field delimiter of the input",
    default: ",",
  },
};

/**
 * Runs `predict`.
 *
 * @param argv The arguments after `predict`.
 * @returns The exit code.
 */
export async function runPredict(argv: readonly string[]): Promise<number> {
  const run = await openModelAndData(argv, SPECS, {
    usage: "predict MODEL.json DATA.csv [flags]",
    about: "Predicts the label of every row; the label column may be absent.",
    withLabel: false,
    beforeData: async (info, f, inputs) => {
      const out = f.string("out", undefined);
      if (out === undefined) return;
      requireAccess("write", out);
      // a predictions file of this model, with or without --proba
      const headers = [
        predictionsHeader(info, false),
        predictionsHeader(info, true),
      ];
      await checkOutputs(
        [{
          flag: "--out",
          path: out,
          isOurs: (head) => headers.includes(head.split(/\r?\n/)[0]!),
        }],
        inputs,
        f.has("force"),
      );
    },
  });
  if (run === undefined) return 0;
  const { info, data, flags: f } = run;
  const text = predictionsCsv(run.predict(), info, f.has("proba"));
  const out = f.string("out", undefined);
  if (out === undefined) {
    const bytes = new TextEncoder().encode(text);
    for (let at = 0; at < bytes.length;) {
      at += await Deno.stdout.write(bytes.subarray(at));
    }
    return 0;
  }
  await writeOutputs([{ path: out, text }]);
  console.error(`Wrote ${data.x.rows} predictions to ${out}`);
  return 0;
}

/**
 * The predictions as CSV text: the label column, then `p_CLASS` columns
 * with `proba`.
 *
 * @param out The network's outputs.
 * @param info The model's metadata.
 * @param proba Whether to add the class probabilities.
 * @returns The CSV, header first.
 */
export function predictionsCsv(
  out: Matrix,
  info: ModelInfo,
  proba: boolean,
): string {
  const lines: string[] = [predictionsHeader(info, proba)];
  if (info.task === "regression") {
    const { mean, std } = info.target!;
    for (const v of out.data) lines.push(String(v * std + mean));
  } else {
    const names = info.classNames, k = names.length, best = argmaxRows(out);
    for (let i = 0; i < out.rows; i++) {
      const row = [csvField(names[best[i]!]!)];
      if (proba) {
        for (let j = 0; j < k; j++) {
          row.push(out.data[i * k + j]!.toPrecision(6));
        }
      }
      lines.push(row.join(","));
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * The first line of the predictions CSV.
 *
 * @param info The model's metadata.
 * @param proba Whether probability columns follow the label.
 * @returns The header line.
 */
export function predictionsHeader(info: ModelInfo, proba: boolean): string {
  const names = info.task === "classification" && proba
    ? info.classNames.map((c) => `p_${c}`)
    : [];
  return [info.labelName, ...names].map(csvField).join(",");
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Evaluation figures: accuracy, confusion matrix and per-class precision,
 * recall and F1 for classification; MSE, RMSE, MAE and R² for regression.
 *
 * @module
 */
import type { Matrix } from "../tensor/matrix.ts";

/** How well a classifier did. */
export interface ClassificationReport {
  /** Always "classification". */
  task: "classification";
  /** Rows evaluated. */
  rows: number;
  /** Share of rows whose predicted class is the true class. */
  accuracy: number;
  /** The class names, in matrix order. */
  classes: string[];
  /** `confusion[true][predicted]` counts. */
  confusion: number[][];
  /** Precision, recall, F1 and support per class (0 where undefined). */
  perClass: {
    class: string;
    precision: number;
    recall: number;
    f1: number;
    support: number;
  }[];
}

/** How well a regression did, in the label's units. */
export interface RegressionReport {
  /** Always "regression". */
  task: "regression";
  /** Rows evaluated. */
  rows: number;
  /** Mean squared error. */
  mse: number;
  /** Root mean squared error. */
  rmse: number;
  /** Mean absolute error. */
  mae: number;
  /** Coefficient of determination `1 − SS_res / SS_tot`. */
  r2: number;
}

/** Either report. */
export type EvaluationReport = ClassificationReport | RegressionReport;

/**
 * The index of the largest value of each row.
 *
 * @param m The matrix.
 * @returns One index per row.
 *
 * @example
 * ```ts
 * import { argmaxRows } from "./metrics.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual([...argmaxRows(Matrix.from([[0.1, 0.9], [0.7, 0.3]]))], [1, 0]);
 * ```
 */
export function argmaxRows(m: Matrix): Uint32Array {
  const out = new Uint32Array(m.rows), c = m.cols, d = m.data;
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (d[i * c + j]! > d[i * c + best]!) best = j;
    out[i] = best;
  }
  return out;
}

/**
 * Scores predicted class probabilities against one-hot targets.
 *
 * @param output Network outputs, one row per sample.
 * @param target One-hot targets.
 * @param classes Class names.
 * @returns The report.
 *
 * @example
 * ```ts
 * import { classificationReport } from "./metrics.ts";
 * import { Matrix } from "../tensor/matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const r = classificationReport(Matrix.from([[0.9, 0.1], [0.6, 0.4]]), Matrix.from([[1, 0], [0, 1]]), ["a", "b"]);
 * assert.equal(r.accuracy, 0.5);
 * assert.deepEqual(r.confusion, [[1, 0], [1, 0]]);
 * ```
 */
export function classificationReport(
  output: Matrix,
  target: Matrix,
  classes: readonly string[],
): ClassificationReport {
  const k = classes.length,
    predicted = argmaxRows(output),
    actual = argmaxRows(target);
  const confusion = Array.from(
    { length: k },
    () => new Array<number>(k).fill(0),
  );
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) {
    confusion[actual[i]!]![predicted[i]!]!++;
    if (actual[i] === predicted[i]) correct++;
  }
  const perClass = classes.map((name, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((s, v) => s + v, 0);
    const predictedC = confusion.reduce((s, row) => s + row[c]!, 0);
    const precision = predictedC === 0 ? 0 : tp / predictedC;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0
      ? 0
      : (2 * precision * recall) / (precision + recall);
    return { class: name, precision, recall, f1, support };
  });
  return {
    task: "classification",
    rows: predicted.length,
    accuracy: correct / predicted.length,
    classes: [...classes],
    confusion,
    perClass,
  };
}

/**
 * Scores predicted values against targets (single column each).
 *
 * @param predicted Predictions.
 * @param actual True values.
 * @returns The report.
 *
 * @example
 * ```ts
 * import { regressionReport } from "./metrics.ts";
 * import assert from "node:assert/strict";
 *
 * const r = regressionReport([1, 2, 4], [1, 3, 5]);
 * assert.equal(r.mae, 2 / 3);
 * assert.equal(r.r2, 1 - 2 / 8); // SS_res 0 + 1 + 1, SS_tot 4 + 0 + 4
 * ```
 */
export function regressionReport(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
): RegressionReport {
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]! / n;
  let sse = 0, sae = 0, sst = 0;
  for (let i = 0; i < n; i++) {
    const e = predicted[i]! - actual[i]!;
    sse += e * e;
    sae += Math.abs(e);
    sst += (actual[i]! - mean) ** 2;
  }
  const mse = sse / n;
  return {
    task: "regression",
    rows: n,
    mse,
    rmse: Math.sqrt(mse),
    mae: sae / n,
    r2: sst === 0 ? NaN : 1 - sse / sst,
  };
}

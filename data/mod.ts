/**
 * Data loading: CSV files streamed into typed arrays, and what is done to a
 * data set before training (split, one-hot, standardise).
 *
 * ```ts
 * import { fitScaling, loadCsv, splitDataset, standardize } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const iris = await loadCsv("examples/iris.csv");
 * const [train, test] = splitDataset(iris, 0.2, 1);
 * const scaling = fitScaling(train.x);
 * standardize(train.x, scaling);
 * standardize(test.x, scaling);
 * assert.equal(test.x.rows, 30);
 * ```
 *
 * @module
 */
export { loadCsv, type LoadCsvOptions } from "./csv.ts";
export {
  constantColumns,
  type Dataset,
  fitScaling,
  oneHot,
  type Scaling,
  selectRows,
  splitDataset,
  standardize,
  type Task,
} from "./dataset.ts";

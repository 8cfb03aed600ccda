/**
 * Files and CSV: `@deep-learners/backprop/io`. Loading CSV files and saving
 * and loading models work in Deno, Node (≥ 20) and Bun, on the file API
 * they share (`node:fs/promises`, imported on first use); {@linkcode parseCsv}
 * also reads a string, a `Blob` (a dropped `File`) or a `ReadableStream`,
 * as a browser page has them. The in-memory library (`"."`) does not import
 * this module, so a consumer that never touches a file never loads the CSV
 * parser.
 *
 * ```ts
 * import { loadCsv, loadModel, parseCsv, saveModel } from "./mod.ts";
 * import { mlp } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const iris = await loadCsv("examples/iris.csv");
 * assert.deepEqual(iris.classNames, ["setosa", "versicolor", "virginica"]);
 * const same = await parseCsv(await Deno.readTextFile("examples/iris.csv"));
 * assert.deepEqual(same.x.data, iris.x.data);
 *
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * const net = mlp([4, 3], { seed: 1 });
 * await saveModel(net, path);
 * assert.deepEqual((await loadModel(path)).predict(iris.x), net.predict(iris.x));
 * await Deno.remove(path);
 * ```
 *
 * @module
 */
export { loadCsv, type LoadCsvOptions } from "../data/csv.ts";
export { type CsvInput, parseCsv, type ParseCsvOptions } from "./parse_csv.ts";
export { loadModel, saveModel } from "../model/save_load.ts";
export {
  loadCheckpoint,
  type LoadedCheckpoint,
  saveCheckpoint,
} from "../model/checkpoint_file.ts";
export type { Dataset, Task } from "../data/dataset.ts";

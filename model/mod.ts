/**
 * Saving and loading models as JSON files with a format version.
 *
 * ```ts
 * import { loadModel, saveModel } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(typeof saveModel, "function");
 * assert.equal(typeof loadModel, "function");
 * ```
 *
 * @module
 */
export { loadModel, saveModel } from "./save_load.ts";
export {
  loadCheckpoint,
  type LoadedCheckpoint,
  saveCheckpoint,
} from "./checkpoint_file.ts";

/**
 * Layers: Dense (the chapter's fully connected layer) and Dropout, and the
 * Layer and Param interfaces for writing your own.
 *
 * ```ts
 * import { Dense, Dropout } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new Dense(3, 2, "relu").outputSize, 2);
 * assert.equal(new Dropout(2, 0.5).rate, 0.5);
 * ```
 *
 * @module
 */
export type { Layer, LayerJSON, Param } from "./types.ts";
export { Dense, type DenseOptions, type WeightMatrix } from "./dense.ts";
export { Dropout, type DropoutOptions } from "./dropout.ts";

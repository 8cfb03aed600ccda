/**
 * Layers: Dense (the chapter's fully connected layer), Dropout, the
 * convolution and pooling layers of chapter 6 (Conv2D, MaxPool2D,
 * AvgPool2D), and the Layer and Param interfaces for writing your own.
 *
 * ```ts
 * import { Dense, Dropout } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new Dense(3, 2, "relu").outputSize, 2);
 * assert.equal(new Dropout(2, 0.5).rate, 0.5);
 * ```
 *
 * A convolutional stack chains by shapes:
 *
 * ```ts
 * import { Conv2D, Dense, MaxPool2D } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = new Conv2D([1, 28, 28], 20, 5, "relu");
 * const p = new MaxPool2D(c.outputShape, 2);
 * assert.equal(new Dense(p.outputSize, 100, "relu").inputSize, 20 * 12 * 12);
 * ```
 *
 * @module
 */
export type { Layer, LayerJSON, Param } from "./types.ts";
export { Dense, type DenseOptions, type WeightMatrix } from "./dense.ts";
export { Dropout, type DropoutOptions } from "./dropout.ts";
export { Conv2D, type Conv2DOptions } from "./conv2d.ts";
export { MaxPool2D } from "./max_pool2d.ts";
export { AvgPool2D } from "./avg_pool2d.ts";
export type { PoolOptions } from "./pool_geometry.ts";
export type { Padding, Shape3 } from "./shape.ts";

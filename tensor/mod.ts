/**
 * The floor below the layers: the row-major {@linkcode Matrix} and its
 * products, the seeded {@linkcode Random} generator and the weight
 * initialisers. Layers build on this folder; nothing here imports a layer
 * or the network.
 *
 * ```ts
 * import { Matrix, matmulTransB } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const a = Matrix.from([[1, 2], [3, 4]]);
 * const out = new Matrix(2, 2);
 * matmulTransB(a, a, out);
 * assert.deepEqual(Array.from(out.data), [5, 11, 11, 25]);
 * ```
 *
 * @module
 */
export {
  matmul,
  matmulTransA,
  matmulTransB,
  Matrix,
  type MatrixLike,
  toMatrix,
} from "./matrix.ts";
export { Random, type RandomState } from "./random.ts";
export { type Init, INITS } from "./init.ts";
export type { DType, FloatArray } from "./kernels/dense_kernels.ts";
export { startThreads } from "./kernels/threads.ts";

/**
 * The two hooks that code above the layers uses into a Dense layer's
 * WebAssembly memory: SGD's update of its weights in place (f64x2), and
 * the compressed rows that `train()` gathers a pixel batch into.
 *
 * @module
 */
import { DenseKernels, type FloatArray } from "./dense_kernels.ts";
import type { SparseRows } from "./sparse_rows.ts";
import { KIND_SGD_F32, KIND_SGD_F64 } from "./thread_jobs.ts";
import { MIN_PARALLEL_SGD_WEIGHTS, poolForValues } from "./threads.ts";

/**
 * The compressed rows to gather a batch into for the Dense layer holding
 * `weights`, or undefined if these weights do not live in WebAssembly.
 *
 * @param weights A Dense layer's weights (`Dense.params[0].value`).
 * @returns Compressed rows in the layer's memory, or undefined.
 *
 * @example
 * ```ts
 * import { wasmBatchRows } from "./wasm_kernels.ts";
 * import { DenseKernels } from "./dense_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const kernels = DenseKernels.create(784, 2, "float64");
 * assert.equal(wasmBatchRows(kernels.weights), kernels.batchRows());
 * assert.equal(wasmBatchRows(new Float64Array(6)), undefined);
 * ```
 */
export function wasmBatchRows(weights: FloatArray): SparseRows | undefined {
  return DenseKernels.of(weights)?.batchRows();
}

/**
 * SGD's update in WebAssembly when `value` and `grad` are a Dense layer's
 * weights and gradient in WebAssembly memory: `w ← shrink·w − η·g` with
 * `decay`, else `w ← w − η·g`, two weights at a time (f64x2; float32
 * weights widened, updated in float64 and rounded back), the same IEEE
 * operations as the scalar loop of `optimizers/sgd.ts`, so the same bits.
 * Otherwise does nothing.
 *
 * @param value The Param's values.
 * @param grad The Param's gradient.
 * @param eta η.
 * @param shrink `1 − ηλ/n`, used only with `decay`.
 * @param decay Whether to shrink the weights first.
 * @returns Whether the update was done.
 *
 * @example
 * ```ts
 * import { sgdInWasm } from "./wasm_kernels.ts";
 * import { DenseKernels } from "./dense_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const kernels = DenseKernels.create(3, 1, "float64");
 * kernels.weights.set([1, 2, 3]);
 * kernels.weightGrad.set([1, 1, 2]);
 * const done = sgdInWasm(kernels.weights, kernels.weightGrad, 0.5, 1, false);
 * if (done) assert.deepEqual([...kernels.weights], [0.5, 1.5, 2]);
 * assert.equal(sgdInWasm(new Float64Array(3), new Float64Array(3), 1, 1, false), false);
 * ```
 */
export function sgdInWasm(
  value: FloatArray,
  grad: FloatArray,
  eta: number,
  shrink: number,
  decay: boolean,
): boolean {
  const kernels = DenseKernels.of(value);
  const arena = kernels?.arena;
  if (
    kernels === undefined || arena === undefined ||
    grad !== kernels.weightGrad
  ) return false;
  const { w, g } = kernels.offsets, n = value.length;
  const f64 = kernels.dtype === "float64", threads = kernels.threads;
  const pool = poolForValues(arena, threads, n, MIN_PARALLEL_SGD_WEIGHTS);
  if (pool !== undefined) {
    const kind = f64 ? KIND_SGD_F64 : KIND_SGD_F32;
    pool.sgd(kind, n, threads, w, g, eta, shrink, decay);
    return true;
  }
  const f = f64 ? arena.kernels.sgd : arena.kernels.sgdF32;
  f(w, g, n, shrink, eta, decay ? 1 : 0);
  return true;
}

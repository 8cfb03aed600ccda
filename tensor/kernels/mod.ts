/**
 * The matrix kernels behind {@linkcode Matrix}'s products: register-blocked
 * loops over row-major `Float64Array`s that give the naive loops' results
 * bit for bit, skipping the zeros of sparse inputs.
 *
 * @module
 */
export { gemmNN } from "./gemm_nn.ts";
export { gemmNT, gemmNTSparse } from "./gemm_nt.ts";
export { gemmTN, gemmTNSparse } from "./gemm_tn.ts";
export {
  attachSparse,
  SPARSE_MAX_DENSITY,
  SPARSE_MIN_WIDTH,
  sparseOf,
  SparseRows,
} from "./sparse_rows.ts";
export { countDense, countKernel } from "./paths.ts";
export { sgdInWasm, wasmBatchRows, WasmDenseKernels } from "./wasm_kernels.ts";

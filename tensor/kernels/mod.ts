/**
 * The kernels below the layers: the TypeScript matrix loops behind
 * {@linkcode Matrix}'s products (register-blocked, skipping the zeros of
 * sparse inputs), and the WebAssembly SIMD kernels with their memory,
 * dispatch and threads that the Dense and Conv2D layers run on.
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
export { countKernel } from "./paths.ts";
export { plainKernels } from "./arena.ts";
export {
  type BatchInput,
  type DenseBuffers,
  DenseKernels,
  type DType,
  DTYPES,
  type FloatArray,
} from "./dense_kernels.ts";
export { CONV_CHUNK_BYTES, ConvKernels } from "./conv_kernels.ts";
export { col2im, col2imT, type Geometry, im2col } from "./im2col.ts";
export { sgdInWasm, wasmBatchRows } from "./wasm_kernels.ts";
export { gatherInWasm, planGather, wasmDatasetRows } from "./sparse_gather.ts";
export { gatheredAhead } from "./gather_plan.ts";
export {
  derivativeInWasm,
  reluInWasm,
  sigmoid32InWasm,
  sigmoidInWasm,
} from "./vector_math.ts";
export { BATCH_ARENA_BYTES, batchArrays } from "./arena_views.ts";
export {
  maxPool2InWasm,
  maxPoolBackInWasm,
  poolOutputs,
} from "./pool_kernels.ts";
export {
  defaultThreads,
  MAX_THREADS,
  MIN_PARALLEL_FLOPS,
  MIN_PARALLEL_SCALAR_FLOPS,
  parallelProducts,
  startThreads,
} from "./threads.ts";

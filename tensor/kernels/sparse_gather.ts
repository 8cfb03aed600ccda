/**
 * A pixel batch's gather in WebAssembly memory: `train()` copies the data
 * set's compressed rows once into the memory where the first Dense layer
 * reads its batch, and each batch then moves each row's indices and values
 * with one `memory.copy` each (`gather_rows` of `wasm/gen_sparse.ts`)
 * instead of a loop over its nonzeros.
 *
 * @module
 */
import { Arena } from "./arena.ts";
import { hold } from "./arena_views.ts";
import { DenseKernels, type FloatArray } from "./dense_kernels.ts";
import { SparseRows } from "./sparse_rows.ts";
import { gatherPlan, offerGather, voidGather } from "./gather_plan.ts";
import { settleThreads } from "./threads.ts";

/** Most rows a batch may have here. */
const MAX_ROWS = 1024;

/** Each data-set copy's scratch for a batch's row indices. */
const scratch = new WeakMap<SparseRows, Uint32Array>();

/**
 * The first `rows` of `src` copied into the WebAssembly memory of the Dense
 * layer holding `weights`, for {@linkcode gatherInWasm}; undefined if these
 * weights are not in WebAssembly memory or it has no room (then gather
 * from `src` as it is).
 *
 * @param weights A Dense layer's weights (`Dense.params[0].value`).
 * @param src The data set's compressed rows.
 * @param rows How many rows.
 * @returns The copy, whose memory is given back once it is unreachable.
 *
 * @example
 * ```ts
 * import { wasmDatasetRows } from "./sparse_gather.ts";
 * import { DenseKernels } from "./dense_kernels.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const all = new SparseRows();
 * all.compress(Float64Array.of(0, 1, 2, 0), 2, 2, 1);
 * const copy = wasmDatasetRows(DenseKernels.create(2, 1, "float64").weights, all, 2);
 * if (copy) assert.deepEqual([...copy.value], [1, 2]);
 * ```
 */
export function wasmDatasetRows(
  weights: FloatArray,
  src: SparseRows,
  rows: number,
): SparseRows | undefined {
  const arena = DenseKernels.of(weights)?.arena;
  if (arena === undefined) return undefined;
  const count = src.start[rows]!;
  const round = (bytes: number) => Math.ceil(bytes / 64) * 64;
  const startBytes = round((rows + 1) * 4), indexBytes = round(count * 4);
  const orderBytes = MAX_ROWS * 4;
  const at = arena.alloc(orderBytes + startBytes + indexBytes + count * 8);
  if (at === undefined) return undefined;
  const buffer = arena.buffer, out = new SparseRows(), pS = at + orderBytes;
  out.start = new Int32Array(buffer, pS, rows + 1);
  out.index = new Int32Array(buffer, pS + startBytes, count);
  out.value = new Float64Array(buffer, pS + startBytes + indexBytes, count);
  scratch.set(out, new Uint32Array(buffer, at, MAX_ROWS));
  out.start.set(src.start.subarray(0, rows + 1));
  out.index.set(src.index.subarray(0, count));
  out.value.set(src.value.subarray(0, count));
  hold(arena, at, [out, out.start, out.index, out.value, scratch.get(out)!]);
  return out;
}

/**
 * Gathers rows `order[first..first+rows)` of `src` into `dst` as
 * {@linkcode SparseRows.gather} does (without a dense copy), when both
 * are in the same WebAssembly memory and `dst` has room: one `memory.copy`
 * per row for the indices and one for the values.
 *
 * @param src The data set's compressed rows, from {@linkcode wasmDatasetRows}.
 * @param dst The batch's compressed rows (a Dense layer's `batchRows()`).
 * @param order Row indices into `src`.
 * @param first The first position in `order`.
 * @param rows Number of rows to gather.
 * @returns Whether it gathered (false: nothing was written).
 *
 * @example
 * ```ts
 * import { gatherInWasm, wasmDatasetRows } from "./sparse_gather.ts";
 * import { DenseKernels } from "./dense_kernels.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const all = new SparseRows();
 * all.compress(Float64Array.of(0, 1, 2, 0), 2, 2, 1);
 * const layer = DenseKernels.create(2, 1, "float64");
 * const copy = wasmDatasetRows(layer.weights, all, 2), batch = layer.batchRows();
 * if (copy && batch && gatherInWasm(copy, batch, Uint32Array.of(1, 0), 0, 2)) {
 *   assert.deepEqual([...batch.index.subarray(0, 2)], [0, 1]);
 *   assert.deepEqual([...batch.value.subarray(0, 2)], [2, 1]);
 * }
 * ```
 */
export function gatherInWasm(
  src: SparseRows,
  dst: SparseRows,
  order: Uint32Array,
  first: number,
  rows: number,
): boolean {
  // a gather posted into dst is void, and ends before dst is written
  voidGather(dst);
  settleThreads();
  const plan = gatherPlan(dst);
  if (!gatherArgs(src, dst, order, first, rows, plan.args)) return false;
  const a = plan.args;
  Arena.owning(dst.index)!.kernels.gatherRows(
    a[0]!,
    a[1]!,
    a[2]!,
    a[3]!,
    a[4]!,
    a[5]!,
    a[6]!,
    a[7]!,
  );
  return true;
}

/**
 * Plans {@linkcode gatherInWasm}'s gather of the next batch for the first
 * Dense layer to hand to a worker during the current batch (after its
 * forward pass, once the batch is compressed by columns). Nothing is
 * written now.
 *
 * @param src The data set's compressed rows, from {@linkcode wasmDatasetRows}.
 * @param dst The batch's compressed rows (a Dense layer's `batchRows()`).
 * @param order Row indices into `src`.
 * @param first The first position in `order`.
 * @param rows Number of rows to gather.
 * @returns A ticket for `gatheredAhead` (`gather_plan.ts`), or 0 if the rows
 * cannot be gathered in WebAssembly.
 *
 * @example
 * ```ts
 * import { planGather, wasmDatasetRows } from "./sparse_gather.ts";
 * import { gatheredAhead } from "./gather_plan.ts";
 * import { DenseKernels } from "./dense_kernels.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const all = new SparseRows();
 * all.compress(Float64Array.of(0, 1, 2, 0), 2, 2, 1);
 * const layer = DenseKernels.create(2, 1, "float64");
 * const copy = wasmDatasetRows(layer.weights, all, 2), batch = layer.batchRows();
 * if (copy && batch) {
 *   const ticket = planGather(copy, batch, Uint32Array.of(1, 0), 0, 2);
 *   // no layer posted it (one thread): the caller gathers as usual
 *   assert.ok(!gatheredAhead(batch, ticket));
 * }
 * ```
 */
export function planGather(
  src: SparseRows,
  dst: SparseRows,
  order: Uint32Array,
  first: number,
  rows: number,
): number {
  const plan = gatherPlan(dst);
  return gatherArgs(src, dst, order, first, rows, plan.args)
    ? offerGather(plan)
    : 0;
}

/**
 * `gather_rows`'s arguments into `args`, with the rows' indices in the
 * data set's scratch; false if the batch cannot be gathered in
 * WebAssembly (then nothing was written).
 */
function gatherArgs(
  src: SparseRows,
  dst: SparseRows,
  order: Uint32Array,
  first: number,
  rows: number,
  args: number[],
): boolean {
  const arena = Arena.owning(dst.index), ord = scratch.get(src);
  // every array in this memory (a batch too large for the layer's scratch
  // leaves it with plain arrays, some or all: then the JavaScript gather)
  if (
    arena === undefined || ord === undefined || rows > MAX_ROWS ||
    dst.start.length < rows + 1 || !arena.owns(dst.start) ||
    !arena.owns(dst.value) || !arena.owns(src.start) ||
    !arena.owns(src.index) || !arena.owns(src.value)
  ) return false;
  // a gather posted before may still read the scratch
  settleThreads();
  const S = src.start;
  let count = 0;
  for (let r = 0; r < rows; r++) {
    const row = order[first + r]!;
    ord[r] = row;
    count += S[row + 1]! - S[row]!;
  }
  if (count > dst.index.length || count > dst.value.length) return false;
  args[0] = ord.byteOffset;
  args[1] = rows;
  args[2] = S.byteOffset;
  args[3] = src.index.byteOffset;
  args[4] = src.value.byteOffset;
  args[5] = dst.start.byteOffset;
  args[6] = dst.index.byteOffset;
  args[7] = dst.value.byteOffset;
  return true;
}

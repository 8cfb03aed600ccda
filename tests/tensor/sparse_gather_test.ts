import assert from "node:assert/strict";
import {
  DenseKernels,
  gatherInWasm,
  SparseRows,
  wasmDatasetRows,
} from "../../tensor/kernels/mod.ts";
import { Random } from "../../tensor/random.ts";

const random = new Random(31);
const n = 120, k = 90;
const data = Float64Array.from(
  { length: n * k },
  () => random.uniform() < 0.8 ? 0 : random.uniform(),
);
const all = new SparseRows();
all.compress(data, n, k, 1);
const order = new Uint32Array(n).map((_, i) => i);
random.shuffle(order);

Deno.test("gatherInWasm gives SparseRows.gather's batch rows, batch after batch", () => {
  const layer = DenseKernels.create(k, 5, "float64");
  const copy = wasmDatasetRows(layer.weights, all, n)!,
    batch = layer.batchRows()!;
  assert.ok(copy !== undefined && batch !== undefined);
  for (const [first, rows] of [[0, 10], [10, 37], [47, 1], [48, 72]]) {
    assert.ok(gatherInWasm(copy, batch, order, first!, rows!));
    const expected = new SparseRows();
    expected.gather(all, order, first!, rows!, undefined, k);
    const count = expected.start[rows!]!;
    assert.deepEqual(
      batch.start.slice(0, rows! + 1),
      expected.start.slice(0, rows! + 1),
    );
    assert.deepEqual(
      batch.index.slice(0, count),
      expected.index.slice(0, count),
    );
    assert.deepEqual(
      batch.value.slice(0, count),
      expected.value.slice(0, count),
    );
  }
});

Deno.test("gatherInWasm declines (writing nothing) unless every array is in the layer's memory", () => {
  const layer = DenseKernels.create(k, 5, "float64");
  const copy = wasmDatasetRows(layer.weights, all, n)!,
    batch = layer.batchRows()!;
  // a batch too large for the scratch leaves plain start rows behind
  const plainStart = new Int32Array(300).fill(-7);
  batch.start = plainStart;
  assert.equal(gatherInWasm(copy, batch, order, 0, 10), false);
  assert.deepEqual([...new Set(plainStart)], [-7]);
  // rows compressed in JavaScript are not a source
  assert.equal(gatherInWasm(all, layer.batchRows()!, order, 0, 10), false);
});

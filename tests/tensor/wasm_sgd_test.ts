import assert from "node:assert/strict";
import { pixels } from "../network/pixels.ts";
import {
  Dense,
  Matrix,
  mlp,
  type Network,
  Random,
  SGD,
  train,
} from "../../mod.ts";
import { sgdInWasm, wasmBatchRows } from "../../tensor/kernels/wasm_kernels.ts";
import {
  attachSparse,
  DenseKernels,
  SparseRows,
} from "../../tensor/kernels/mod.ts";

/** The scalar update, written out: network2's formula, one weight at a time. */
function naiveSgd(
  w: Float64Array,
  g: Float64Array,
  eta: number,
  shrink: number | undefined,
): void {
  for (let i = 0; i < w.length; i++) {
    w[i] = shrink === undefined
      ? w[i]! - eta * g[i]!
      : shrink * w[i]! - eta * g[i]!;
  }
}

Deno.test("the wasm SGD update equals the scalar loop bit for bit, with and without L2, every remainder of its four-wide loop", () => {
  const random = new Random(3);
  for (const [nOut, nIn] of [[1, 64], [3, 67], [5, 65], [7, 66], [30, 784]]) {
    for (const shrink of [undefined, 1 - 3 * 5 / 8000]) {
      const kernels = DenseKernels.create(nIn!, nOut!, "float64");
      const w = kernels.weights as Float64Array;
      const g = kernels.weightGrad as Float64Array;
      for (let i = 0; i < w.length; i++) {
        w[i] = random.normal();
        g[i] = random.normal() * 1e-3;
      }
      const expected = w.slice();
      naiveSgd(expected, g, 0.37, shrink);
      assert.ok(
        sgdInWasm(w, g, 0.37, shrink ?? 1, shrink !== undefined),
      );
      assert.deepEqual(w, expected, `${nOut}x${nIn}, shrink ${shrink}`);
    }
  }
});

Deno.test("the wasm SGD update declines arrays that are not a layer's weights and gradient", () => {
  const kernels = DenseKernels.create(64, 2, "float64");
  const w = kernels.weights;
  w.fill(1);
  assert.equal(sgdInWasm(w, new Float64Array(128), 1, 1, false), false);
  assert.equal(sgdInWasm(w.slice(), kernels.weightGrad, 1, 1, false), false);
  assert.deepEqual([...new Set(w)], [1]);
});

Deno.test("the batch rows of a layer's memory are pointed back at it after a large batch replaced them", () => {
  const kernels = DenseKernels.create(64, 2, "float64");
  const rows = kernels.batchRows()!;
  rows.start = new Int32Array(1000); // as SparseRows.gather does for m > 256
  assert.equal(wasmBatchRows(kernels.weights), rows);
  assert.notEqual(rows.start.length, 1000);
  assert.ok(kernels.arena!.owns(rows.start));
});

/**
 * The reference: every batch copied out densely and given to
 * Network.gradient (which compresses it itself), then the scalar update.
 */
function referenceTrain(
  net: Network,
  x: Matrix,
  y: Matrix,
  batch: number,
  eta: number,
  l2: number,
  epochs: number,
): void {
  const shrink = 1 - eta * l2 / x.rows;
  for (let e = 0; e < epochs; e++) {
    for (let s = 0; s < x.rows; s += batch) {
      const rows = Math.min(batch, x.rows - s);
      const bx = new Matrix(
        rows,
        x.cols,
        x.data.slice(s * x.cols, (s + rows) * x.cols),
      );
      const by = new Matrix(
        rows,
        y.cols,
        y.data.slice(s * y.cols, (s + rows) * y.cols),
      );
      // compressed as train() compresses it, so that the first layer takes
      // the same (sparse) kernels as in train()
      const rowsOf = new SparseRows();
      if (rowsOf.compress(bx.data, rows, x.cols, 0.5)) attachSparse(bx, rowsOf);
      net.gradient(bx, by);
      for (const p of net.params) {
        naiveSgd(
          p.value as Float64Array,
          p.grad as Float64Array,
          eta,
          p.regularize ? shrink : undefined,
        );
      }
    }
  }
}

Deno.test("train() gathering batches into WebAssembly memory and updating there gives the dense path's weights bit for bit", () => {
  const { x, y } = pixels(5);
  for (const l2 of [0, 2]) {
    const net = mlp([100, 7, 3], { seed: 8 });
    assert.ok(net.layers[0] instanceof Dense);
    assert.ok(wasmBatchRows(net.layers[0].weights.data) !== undefined);
    const ref = mlp([100, 7, 3], { seed: 8 });
    // batch 8 over 42 rows: five full batches and a last one of 2
    train(net, { x, y }, {
      epochs: 3,
      batchSize: 8,
      optimizer: new SGD({ learningRate: 0.5, l2 }),
      shuffle: false,
    });
    referenceTrain(ref, x, y, 8, 0.5, l2, 3);
    net.params.forEach((p, k) =>
      assert.deepEqual(p.value, ref.params[k]!.value, `param ${k}, λ ${l2}`)
    );
  }
});

Deno.test("train() with batches beyond the WebAssembly scratch space, then small ones, gives the dense path's weights bit for bit", () => {
  const a = pixels(9), b = pixels(10);
  // 300 rows of 100 pixels: one batch of 300 rows, more than the 256 the
  // scratch space holds, so SparseRows.gather replaces the rows' arrays
  const x = new Matrix(300, 100), y = new Matrix(300, 3);
  for (let r = 0; r < 300; r++) {
    const src = r % 2 ? a : b, i = r % 42;
    x.data.set(src.x.data.subarray(i * 100, (i + 1) * 100), r * 100);
    y.data.set(src.y.data.subarray(i * 3, (i + 1) * 3), r * 3);
  }
  const net = mlp([100, 7, 3], { seed: 11 });
  const ref = mlp([100, 7, 3], { seed: 11 });
  const optimizer = new SGD({ learningRate: 0.5 });
  train(net, { x, y }, {
    epochs: 2,
    batchSize: 300,
    optimizer,
    shuffle: false,
  });
  referenceTrain(ref, x, y, 300, 0.5, 0, 2);
  train(net, a, { epochs: 2, batchSize: 8, optimizer, shuffle: false });
  referenceTrain(ref, a.x, a.y, 8, 0.5, 0, 2);
  net.params.forEach((p, k) =>
    assert.deepEqual(p.value, ref.params[k]!.value, `param ${k}`)
  );
});

Deno.test("the wasm SGD update of float32 weights equals the scalar loop on a Float32Array bit for bit, with and without L2, odd lengths", () => {
  const random = new Random(13);
  // lengths of every remainder mod 4 (the kernel takes four, two, one)
  for (const [nOut, nIn] of [[1, 65], [3, 67], [1, 67], [2, 67], [30, 784]]) {
    for (const shrink of [undefined, 1 - 3 * 5 / 8000]) {
      const kernels = DenseKernels.create(nIn!, nOut!, "float32");
      const w = kernels.weights as Float32Array;
      const g = kernels.weightGrad as Float32Array;
      for (let i = 0; i < w.length; i++) {
        w[i] = random.normal();
        g[i] = random.normal() * 1e-3;
      }
      const expected = w.slice();
      for (let i = 0; i < expected.length; i++) {
        expected[i] = shrink === undefined
          ? expected[i]! - 0.37 * g[i]!
          : shrink * expected[i]! - 0.37 * g[i]!;
      }
      assert.ok(sgdInWasm(w, g, 0.37, shrink ?? 1, shrink !== undefined));
      assert.deepEqual(w, expected, `${nOut}x${nIn}, shrink ${shrink}`);
    }
  }
});

import assert from "node:assert/strict";
import { Matrix, mlp, Random, SGD, train } from "../../mod.ts";
import {
  parallelProducts,
  startThreads,
} from "../../tensor/kernels/threads.ts";

function data(seed: number, n: number, k: number, classes: number) {
  const random = new Random(seed);
  const x = new Matrix(n, k), y = new Matrix(n, classes);
  for (let i = 0; i < x.data.length; i++) x.data[i] = random.normal();
  for (let i = 0; i < n; i++) {
    y.data[i * classes + Math.floor(random.uniform() * classes)] = 1;
  }
  return { x, y };
}

for (const dtype of ["float64", "float32"] as const) {
  Deno.test(`${dtype}: the same seed gives the same bits with 1, 2 and 3 threads, and the threads did run`, async () => {
    const running = await startThreads(3);
    // on a runtime without Workers this test shows nothing: say so
    assert.ok(running >= 2, `only ${running} thread(s) started`);
    const { x, y } = data(7, 300, 120, 10);
    const weights: (Float64Array | Float32Array)[][] = [];
    for (const threads of [1, 2, 3]) {
      const before = parallelProducts();
      const net = mlp([120, 96, 64, 10], { seed: 3, dtype, threads });
      train(net, { x, y }, {
        epochs: 2,
        batchSize: 50,
        optimizer: new SGD({ learningRate: 0.5 }),
        seed: 5,
      });
      const split = parallelProducts() - before;
      if (threads === 1) assert.equal(split, 0, "threads: 1 split a product");
      else assert.ok(split > 0, `no product was split with ${threads} threads`);
      weights.push(net.params.map((p) => p.value.slice()));
    }
    for (const t of [1, 2]) {
      weights[t]!.forEach((w, i) =>
        assert.deepEqual(w, weights[0]![i], `param ${i} with ${t + 1} threads`)
      );
    }
  });
}

import assert from "node:assert/strict";
import {
  Conv2D,
  Dense,
  logLikelihood,
  Matrix,
  MaxPool2D,
  Network,
  Random,
  SGD,
  train,
} from "../../mod.ts";
import { startThreads } from "../../tensor/kernels/threads.ts";
import { kernelCalls, kernelsSince } from "../../tensor/kernels/paths.ts";

/**
 * A few SGD steps of conv 12 filters 3x3 (same) → conv 12 filters 3x3 →
 * max-pool 2 → dense 10 on seeded 3x14x14 images, batch 12: every conv
 * product is above the threshold at which products are split.
 */
function trainConv(
  threads: number,
  dtype: "float64" | "float32",
): (Float64Array | Float32Array)[] {
  const random = new Random(11);
  const n = 48, k = 3 * 14 * 14, classes = 10;
  const x = new Matrix(n, k), y = new Matrix(n, classes);
  for (let i = 0; i < x.data.length; i++) x.data[i] = random.normal();
  for (let i = 0; i < n; i++) y.data[i * classes + random.int(classes)] = 1;
  const o = { dtype, threads } as const;
  const c1 = new Conv2D([3, 14, 14], 12, 3, "relu", {
    ...o,
    seed: 1,
    padding: "same",
    init: "he",
  });
  const c2 = new Conv2D(c1.outputShape, 12, 3, "tanh", { ...o, seed: 2 });
  const p = new MaxPool2D(c2.outputShape, 2);
  const net = new Network([
    c1,
    c2,
    p,
    new Dense(p.outputSize, classes, "softmax", { ...o, seed: 3 }),
  ], logLikelihood);
  train(net, { x, y }, {
    epochs: 2,
    batchSize: 12,
    optimizer: new SGD({ learningRate: 0.05 }),
    seed: 5,
  });
  return net.params.map((q) => q.value.slice());
}

for (const dtype of ["float64", "float32"] as const) {
  Deno.test(`conv ${dtype}: the same seed gives the same bits with 1 and 2 threads, and the conv products were split`, async () => {
    const running = await startThreads(2);
    assert.ok(running >= 2, `only ${running} thread(s) started`);
    let before = kernelCalls();
    const one = trainConv(1, dtype);
    const split = (paths: string[]) =>
      paths.filter((p) => p.includes("threads")).map((p) => p.split(" ")[0]);
    assert.deepEqual(split(kernelsSince(before)), []);
    before = kernelCalls();
    const two = trainConv(2, dtype);
    const f32 = dtype === "float32" ? ".f32" : "";
    assert.deepEqual(
      split(kernelsSince(before)),
      ["dk", "dx", "z"].map((p) => `simd.conv.${p}${f32}.threads`),
    );
    two.forEach((w, i) => assert.deepEqual(w, one[i], `param ${i}`));
    // training moved the kernels: the comparison is not of initial values
    const fresh = new Conv2D([3, 14, 14], 12, 3, "relu", {
      dtype,
      seed: 1,
      padding: "same",
      init: "he",
    });
    assert.notDeepEqual(one[0], fresh.kernels.data);
  });
}

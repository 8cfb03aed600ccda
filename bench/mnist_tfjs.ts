/**
 * TensorFlow.js (WASM backend, float32) on the benchmark setup, run by
 * `mnist.ts` in its own process: `fit` (model.fit, one epoch per call on the
 * rows put in our order) or `loop` (a manual loop of optimizer.minimize per
 * mini-batch). Same initial weights, same order, same cost (½‖a − y‖²
 * summed over the outputs, mean over the batch) and η as ours.
 *
 * Usage: deno run -R --allow-net bench/mnist_tfjs.ts DIR BATCH EPOCHS fit|loop
 *
 * @module
 */
import { tf, useWasmBackend } from "./tfjs.ts";
import { readF64, readOrders, SETUP } from "./mnist_files.ts";
import { peakRssMb } from "./rss.ts";

const [
  dir = "/tmp/backprop-mnist",
  batchArg = "10",
  epochArg = "5",
  variant = "fit",
] = Deno.args;
const batchSize = Number(batchArg), epochs = Number(epochArg);
const backend = await useWasmBackend();
const n = SETUP.trainSize, t = SETUP.testSize;
const f32 = (name: string) => Float32Array.from(readF64(dir, name));
const x = tf.tensor2d(f32("x_train"), [n, 784]);
const y = tf.tensor2d(f32("y_train"), [n, 10]);
const xTest = tf.tensor2d(f32("x_test"), [t, 784]);
const yTest = tf.tensor1d(
  Int32Array.from({ length: t }, (_, r) => {
    const row = readF64(dir, "y_test").subarray(r * 10, r * 10 + 10);
    return row.indexOf(1);
  }),
  "int32",
);
const orders = Int32Array.from(readOrders(dir));

/** Our W is n_out x n_in; a tfjs kernel is n_in x n_out. */
function kernel(name: string, nOut: number, nIn: number): tf.Tensor2D {
  return tf.tensor2d(f32(name), [nOut, nIn]).transpose();
}

const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [784], units: 30, activation: "sigmoid" }),
    tf.layers.dense({ units: 10, activation: "sigmoid" }),
  ],
});
model.layers[0]!.setWeights([kernel("w1", 30, 784), tf.tensor1d(f32("b1"))]);
model.layers[1]!.setWeights([kernel("w2", 10, 30), tf.tensor1d(f32("b2"))]);
const quadratic = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor =>
  tf.mul(0.5, tf.sum(tf.square(tf.sub(yPred, yTrue)), -1));
const optimizer = tf.train.sgd(SETUP.learningRate);

function accuracy(): number {
  return tf.tidy(() => {
    const out = model.predict(xTest) as tf.Tensor;
    return tf.mean(tf.cast(tf.equal(tf.argMax(out, 1), yTest), "float32"))
      .dataSync()[0]!;
  });
}

const seconds: number[] = [], acc: number[] = [];
if (variant === "fit") {
  model.compile({ optimizer, loss: quadratic });
  for (let e = 0; e < epochs; e++) {
    const start = performance.now();
    const idx = tf.tensor1d(orders.subarray(e * n, (e + 1) * n), "int32");
    const xs = tf.gather(x, idx), ys = tf.gather(y, idx);
    await model.fit(xs, ys, { epochs: 1, batchSize, shuffle: false });
    tf.dispose([idx, xs, ys]);
    seconds.push((performance.now() - start) / 1000);
    acc.push(accuracy());
  }
} else {
  for (let e = 0; e < epochs; e++) {
    const start = performance.now();
    for (let s = 0; s < n; s += batchSize) {
      const rows = orders.subarray(
        e * n + s,
        e * n + Math.min(s + batchSize, n),
      );
      tf.tidy(() => {
        const idx = tf.tensor1d(rows, "int32");
        const xb = tf.gather(x, idx), yb = tf.gather(y, idx);
        optimizer.minimize(() =>
          tf.mean(quadratic(yb, model.apply(xb) as tf.Tensor)) as tf.Scalar
        );
      });
    }
    seconds.push((performance.now() - start) / 1000);
    acc.push(accuracy());
  }
}
console.log(JSON.stringify({
  name: `tfjs-${variant}`,
  backend,
  seconds,
  accuracy: acc,
  peakRssMb: peakRssMb(),
}));

/**
 * TensorFlow.js (WASM backend) `model.fit` at one row of `deno task
 * bench:scale` (run by `scale.ts` in its own process): sigmoid layers,
 * quadratic cost, SGD, float32, the rows of each epoch in our order.
 * Prints one JSON line: {"seconds": [...]}.
 *
 * Usage: deno run -A bench/scale_tfjs.ts DIR SIZES BATCH EPOCHS
 *
 * @module
 */
import { tf, useWasmBackend } from "./tfjs.ts";
import { readF64, readOrders, SETUP } from "./mnist_files.ts";

const [dir = "/tmp/backprop-mnist", sizesArg = "784,30,10", batchArg = "10"] =
  Deno.args;
const epochs = Number(Deno.args[3] ?? "3");
const sizes = sizesArg.split(",").map(Number), batchSize = Number(batchArg);
await useWasmBackend();
const n = SETUP.trainSize;
const f32 = (name: string) => Float32Array.from(readF64(dir, name));
const x = tf.tensor2d(f32("x_train"), [n, 784]);
const y = tf.tensor2d(f32("y_train"), [n, 10]);
const orders = Int32Array.from(readOrders(dir));
const model = tf.sequential({
  layers: sizes.slice(1).map((units, l) =>
    tf.layers.dense({
      ...(l === 0 ? { inputShape: [sizes[0]!] } : {}),
      units,
      activation: "sigmoid",
    })
  ),
});
const quadratic = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor =>
  tf.mul(0.5, tf.sum(tf.square(tf.sub(yPred, yTrue)), -1));
model.compile({ optimizer: tf.train.sgd(SETUP.learningRate), loss: quadratic });
const seconds: number[] = [];
const perEpoch = orders.length / n;
for (let e = 0; e < epochs; e++) {
  const start = performance.now();
  const at = (e % perEpoch) * n;
  const idx = tf.tensor1d(orders.subarray(at, at + n), "int32");
  const xs = tf.gather(x, idx), ys = tf.gather(y, idx);
  await model.fit(xs, ys, { epochs: 1, batchSize, shuffle: false });
  tf.dispose([idx, xs, ys]);
  seconds.push((performance.now() - start) / 1000);
}
console.log(JSON.stringify({ seconds }));

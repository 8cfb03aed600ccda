/**
 * Where an epoch of chapter 6's first network goes, layer by layer: the
 * forward and backward time of each layer over 800 mini-batches of 10 of
 * the benchmark's training digits (in the data set's order, handed over
 * with their compressed rows as `train()` does), from a fixed `∂C/∂A` at
 * the output (the timing does not depend on its values) passed down as
 * `train()` passes it, so each layer gets its gradient where the layer
 * above keeps it. Three epochs; the last is the warm one.
 *
 * Usage: deno run --frozen -R bench/conv_layers.ts [sigmoid|relu] [THREADS] [float64|float32]
 *
 * @module
 */
import { Matrix } from "../mod.ts";
import { attachSparse, SparseRows } from "../tensor/kernels/mod.ts";
import { chapter6Network } from "./conv_net.ts";
import { loadMnist, SETUP } from "./mnist_data.ts";

const [act = "relu", threadArg = "1", dtypeArg = "float64"] = Deno.args;
const activation = act === "sigmoid" ? "sigmoid" : "relu";
const dtype = dtypeArg === "float32" ? "float32" : "float64";
const net = chapter6Network(activation, { dtype, threads: Number(threadArg) });
const { xTrain } = loadMnist();
const m = 10, batches = SETUP.trainSize / m, layers = net.layers;
const x = Array.from({ length: batches }, (_, b) => {
  const xb = new Matrix(m, 784, xTrain.slice(b * m * 784, (b + 1) * m * 784));
  const rows = new SparseRows();
  if (rows.compress(xb.data, m, 784, 0.5)) attachSparse(xb, rows);
  return xb;
});
const top = new Matrix(m, layers[layers.length - 1]!.outputSize);
for (let i = 0; i < top.data.length; i++) top.data[i] = 0.01 * Math.sin(i);
const forward = new Float64Array(layers.length);
const backward = new Float64Array(layers.length);
for (let epoch = 0; epoch < 3; epoch++) {
  forward.fill(0);
  backward.fill(0);
  for (const xb of x) {
    let a = xb;
    layers.forEach((layer, l) => {
      const t = performance.now();
      a = layer.forward(a, true);
      forward[l]! += performance.now() - t;
    });
    let g = top;
    for (let l = layers.length - 1; l >= 0; l--) {
      const t = performance.now();
      g = layers[l]!.backward(g, l > 0);
      backward[l]! += performance.now() - t;
    }
  }
}
const s = (ms: number) => (ms / 1000).toFixed(2);
console.log(
  `${activation}, ${dtype}, threads ${threadArg}: s per epoch, forward | backward`,
);
const names = ["conv 20x5x5", "max-pool 2", "dense 2880→100", "softmax 100→10"];
layers.forEach((_, l) =>
  console.log(
    `  ${names[l]!.padEnd(15)} ${s(forward[l]!)} | ${s(backward[l]!)}`,
  )
);
const total = forward.reduce((p, v) => p + v, 0) +
  backward.reduce((p, v) => p + v, 0);
console.log(`  ${"all layers".padEnd(15)} ${s(total)}`);

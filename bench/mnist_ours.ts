/**
 * Our `train()` on the benchmark setup (run by `mnist.ts` in its own
 * process): prints one JSON line with seconds and test accuracy per epoch,
 * heap after every epoch and peak RSS.
 *
 * Usage: deno run -R bench/mnist_ours.ts DIR BATCH EPOCHS
 *
 * @module
 */
import { Matrix, mlp, SGD, train } from "../mod.ts";
import { readF64, SETUP } from "./mnist_files.ts";
import { peakRssMb } from "./rss.ts";

const [dir = "/tmp/backprop-mnist", batchArg = "10", epochArg = "5"] =
  Deno.args;
const batchSize = Number(batchArg), epochs = Number(epochArg);
const n = SETUP.trainSize, t = SETUP.testSize;
const x = new Matrix(n, 784, readF64(dir, "x_train"));
const y = new Matrix(n, 10, readF64(dir, "y_train"));
const xTest = new Matrix(t, 784, readF64(dir, "x_test"));
const yTest = new Matrix(t, 10, readF64(dir, "y_test"));
const net = mlp([...SETUP.sizes], { init: "large", seed: SETUP.initSeed });
["w1", "b1", "w2", "b2"].forEach((name, i) =>
  net.params[i]!.value.set(readF64(dir, name))
);
const heap: number[] = [];
const history = train(net, { x, y }, {
  epochs,
  batchSize,
  optimizer: new SGD({ learningRate: SETUP.learningRate }),
  seed: SETUP.shuffleSeed,
  validation: { x: xTest, y: yTest },
  onEpoch: () => {
    // with --v8-flags=--expose-gc, collect first: then only live memory counts
    (globalThis as { gc?: () => void }).gc?.();
    heap.push(Deno.memoryUsage().heapUsed);
  },
});
console.log(JSON.stringify({
  name: "ours",
  seconds: history.map((s) => s.seconds),
  accuracy: history.map((s) => s.validationAccuracy),
  heapUsed: heap,
  peakRssMb: peakRssMb(),
}));

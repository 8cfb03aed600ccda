/**
 * Our `train()` on chapter 6's first network (run by `conv.ts` in its own
 * process): prints one JSON line with seconds and test accuracy per epoch.
 *
 * Usage: deno run -R bench/conv_ours.ts DIR sigmoid|relu EPOCHS [THREADS]
 *   [float64|float32]
 *
 * @module
 */
import { Matrix, SGD, train } from "../mod.ts";
import { readF64, SETUP } from "./mnist_files.ts";
import { chapter6Network, CONV_SETUP } from "./conv_net.ts";

const [
  dir = "/tmp/backprop-conv",
  act = "relu",
  epochArg = "10",
  threadArg = "1",
  dtypeArg = "float64",
] = Deno.args;
const threads = Number(threadArg);
const dtype = dtypeArg === "float32" ? "float32" : "float64";
const activation = act === "sigmoid" ? "sigmoid" : "relu";
const n = SETUP.trainSize, t = SETUP.testSize;
const x = new Matrix(n, 784, readF64(dir, "x_train"));
const y = new Matrix(n, 10, readF64(dir, "y_train"));
const xTest = new Matrix(t, 784, readF64(dir, "x_test"));
const yTest = new Matrix(t, 10, readF64(dir, "y_test"));
const net = chapter6Network(activation, { threads, dtype });
net.params.forEach((p, i) => p.value.set(readF64(dir, `${activation}_p${i}`)));
const history = train(net, { x, y }, {
  epochs: Number(epochArg),
  batchSize: CONV_SETUP.batchSize,
  optimizer: new SGD({ learningRate: CONV_SETUP.learningRate }),
  seed: CONV_SETUP.shuffleSeed,
  validation: { x: xTest, y: yTest },
});
console.log(JSON.stringify({
  name: `ours ${activation} ${dtype} ${threads}t`,
  seconds: history.map((s) => s.seconds),
  accuracy: history.map((s) => s.validationAccuracy),
}));

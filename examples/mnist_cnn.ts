/**
 * A bigger convolutional network than chapter 6's first one, on the same
 * 8,000 / 2,000 MNIST split as `deno task bench:conv`: two conv layers
 * with ReLU, max-pooling, a dense ReLU layer with dropout, softmax output,
 * log-likelihood, SGD with momentum (η = 0.01 for `--epochs`, then η =
 * 0.001 for `--fine` more epochs) and L2. `--expand` adds every training
 * digit shifted by one pixel up, down, left and right (chapter 6's
 * `expand_mnist.py`), five times the rows.
 *
 * Usage: deno task example:mnist-cnn [--epochs 10] [--fine 5] [--expand]
 *   [--save FILE] (with -W)
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  Conv2D,
  Dense,
  Dropout,
  logLikelihood,
  Matrix,
  MaxPool2D,
  Momentum,
  Network,
  softmax,
  train,
} from "../mod.ts";
import { loadMnist } from "../bench/mnist_data.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    epochs: { type: "string", default: "10" },
    fine: { type: "string", default: "5" },
    expand: { type: "boolean", default: false },
    save: { type: "string" },
  },
});
const data = loadMnist();
let xTrain = data.xTrain, yTrain = data.yTrain;
if (values.expand) [xTrain, yTrain] = expand(xTrain, yTrain);
const n = yTrain.length / 10, t = data.yTest.length / 10;

const c1 = new Conv2D([1, 28, 28], 20, 5, "relu", { init: "he", seed: 1 });
const p1 = new MaxPool2D(c1.outputShape, 2);
const c2 = new Conv2D(p1.outputShape, 40, 5, "relu", { init: "he", seed: 2 });
const p2 = new MaxPool2D(c2.outputShape, 2);
const network = new Network([
  c1,
  p1,
  c2,
  p2,
  new Dense(p2.outputSize, 100, "relu", { init: "he", seed: 3 }),
  new Dropout(100, 0.5, { seed: 4 }),
  new Dense(100, 10, softmax, { seed: 5 }),
], logLikelihood);

const started = performance.now();
const x = new Matrix(n, 784, xTrain), y = new Matrix(n, 10, yTrain);
const validation = {
  x: new Matrix(t, 784, data.xTest),
  y: new Matrix(t, 10, data.yTest),
};
let done = 0;
// a step schedule: η = 0.01, then η = 0.001 to settle
for (
  const [epochs, learningRate] of [[Number(values.epochs), 0.01], [
    Number(values.fine),
    0.001,
  ]] as const
) {
  if (epochs === 0) continue;
  train(network, { x, y }, {
    epochs,
    batchSize: 10,
    optimizer: new Momentum({ learningRate, momentum: 0.9, l2: 1 }),
    seed: 1 + done,
    validation,
    onEpoch: (s) =>
      console.log(
        `epoch ${done + s.epoch} (η ${learningRate}): loss ${
          s.loss.toFixed(4)
        }, training accuracy ${
          (100 * s.accuracy!).toFixed(2)
        }%, test accuracy ${(100 * s.validationAccuracy!).toFixed(2)}% (${
          s.seconds.toFixed(1)
        } s)`,
      ),
  });
  done += epochs;
}
console.log(
  `${n} training digits, ${t} test digits; ${
    ((performance.now() - started) / 1000).toFixed(0)
  } s in all`,
);
if (values.save) {
  const { saveModel } = await import("../model/mod.ts");
  await saveModel(network, values.save);
}

/** Every digit, then the same digits shifted by one pixel four ways. */
function expand(
  x: Float64Array,
  y: Float64Array,
): [Float64Array, Float64Array] {
  const rows = y.length / 10,
    shifts = [[0, 0], [-1, 0], [1, 0], [0, -1], [0, 1]];
  const X = new Float64Array(x.length * shifts.length);
  const Y = new Float64Array(y.length * shifts.length);
  shifts.forEach(([dy, dx], s) => {
    for (let i = 0; i < rows; i++) {
      const from = i * 784, to = (s * rows + i) * 784;
      for (let r = 0; r < 28; r++) {
        for (let c = 0; c < 28; c++) {
          const sr = r - dy!, sc = c - dx!;
          if (sr >= 0 && sr < 28 && sc >= 0 && sc < 28) {
            X[to + r * 28 + c] = x[from + sr * 28 + sc]!;
          }
        }
      }
      Y.set(y.subarray(i * 10, i * 10 + 10), (s * rows + i) * 10);
    }
  });
  return [X, Y];
}

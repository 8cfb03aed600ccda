/**
 * Where a training step's time goes at mini-batch 10 on the benchmark's
 * MNIST data (written by `deno task bench:mnist` to /tmp/backprop-mnist):
 * the batch gather, the backprop pass, SGD's update, and, in a second run
 * of the same epochs, the forward pass alone and the first layer's
 * BP3 + BP4 alone. Rows in the data set's order, 3 warm-up epochs, then
 * the mean over 10 epochs of 800 steps.
 *
 * Usage: deno run -A bench/mnist_step_parts.ts [DIR]
 *
 * @module
 */
import { type Dense, Matrix, mlp, SGD } from "../mod.ts";
import { BackpropEngine } from "../network/backprop.ts";
import {
  attachSparse,
  sparseOf,
  SparseRows,
  wasmBatchRows,
} from "../tensor/kernels/mod.ts";
import { readF64, SETUP } from "./mnist_files.ts";

const [dir = "/tmp/backprop-mnist"] = Deno.args;
const n = SETUP.trainSize, m = 10;
const X = readF64(dir, "x_train"), Y = readF64(dir, "y_train");
const net = mlp([...SETUP.sizes], { init: "large", seed: SETUP.initSeed });
["w1", "b1", "w2", "b2"].forEach((name, i) =>
  net.params[i]!.value.set(readF64(dir, name))
);
const first = net.layers[0] as Dense;
const engine = new BackpropEngine(net.layers, net.cost);
const sgd = new SGD({ learningRate: SETUP.learningRate });
const all = new SparseRows();
all.compress(X, n, 784, 0.5);
const bx = new Matrix(m, 784), by = new Matrix(m, 10);
// as train() does: the batch's nonzeros go straight into WebAssembly memory
attachSparse(bx, wasmBatchRows(first.weights.data) ?? new SparseRows());
const order = new Uint32Array(n).map((_, i) => i);
const context = { trainingSize: n };
const time = { gather: 0, run: 0, sgd: 0, forward: 0, bp4: 0 };

function epoch(parts: boolean): void {
  for (let s = 0; s < n; s += m) {
    let t = performance.now(), u: number;
    sparseOf(bx)!.gather(all, order, s, m, undefined, 784);
    for (let r = 0; r < m; r++) {
      for (let j = 0; j < 10; j++) {
        by.data[r * 10 + j] = Y[order[s + r]! * 10 + j]!;
      }
    }
    u = performance.now();
    time.gather += u - t;
    t = u;
    if (parts) {
      engine.forward(bx, true);
      u = performance.now();
      time.forward += u - t;
      t = u;
    }
    engine.run(bx, by, net.fused);
    u = performance.now();
    time.run += u - t;
    t = u;
    if (parts) {
      first.backwardFromDelta(false); // again: the same BP3 + BP4
      u = performance.now();
      time.bp4 += u - t;
      t = u;
    }
    sgd.step(net.params, context);
    time.sgd += performance.now() - t;
  }
}

const epochs = 10, steps = epochs * (n / m);
const us = (ms: number): string => (ms / steps * 1000).toFixed(1);
function reset(): void {
  time.gather =
    time.run =
    time.sgd =
    time.forward =
    time.bp4 =
      0;
}
for (let e = 0; e < 3; e++) epoch(false);
reset();
const start = performance.now();
for (let e = 0; e < epochs; e++) epoch(false);
const total = performance.now() - start;
console.log(
  `step ${us(total)} µs: gather ${us(time.gather)}, backprop ${
    us(time.run)
  }, SGD ${us(time.sgd)}`,
);
reset();
for (let e = 0; e < epochs; e++) epoch(true);
console.log(
  `forward alone ${us(time.forward)} µs, first layer's BP3 + BP4 alone ${
    us(time.bp4)
  } µs`,
);

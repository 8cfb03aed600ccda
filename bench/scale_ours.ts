/**
 * Our `train()` at one row of `deno task bench:scale` (run by `scale.ts`
 * in its own process): the MNIST training rows of `mnist_data.ts`, sigmoid
 * layers, quadratic cost, SGD. Prints one JSON line: seconds per epoch
 * (wall clock and the process's CPU time) and the heap after a forced GC
 * per epoch.
 *
 * Usage: deno run -A --v8-flags=--expose-gc bench/scale_ours.ts DIR
 *   SIZES BATCH EPOCHS DTYPE THREADS
 *
 * @module
 */
import { type DType, Matrix, mlp, SGD, train } from "../mod.ts";
import { startThreads } from "../tensor/kernels/threads.ts";
import { readF64, SETUP } from "./mnist_files.ts";
import process from "node:process";

const [dir = "/tmp/backprop-mnist", sizesArg = "784,30,10", batchArg = "10"] =
  Deno.args;
const epochs = Number(Deno.args[3] ?? "3");
const dtype = (Deno.args[4] ?? "float64") as DType;
const threads = Number(Deno.args[5] ?? "1");
const sizes = sizesArg.split(",").map(Number);
const n = SETUP.trainSize;
const x = new Matrix(n, 784, readF64(dir, "x_train"));
const y = new Matrix(n, 10, readF64(dir, "y_train"));
const running = await startThreads(threads);
const net = mlp(sizes, { seed: SETUP.initSeed, dtype, threads });
const heap: number[] = [], cpu: number[] = [];
let used = process.cpuUsage();
const history = train(net, { x, y }, {
  epochs,
  batchSize: Number(batchArg),
  optimizer: new SGD({ learningRate: SETUP.learningRate }),
  seed: SETUP.shuffleSeed,
  onEpoch: () => {
    const d = process.cpuUsage(used);
    cpu.push((d.user + d.system) / 1e6);
    (globalThis as { gc?: () => void }).gc?.();
    heap.push(Deno.memoryUsage().heapUsed);
    used = process.cpuUsage();
  },
});
console.log(JSON.stringify({
  seconds: history.map((s) => s.seconds),
  cpuSeconds: cpu,
  heapUsed: heap,
  threads: running,
}));

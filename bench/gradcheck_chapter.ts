/**
 * The closing note's number: how much faster backprop is than the
 * chapter's forward difference for `Network([784, 30, 10])`, every one of
 * its 23,860 parameters (not sampled), on one thread and on every core.
 * The batch is the first ten digits of examples/mnist.csv when that file
 * exists (`deno task data:mnist`), else ten MNIST-shaped synthetic inputs.
 * `deno run --frozen -R bench/gradcheck_chapter.ts`.
 *
 * @module
 */
import { gradcheck, gradcheckParallel } from "../gradcheck/mod.ts";
import { chapterNetwork } from "../gradcheck/harness/chapter.ts";

let { network, x, y } = chapterNetwork(0), data = "synthetic MNIST-shaped";
try {
  const url = new URL("../examples/mnist.csv", import.meta.url);
  const lines = (await Deno.readTextFile(url)).split("\n", 11).slice(1);
  x = lines.map((l) => l.split(",").slice(0, 784).map(Number));
  y = lines.map((l) => {
    const d = Number(l.split(",")[784]);
    return Array.from({ length: 10 }, (_, j) => (j === d ? 1 : 0));
  });
  data = "the first 10 digits of examples/mnist.csv";
} catch (e) {
  if (!(e instanceof Deno.errors.NotFound)) throw e;
}
console.log(`Network([784, 30, 10]), batch: ${data}`);
const one = gradcheck(network, x, y, { paths: "network", minTimingMs: 500 });
const cores = navigator.hardwareConcurrency ?? 1;
const all = await gradcheckParallel(network, x, y, {
  paths: "network",
  minTimingMs: 500,
  workers: cores,
});
for (
  const [label, r] of [["1 thread", one], [`${cores} workers`, all]] as const
) {
  console.log(
    `${label}: ${r.total} params, ${r.timing.forwardPasses.numeric} forward passes, ` +
      `backprop ${r.timing.backpropMs.toFixed(3)} ms, forward difference ` +
      `${(r.timing.numericMs / 1000).toFixed(2)} s, speedup ${
        Math.round(r.timing.speedup)
      }x, max relative error ${r.maxRelativeError.toExponential(1)} (${
        r.ok ? "pass" : "FAIL"
      })`,
  );
}

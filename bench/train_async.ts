/**
 * `deno run --frozen bench/train_async.ts`: what `trainAsync` costs against
 * `train`, and how late a 10 ms timer fires while each runs. One epoch of
 * 6000 MNIST-like rows (80% zeros) through [784, 30, 10] in batches of 10,
 * alternating the two, 15 times; medians, and whether the bits agree.
 *
 * @module
 */
import {
  Matrix,
  mlp,
  type Network,
  Random,
  SGD,
  train,
  trainAsync,
} from "../mod.ts";

const random = new Random(1), n = 6000;
const x = new Matrix(n, 784), y = new Matrix(n, 10);
for (let i = 0; i < x.data.length; i++) {
  x.data[i] = random.uniform() < 0.8 ? 0 : random.uniform();
}
for (let r = 0; r < n; r++) y.data[r * 10 + random.int(10)] = 1;
const options = () => ({
  epochs: 1,
  batchSize: 10,
  optimizer: new SGD({ learningRate: 0.5 }),
  seed: 3,
});

/** Wall time of a run and when a 10 ms timer set at its start fired. */
async function timed(run: (net: Network) => unknown, net: Network) {
  const start = performance.now();
  let fired = NaN;
  const timer = setTimeout(() => (fired = performance.now() - start), 10);
  await run(net);
  const ms = performance.now() - start;
  await new Promise((r) => setTimeout(r, 0));
  clearTimeout(timer);
  return { ms, fired };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const rows: Record<string, { ms: number[]; fired: number[] }> = {
  train: { ms: [], fired: [] },
  trainAsync: { ms: [], fired: [] },
};
let same = true;
for (let rep = 0; rep < 15; rep++) {
  const a = mlp([784, 30, 10], { seed: 1 }),
    b = mlp([784, 30, 10], { seed: 1 });
  const s = await timed((net) => train(net, { x, y }, options()), a);
  const t = await timed((net) => trainAsync(net, { x, y }, options()), b);
  rows.train!.ms.push(s.ms);
  rows.train!.fired.push(s.fired);
  rows.trainAsync!.ms.push(t.ms);
  rows.trainAsync!.fired.push(t.fired);
  same &&= a.params.every((p, i) =>
    p.value.every((v, j) => Object.is(v, b.params[i]!.value[j]))
  );
}
for (const [name, r] of Object.entries(rows)) {
  console.log(
    `${name.padEnd(10)} median ${median(r.ms).toFixed(0)} ms per epoch; ` +
      `10 ms timer fired at median ${median(r.fired).toFixed(1)} ms ` +
      `(range ${Math.min(...r.fired).toFixed(1)}-${
        Math.max(...r.fired).toFixed(1)
      })`,
  );
}
console.log(`same bits: ${same}`);

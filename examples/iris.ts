/**
 * Trains a [4, 10, 3] network on examples/iris.csv and prints its accuracy
 * on a held-out 30 rows: `deno task example:iris`.
 *
 * @module
 */
import { Adam, mlp, Random, train } from "../mod.ts";

const text = await Deno.readTextFile(new URL("./iris.csv", import.meta.url));
const [, ...lines] = text.trim().split("\n");
const rows = lines.map((line) => line.split(","));
const classes = [...new Set(rows.map((r) => r[4]!))];
const x = rows.map((r) => r.slice(0, 4).map(Number));
const y = rows.map((r) => classes.map((c) => (c === r[4] ? 1 : 0)));

// A stratified split: 10 random rows of each class are held out.
const random = new Random(42), testIdx: number[] = [], trainIdx: number[] = [];
for (const c of classes) {
  const idx = rows.flatMap((r, i) => (r[4] === c ? [i] : []));
  random.shuffle(idx);
  testIdx.push(...idx.slice(0, 10));
  trainIdx.push(...idx.slice(10));
}
// Standardise with the training rows' mean and standard deviation only.
const mean = [0, 1, 2, 3].map((j) =>
  trainIdx.reduce((s, i) => s + x[i]![j]!, 0) / trainIdx.length
);
const std = [0, 1, 2, 3].map((j) =>
  Math.sqrt(
    trainIdx.reduce((s, i) => s + (x[i]![j]! - mean[j]!) ** 2, 0) /
      trainIdx.length,
  )
);
const scale = (r: number[]): number[] =>
  r.map((v, j) => (v - mean[j]!) / std[j]!);
const pick = (idx: number[]) => ({
  x: idx.map((i) => scale(x[i]!)),
  y: idx.map((i) => y[i]!),
});
const trainSet = pick(trainIdx), testSet = pick(testIdx);

const network = mlp([4, 10, 3], {
  activation: "tanh",
  cost: "logLikelihood",
  seed: 1,
});
const history = train(network, trainSet, {
  epochs: 100,
  batchSize: 10,
  optimizer: new Adam({ learningRate: 0.01 }),
  seed: 1,
  validation: testSet,
});
const last = history.at(-1)!;
console.log(
  `iris: ${trainIdx.length} training rows, ${testIdx.length} held out; after ${last.epoch} epochs ` +
    `training accuracy ${(100 * last.accuracy!).toFixed(1)}%, ` +
    `test accuracy ${(100 * last.validationAccuracy!).toFixed(1)}%`,
);

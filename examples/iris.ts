/**
 * Trains a [4, 10, 3] network on examples/iris.csv and prints its accuracy
 * on 30 held-out rows: `deno task example:iris`. The library used from
 * code; `deno task train examples/iris.csv` does the same from the command
 * line.
 *
 * @module
 */
import {
  Adam,
  fitScaling,
  mlp,
  splitDataset,
  standardize,
  train,
} from "../mod.ts";
import { loadCsv } from "../io/mod.ts";

const iris = await loadCsv(new URL("./iris.csv", import.meta.url).pathname);
// A stratified split: 10 random rows of each class are held out.
const [trainSet, testSet] = splitDataset(iris, 0.2, 42);
// Standardise with the training rows' mean and standard deviation only.
const scaling = fitScaling(trainSet.x);
standardize(trainSet.x, scaling);
standardize(testSet.x, scaling);

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
  `iris: ${trainSet.x.rows} training rows, ${testSet.x.rows} held out; after ${last.epoch} epochs ` +
    `training accuracy ${(100 * last.accuracy!).toFixed(1)}%, ` +
    `test accuracy ${(100 * last.validationAccuracy!).toFixed(1)}%`,
);

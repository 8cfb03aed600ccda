import assert from "node:assert/strict";
import {
  fitScaling,
  mlp,
  Momentum,
  SGD,
  splitDataset,
  standardize,
  train,
  TrainingDivergedError,
} from "../../mod.ts";
import { loadCsv } from "../../io/mod.ts";

const xorX = [[0, 0], [0, 1], [1, 0], [1, 1]], xorY = [[0], [1], [1], [0]];

Deno.test("train() learns XOR to 100% accuracy with a fixed seed", () => {
  const net = mlp([2, 3, 1], { seed: 5 });
  const history = train(net, { x: xorX, y: xorY }, {
    epochs: 3000,
    batchSize: 4,
    optimizer: new SGD({ learningRate: 3 }),
    seed: 1,
  });
  const out = net.predict(xorX);
  xorY.forEach(([y], i) =>
    assert.equal(
      out.get(i, 0) >= 0.5 ? 1 : 0,
      y,
      `XOR row ${i}: ${out.get(i, 0)}`,
    )
  );
  assert.equal(history.at(-1)!.accuracy, 1);
  assert.equal(history.length, 3000);
});

Deno.test("train() reaches at least 95% on a held-out fifth of iris with the CLI's defaults", async () => {
  const iris = await loadCsv(
    new URL("../../examples/iris.csv", import.meta.url).pathname,
  );
  assert.equal(iris.x.rows, 150);
  // `deno task train examples/iris.csv`: a stratified fifth held out (seed
  // 1), features scaled by the training rows only, 4-30-3 tanh/softmax,
  // SGD η = 0.1, m = 16, 100 epochs. Over split seeds 1 to 20 this setup
  // averages 95.7% (a held-out row is 3.3 points); seed 1 is the README's.
  const [rest, test] = splitDataset(iris, 0.2, 1);
  const scaling = fitScaling(rest.x);
  standardize(rest.x, scaling);
  standardize(test.x, scaling);
  const net = mlp([4, 30, 3], {
    activation: "tanh",
    cost: "logLikelihood",
    seed: 1,
  });
  const history = train(net, rest, {
    epochs: 100,
    batchSize: 16,
    optimizer: new SGD({ learningRate: 0.1 }),
    seed: 1,
    validation: test,
  });
  const acc = history.at(-1)!.validationAccuracy!;
  assert.ok(acc >= 0.95, `held-out accuracy ${acc}`);
});

function run(seed: number) {
  const net = mlp([2, 4, 1], { seed: 9, dropout: 0.2 });
  const history = train(net, { x: xorX, y: xorY }, {
    epochs: 20,
    batchSize: 3,
    optimizer: new Momentum({ learningRate: 0.5 }),
    seed,
  });
  return {
    weights: net.params.map((p) => Array.from(p.value)),
    losses: history.map((h) => h.loss),
  };
}

Deno.test("the same seed gives bit-identical weights and losses; another seed does not", () => {
  const a = run(4), b = run(4), c = run(5);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.weights, c.weights);
});

Deno.test("shuffle: false with one batch per epoch equals full-batch gradient descent by hand", () => {
  const net = mlp([2, 2, 1], { seed: 1 }), copy = mlp([2, 2, 1], { seed: 1 });
  train(net, { x: xorX, y: xorY }, {
    epochs: 3,
    batchSize: 4,
    optimizer: new SGD({ learningRate: 0.5 }),
    shuffle: false,
  });
  for (let e = 0; e < 3; e++) {
    copy.gradient(xorX, xorY);
    for (const p of copy.params) {
      p.value.forEach((v, i) => (p.value[i] = v - 0.5 * p.grad[i]!));
    }
  }
  assert.deepEqual(
    net.params.map((p) => Array.from(p.value)),
    copy.params.map((p) => Array.from(p.value)),
  );
});

Deno.test("train() reports validation figures and calls onEpoch and onBatch", () => {
  const seen: number[] = [], batches: number[] = [];
  const history = train(mlp([2, 2, 1], { seed: 1 }), { x: xorX, y: xorY }, {
    epochs: 2,
    batchSize: 3,
    optimizer: new SGD({ learningRate: 1 }),
    validation: { x: xorX, y: xorY },
    onEpoch: (s) => void seen.push(s.epoch),
    onBatch: (done) => void batches.push(done),
  });
  assert.deepEqual(seen, [1, 2]);
  assert.deepEqual(batches, [3, 4, 3, 4]);
  assert.ok(
    history.every((h) =>
      h.validationLoss! >= 0 && h.validationAccuracy !== undefined
    ),
  );
});

Deno.test("early stopping stops after `patience` epochs without improvement and restores the best weights", () => {
  const net = mlp([2, 3, 1], { seed: 2 });
  const losses: number[] = [];
  const history = train(net, { x: xorX, y: xorY }, {
    epochs: 500,
    batchSize: 4,
    // A learning rate so large that the loss soon stops improving.
    optimizer: new SGD({ learningRate: 40 }),
    seed: 1,
    validation: { x: xorX, y: xorY },
    earlyStopping: { patience: 3 },
    onEpoch: (s) => void losses.push(s.validationLoss!),
  });
  assert.ok(history.length < 500, `ran ${history.length} epochs`);
  const best = Math.min(...losses);
  const bestEpoch = losses.indexOf(best);
  assert.equal(history.length, bestEpoch + 1 + 3);
  assert.equal(net.loss(xorX, xorY), best);
});

Deno.test("a diverging run stops with an error naming the epoch and suggesting a smaller learning rate", () => {
  const net = mlp([2, 3, 1], { activation: "identity", seed: 1 });
  assert.throws(
    () =>
      train(net, { x: [[1e3, -1e3], [2e3, 5e2]], y: [[1], [0]] }, {
        epochs: 50,
        batchSize: 2,
        optimizer: new SGD({ learningRate: 10 }),
      }),
    (e: Error) =>
      e instanceof TrainingDivergedError &&
      /Training diverged in epoch \d+/.test(e.message) &&
      /try a smaller learning rate \(it is '10'\)/.test(e.message),
  );
});

Deno.test("train() rejects bad input with a clear error", async (t) => {
  const opt = new SGD({ learningRate: 1 });
  const net = mlp([2, 2, 1]);
  const cases: [string, () => unknown, RegExp][] = [
    [
      "empty data",
      () =>
        train(net, { x: [], y: [] }, {
          epochs: 1,
          batchSize: 1,
          optimizer: opt,
        }),
      /has no rows/,
    ],
    [
      "wrong input width",
      () =>
        train(net, { x: [[1, 2, 3]], y: [[1]] }, {
          epochs: 1,
          batchSize: 1,
          optimizer: opt,
        }),
      /rows have 3 values but the network has 2 inputs/,
    ],
    [
      "wrong target width",
      () =>
        train(net, { x: [[1, 2]], y: [[1, 0]] }, {
          epochs: 1,
          batchSize: 1,
          optimizer: opt,
        }),
      /rows have 2 values but the network has 1 outputs/,
    ],
    [
      "row count mismatch",
      () =>
        train(net, { x: [[1, 2]], y: [[1], [0]] }, {
          epochs: 1,
          batchSize: 1,
          optimizer: opt,
        }),
      /X has 1 rows but Y has 2/,
    ],
    [
      "NaN input",
      () =>
        train(net, { x: [[1, NaN]], y: [[1]] }, {
          epochs: 1,
          batchSize: 1,
          optimizer: opt,
        }),
      /row 0, column 1 is 'NaN'/,
    ],
    [
      "infinite target",
      () =>
        train(net, { x: [[1, 2]], y: [[Infinity]] }, {
          epochs: 1,
          batchSize: 1,
          optimizer: opt,
        }),
      /Y: row 0, column 0 is 'Infinity'/,
    ],
    [
      "batch size 0",
      () =>
        train(net, { x: xorX, y: xorY }, {
          epochs: 1,
          batchSize: 0,
          optimizer: opt,
        }),
      /'batchSize' must be a positive integer, got '0'/,
    ],
    [
      "epochs 1.5",
      () =>
        train(net, { x: xorX, y: xorY }, {
          epochs: 1.5,
          batchSize: 1,
          optimizer: opt,
        }),
      /'epochs' must be a positive integer, got '1.5'/,
    ],
    [
      "ragged rows",
      () => net.predict([[1, 2], [3]]),
      /row 1 has 1 values but row 0 has 2/,
    ],
    [
      "negative learning rate",
      () => new SGD({ learningRate: -1 }),
      /learningRate must be a positive number, got '-1'/,
    ],
    [
      "unknown activation",
      () => mlp([2, 1], { activation: "sigmod" }),
      /Unknown activation 'sigmod': use one of 'sigmoid'/,
    ],
  ];
  for (const [name, fn, message] of cases) {
    await t.step(name, () => assert.throws(fn, message));
  }
});

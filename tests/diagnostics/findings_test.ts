import assert from "node:assert/strict";
import {
  Dense,
  diagnose,
  mlp,
  Network,
  relu,
  reviewTraining,
  SGD,
  sigmoid,
  train,
} from "../../mod.ts";
import { inkRows } from "./fixtures.ts";

const has = (findings: readonly string[], label: string): string | undefined =>
  findings.find((f) =>
    f.startsWith(`${label}: `) || f.startsWith(`At the start: ${label}: `)
  );

Deno.test("the doctor finds a vanishing gradient in a deep sigmoid network, with the ratio", () => {
  const { x, y } = inkRows(200, 60, 1);
  const { layers, findings } = diagnose(
    mlp([60, 30, 30, 30, 30, 3], { cost: "crossEntropy", seed: 2 }),
    x,
    y,
  );
  const ratio = layers[3]!.biasGradientNorm / layers[0]!.biasGradientNorm;
  assert.ok(ratio >= 10, `ratio ${ratio}`);
  const f = has(findings, "Vanishing gradient");
  assert.ok(f, findings.join("\n"));
  assert.match(f, new RegExp(`learns ${Number(ratio.toPrecision(3))}× slower`));
  assert.match(f, /ReLU or tanh/);
});

Deno.test("the doctor finds no vanishing gradient in a deep ReLU network with init 'he'", () => {
  const { x, y } = inkRows(200, 60, 1);
  const net = mlp([60, 30, 30, 30, 30, 3], {
    activation: "relu",
    output: "softmax",
    cost: "logLikelihood",
    init: "he",
    seed: 2,
  });
  const { layers, findings } = diagnose(net, x, y);
  assert.ok(layers[3]!.biasGradientNorm / layers[0]!.biasGradientNorm < 10);
  assert.equal(
    has(findings, "Vanishing gradient"),
    undefined,
    findings.join("\n"),
  );
});

Deno.test("the doctor finds a hidden layer saturated by init 'large' on pixels, and none with 'default'", () => {
  const { x, y } = inkRows(100, 783, 3);
  const large = diagnose(
    mlp([783, 30, 3], { cost: "crossEntropy", init: "large", seed: 4 }),
    x,
    y,
  );
  const f = has(large.findings, "Saturated layer");
  assert.ok(f, large.findings.join("\n"));
  assert.match(
    f,
    new RegExp(
      `layer 0 \\(783-30 sigmoid\\) has ${
        Math.round(large.layers[0]!.saturation! * 100)
      }%`,
    ),
  );
  assert.match(f, /init 'default'/);
  assert.match(
    reviewTraining([], { start: large })[0]!,
    /^At the start: Saturated layer: /,
  );
  const fine = diagnose(
    mlp([783, 30, 3], { cost: "crossEntropy", seed: 4 }),
    x,
    y,
  );
  assert.equal(fine.layers[0]!.saturation, 0);
  assert.deepEqual(fine.findings, []);
});

Deno.test("the doctor finds a hidden layer that saturates during training with too large a learning rate", () => {
  const { x, y } = inkRows(200, 60, 3);
  const run = (eta: number) => {
    const net = mlp([60, 20, 3], { cost: "crossEntropy", seed: 1 });
    const history = train(net, { x, y }, {
      epochs: 20,
      batchSize: 10,
      optimizer: new SGD({ learningRate: eta }),
      seed: 1,
      diagnostics: true,
    });
    return { history, found: reviewTraining(history) };
  };
  const hot = run(10);
  const share = Math.round(hot.history.at(-1)!.layers![0]!.saturation! * 100);
  assert.match(
    has(hot.found, "Saturated layer")!,
    new RegExp(
      `^Saturated layer: in the last epoch, layer 0 \\(60-20 sigmoid\\) has ${share}% .*a smaller learning rate or L2`,
    ),
  );
  assert.equal(has(run(0.5).found, "Saturated layer"), undefined);
});

Deno.test("the doctor finds the quadratic cost's learning slowdown in the book's neuron started at w = b = 2, not at 0.6 and 0.9", () => {
  const neuron = (w: number, b: number, cost: string) => {
    const layer = new Dense(1, 1, sigmoid);
    layer.weights.data[0] = w;
    layer.biases[0] = b;
    return diagnose(new Network([layer], cost), [[1]], [[0]]).findings;
  };
  const f = has(neuron(2, 2, "quadratic"), "Learning slowdown");
  assert.ok(f);
  assert.match(f, /100% of the output values/);
  assert.match(f, /cross-entropy/);
  assert.deepEqual(neuron(0.6, 0.9, "quadratic"), []);
  assert.deepEqual(neuron(2, 2, "crossEntropy"), []);
});

Deno.test("the doctor finds dead ReLUs, from diagnose() and from a training run with a huge learning rate", () => {
  const { x, y } = inkRows(100, 60, 5);
  const layers = [
    new Dense(60, 20, relu, { seed: 6, init: "he" }),
    new Dense(20, 3, sigmoid, { seed: 7 }),
  ];
  layers[0]!.biases.forEach((_, j, b) => (b[j] = j < 8 ? -10 : 0));
  const found = diagnose(new Network(layers, "crossEntropy"), x, y).findings;
  assert.match(
    has(found, "Dead ReLUs")!,
    /^Dead ReLUs: 40% of layer 0's units \(60-20 relu\)/,
  );

  const run = (eta: number) => {
    const net = mlp([60, 20, 3], {
      activation: "relu",
      output: "sigmoid",
      cost: "crossEntropy",
      init: "he",
      seed: 6,
    });
    return reviewTraining(
      train(net, { x, y }, {
        epochs: 5,
        batchSize: 10,
        optimizer: new SGD({ learningRate: eta }),
        seed: 1,
        diagnostics: true,
      }),
    );
  };
  assert.ok(has(run(50), "Dead ReLUs"), run(50).join("\n"));
  assert.equal(has(run(0.1), "Dead ReLUs"), undefined);
});

Deno.test("the doctor finds overfitting when a network memorises random labels, with the best epoch", () => {
  const data = inkRows(30, 60, 8, true), val = inkRows(200, 60, 9, true);
  const net = mlp([60, 30, 3], { cost: "crossEntropy", seed: 1 });
  const history = train(net, data, {
    epochs: 200,
    batchSize: 10,
    optimizer: new SGD({ learningRate: 0.5 }),
    seed: 1,
    validation: val,
  });
  const best = history.reduce((b, h) =>
    h.validationLoss! < b.validationLoss! ? h : b
  );
  const f = has(reviewTraining(history), "Overfitting");
  assert.ok(f);
  assert.match(f, new RegExp(`the best epoch was ${best.epoch}\\)`));
});

Deno.test("the doctor finds an exploding and an oscillating loss from too large a learning rate", () => {
  // linear regression y = 2x: each full-batch step multiplies the error by 1 − η·mean(x²)
  const x = [[1], [2], [3]], y = [[2], [4], [6]];
  const linear = (eta: number, epochs: number) => {
    const net = mlp([1, 1], { activation: "identity", seed: 1 });
    return reviewTraining(
      train(net, { x, y }, {
        epochs,
        batchSize: 3,
        optimizer: new SGD({ learningRate: eta }),
        shuffle: false,
      }),
    );
  };
  // mean(x²) = 14/3: η = 0.5 gives a factor 1.33 in |error| per epoch
  assert.match(has(linear(0.5, 10), "Exploding loss")!, /try a tenth of it/);
  assert.deepEqual(linear(0.1, 10), []);
  // a classifier with η = 20: the loss jumps up and down from epoch to epoch
  const { x: xs, y: ys } = inkRows(100, 30, 3);
  const classifier = (eta: number) =>
    reviewTraining(
      train(mlp([30, 10, 3], { cost: "crossEntropy", seed: 1 }), {
        x: xs,
        y: ys,
      }, {
        epochs: 20,
        batchSize: 10,
        optimizer: new SGD({ learningRate: eta }),
        seed: 1,
      }),
    );
  assert.match(
    has(classifier(20), "Oscillating loss")!,
    /in \d+ of 19 epochs .*try half of it/,
  );
  assert.deepEqual(classifier(0.5), []);
});

Deno.test("a healthy run raises no finding at the start nor during training", () => {
  const data = inkRows(300, 60, 10), val = inkRows(100, 60, 11);
  const net = mlp([60, 20, 3], { cost: "crossEntropy", seed: 2 });
  const start = diagnose(net, data.x, data.y);
  const history = train(net, data, {
    epochs: 15,
    batchSize: 10,
    optimizer: new SGD({ learningRate: 0.5 }),
    seed: 1,
    validation: val,
    diagnostics: true,
  });
  assert.ok(
    history.at(-1)!.validationAccuracy! > 0.7,
    `accuracy ${history.at(-1)!.validationAccuracy}`,
  );
  assert.deepEqual(reviewTraining(history, { start }), []);
});

/**
 * gradcheck at every stage of training: networks of every activation and
 * cost family, with and without dropout and L2, trained down to a loss
 * below 1e-5 and checked at 10 points along the way. A correct gradient
 * must never fail, whatever the numerics can or cannot decide.
 */
import assert from "node:assert/strict";
import { gradcheck } from "../../gradcheck/mod.ts";
import {
  type Activation,
  Adam,
  elu,
  leakyRelu,
  mlp,
  type Network,
  Random,
  relu,
  sigmoid,
  softmax,
  softplus,
  tanh,
  train,
} from "../../mod.ts";

interface Case {
  name: string;
  hidden: Activation;
  output: Activation | "identity";
  cost: "quadratic" | "crossEntropy" | "logLikelihood";
  dropout?: number;
  l2?: number;
}

const CASES: Case[] = [
  {
    name: "sigmoid/crossEntropy",
    hidden: sigmoid,
    output: sigmoid,
    cost: "crossEntropy",
  },
  {
    name: "sigmoid/quadratic",
    hidden: sigmoid,
    output: sigmoid,
    cost: "quadratic",
  },
  {
    name: "tanh → identity/quadratic",
    hidden: tanh,
    output: "identity",
    cost: "quadratic",
  },
  {
    name: "relu → softmax/logLikelihood",
    hidden: relu,
    output: softmax,
    cost: "logLikelihood",
  },
  {
    name: "leakyRelu(0.2) → identity/quadratic",
    hidden: leakyRelu(0.2),
    output: "identity",
    cost: "quadratic",
  },
  {
    name: "elu(0.5) → sigmoid/crossEntropy",
    hidden: elu(0.5),
    output: sigmoid,
    cost: "crossEntropy",
  },
  {
    name: "softplus → softmax/logLikelihood",
    hidden: softplus,
    output: softmax,
    cost: "logLikelihood",
  },
  {
    name: "tanh + dropout → softmax/logLikelihood",
    hidden: tanh,
    output: softmax,
    cost: "logLikelihood",
    dropout: 0.2,
  },
  {
    name: "relu + dropout → sigmoid/crossEntropy",
    hidden: relu,
    output: sigmoid,
    cost: "crossEntropy",
    dropout: 0.2,
  },
  {
    name: "tanh → identity/quadratic + L2",
    hidden: tanh,
    output: "identity",
    cost: "quadratic",
    l2: 1e-8,
  },
  {
    name: "sigmoid → softmax/logLikelihood + L2",
    hidden: sigmoid,
    output: softmax,
    cost: "logLikelihood",
    l2: 1e-8,
  },
];

const ROWS = 6, IN = 3, OUT = 3;

function data(c: Case, seed: number): { x: number[][]; y: number[][] } {
  const r = new Random(seed);
  const x = Array.from(
    { length: ROWS },
    () => Array.from({ length: IN }, () => r.normal()),
  );
  const y = Array.from(
    { length: ROWS },
    (_, i) =>
      c.cost === "quadratic" && c.output === "identity"
        ? Array.from({ length: OUT }, () => r.normal())
        : Array.from({ length: OUT }, (_, j) => (j === i % OUT ? 1 : 0)),
  );
  return { x, y };
}

/** 10 checkpoints, spaced geometrically over the epochs. */
const CHECKPOINTS = [1, 4, 16, 64, 250, 1000, 2500, 5000, 7500, 10000];

function check(
  c: Case,
  net: Network,
  x: number[][],
  y: number[][],
  epoch: number,
) {
  for (const method of ["forward", "central"] as const) {
    const r = gradcheck(net, x, y, {
      method,
      minTimingMs: 0,
      ...(c.l2 ? { l2: { lambda: c.l2, n: ROWS } } : {}),
    });
    assert.notEqual(
      r.verdict,
      "fail",
      `${c.name}, epoch ${epoch}, ${method}, loss ${r.loss}: ${
        JSON.stringify(r.worst)
      }`,
    );
    assert.equal(r.failed, 0);
  }
}

for (const c of CASES) {
  Deno.test(`gradcheck() never fails ${c.name} at 10 points of training down to a loss below 1e-5`, () => {
    const { x, y } = data(c, 11);
    const net = mlp([IN, 8, OUT], {
      activation: c.hidden,
      output: c.output,
      cost: c.cost,
      seed: 5,
      ...(c.dropout ? { dropout: c.dropout } : {}),
    });
    const optimizer = new Adam({
      learningRate: 0.05,
      ...(c.l2 ? { l2: c.l2 } : {}),
    });
    let done = 0;
    for (const epoch of CHECKPOINTS) {
      train(net, { x, y }, {
        epochs: epoch - done,
        batchSize: ROWS,
        optimizer,
        seed: epoch,
      });
      done = epoch;
      check(c, net, x, y, epoch);
    }
    const loss = net.loss(x, y);
    assert.ok(loss < 1e-5, `${c.name}: loss ${loss} after ${done} epochs`);
  });
}

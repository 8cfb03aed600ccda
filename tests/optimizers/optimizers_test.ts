import assert from "node:assert/strict";
import {
  Adam,
  getOptimizer,
  l2Penalty,
  Momentum,
  optimizers,
  RMSProp,
  SGD,
} from "../../mod.ts";
import type { Param } from "../../mod.ts";
import { assertClose } from "../numeric.ts";

function param(
  name: string,
  value: number[],
  grad: number[],
  regularize = name === "W",
): Param {
  return {
    name,
    shape: [value.length],
    value: Float64Array.from(value),
    grad: Float64Array.from(grad),
    regularize,
  };
}

Deno.test("SGD with L2 is network2's w ← (1 − ηλ/n) w − η∇, biases unregularised", () => {
  const w = param("W", [2, -1], [0.5, 0.25]), b = param("b", [3], [1]);
  new SGD({ learningRate: 0.5, l2: 5 }).step([w, b], { trainingSize: 10 });
  // 1 − 0.5·5/10 = 0.75: 0.75·2 − 0.5·0.5 = 1.25; 0.75·(−1) − 0.5·0.25 = −0.875
  assert.deepEqual(Array.from(w.value), [1.25, -0.875]);
  assert.deepEqual(Array.from(b.value), [2.5]);
});

Deno.test("Momentum and Nesterov follow their update rules over two steps worked by hand", () => {
  const p = param("b", [1], [2]);
  const m = new Momentum({ learningRate: 0.1, momentum: 0.5 });
  m.step([p]); // v = −0.2, w = 0.8
  m.step([p]); // v = 0.5·(−0.2) − 0.2 = −0.3, w = 0.5
  assertClose(p.value[0]!, 0.5, { atol: 1e-15 }, "momentum");
  const q = param("b", [1], [2]);
  const n = new Momentum({ learningRate: 0.1, momentum: 0.5, nesterov: true });
  n.step([q]); // v = −0.2, w = 1 + 0.5·(−0.2) − 0.2 = 0.7
  n.step([q]); // v = −0.3, w = 0.7 + 0.5·(−0.3) − 0.2 = 0.35
  assertClose(q.value[0]!, 0.35, { atol: 1e-15 }, "nesterov");
});

Deno.test("RMSProp and Adam follow their update rules over two steps worked by hand", () => {
  const p = param("b", [0], [1]);
  const r = new RMSProp({ learningRate: 0.1, rho: 0.5, epsilon: 0 });
  r.step([p]); // s = 0.5, w = −0.1/√0.5
  p.grad[0] = -1;
  r.step([p]); // s = 0.5·0.5 + 0.5 = 0.75, w += 0.1/√0.75
  assertClose(p.value[0]!, -0.1 / Math.sqrt(0.5) + 0.1 / Math.sqrt(0.75), {
    atol: 1e-15,
  }, "rmsprop");

  const q = param("b", [0], [1]);
  const a = new Adam({
    learningRate: 0.1,
    beta1: 0.5,
    beta2: 0.75,
    epsilon: 0,
  });
  a.step([q]); // m̂ = 1, v̂ = 1: w = −0.1
  q.grad[0] = 3;
  a.step([q]); // m = 0.25 + 1.5 = 1.75, m̂ = 1.75/0.75; v = 0.1875 + 2.25 = 2.4375, v̂ = 2.4375/0.4375
  const expected = -0.1 - (0.1 * (1.75 / 0.75)) / Math.sqrt(2.4375 / 0.4375);
  assertClose(q.value[0]!, expected, { atol: 1e-15 }, "adam");
});

Deno.test("l2Penalty() is λ/(2n) Σ w² over weights only", () => {
  assert.equal(
    l2Penalty([param("W", [1, 2], [0, 0]), param("b", [10], [0])], 4, 2),
    5,
  );
});

Deno.test("every registered optimizer lowers a convex cost and bad options are rejected", () => {
  for (const name of Object.keys(optimizers)) {
    const p = param("W", [3], [0]);
    const opt = getOptimizer(name, { learningRate: 0.05 });
    for (let i = 0; i < 50; i++) {
      p.grad[0] = 2 * p.value[0]!; // ∇ of w²
      opt.step([p]);
    }
    assert.ok(Math.abs(p.value[0]!) < 3, `${name} left w at ${p.value[0]}`);
  }
  assert.throws(
    () => new Adam({ learningRate: 0.1, beta1: 1 }),
    /beta1 must be in \[0, 1\), got '1'/,
  );
  assert.throws(
    () => new SGD({ learningRate: 0.1, l2: -1 }),
    /l2 must be a non-negative number/,
  );
  assert.throws(
    () => getOptimizer("adagrad", { learningRate: 1 }),
    /Unknown optimizer 'adagrad': use one of 'sgd'/,
  );
});

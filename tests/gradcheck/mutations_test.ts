import assert from "node:assert/strict";
import { gradcheck } from "../../gradcheck/mod.ts";
import {
  diagonalSoftmax,
  DoubledBias,
  flippedQuadratic,
  sloppy,
  TransposedWeightGrad,
} from "./broken.ts";
import {
  Dense,
  logLikelihood,
  Network,
  quadratic,
  Random,
  sigmoid,
  tanh,
} from "../../mod.ts";

function data(m: number, nIn: number, nOut: number, seed: number) {
  const r = new Random(seed);
  const x = Array.from(
    { length: m },
    () => Array.from({ length: nIn }, () => r.normal()),
  );
  const y = Array.from(
    { length: m },
    (_, i) => Array.from({ length: nOut }, (_, j) => (j === i % nOut ? 1 : 0)),
  );
  return { x, y };
}

const sloppySigmoid = sloppy(sigmoid);

Deno.test("gradcheck() fails a σ′ off by 1% and points at its layer", () => {
  const { x, y } = data(4, 3, 2, 1);
  const net = new Network([
    new Dense(3, 4, sloppySigmoid, { seed: 1 }),
    new Dense(4, 2, sigmoid, { seed: 2 }),
  ], quadratic);
  const report = gradcheck(net, x, y);
  assert.equal(report.ok, false);
  assert.equal(report.worst!.layer, 0);
  assert.equal(report.suspect!.layer, 0);
  assert.ok(report.worst!.relativeError > 1e-3);
  assert.ok(report.layers.find((l) => l.layer === 1)!.ok);
  assert.equal(gradcheck(net, x, y, { method: "central" }).ok, false);
});

Deno.test("gradcheck() fails a doubled bias gradient and names Param 'b'", () => {
  const { x, y } = data(3, 3, 2, 2);
  const net = new Network([
    new Dense(3, 4, tanh, { seed: 1 }),
    new DoubledBias(4, 2, sigmoid, { seed: 2 }),
  ], quadratic);
  const report = gradcheck(net, x, y);
  assert.equal(report.ok, false);
  assert.deepEqual([report.worst!.layer, report.worst!.param], [1, "b"]);
  assert.deepEqual(report.suspect, { layer: 1, param: "b", path: "generic" });
  assert.ok(
    Math.abs(report.worst!.analytic / report.worst!.numeric - 2) < 1e-4,
  );
  const failing = report.params.filter((r) => !r.ok);
  assert.deepEqual(failing.map((r) => `${r.layer}${r.param}`), ["1b"]);
});

Deno.test("gradcheck() fails a transposed weight gradient and names Param 'W'", () => {
  const { x, y } = data(3, 3, 2, 3);
  const net = new Network([
    new TransposedWeightGrad(3, 3, tanh, { seed: 1 }),
    new Dense(3, 2, sigmoid, { seed: 2 }),
  ], quadratic);
  const report = gradcheck(net, x, y);
  assert.equal(report.ok, false);
  assert.deepEqual([report.worst!.layer, report.worst!.param], [0, "W"]);
  assert.deepEqual(report.suspect, { layer: 0, param: "W", path: "generic" });
  const failing = report.params.filter((r) => !r.ok);
  assert.deepEqual(failing.map((r) => `${r.layer}${r.param}`), ["0W"]);
});

Deno.test("gradcheck() fails a softmax Jacobian without off-diagonal terms on the generic path", () => {
  const { x, y } = data(4, 3, 3, 4);
  const net = new Network([
    new Dense(3, 4, sigmoid, { seed: 1 }),
    new Dense(4, 3, diagonalSoftmax, { seed: 2 }),
  ], logLikelihood);
  const report = gradcheck(net, x, y);
  assert.equal(report.ok, false);
  assert.deepEqual(report.paths, ["fused", "generic"]);
  assert.ok(report.params.filter((r) => r.path === "fused").every((r) => r.ok));
  assert.equal(report.worst!.path, "generic");
  // the error flows down into layer 0 too; the suspect is the top failure
  assert.deepEqual(report.suspect, { layer: 1, param: "W", path: "generic" });
  // checking only the fused path cannot see it: that is why both are checked
  assert.ok(gradcheck(net, x, y, { paths: "network" }).ok);
});

Deno.test("gradcheck() fails a cost gradient of the wrong sign in every layer", () => {
  const { x, y } = data(3, 3, 2, 5);
  const net = new Network([
    new Dense(3, 4, sigmoid, { seed: 1 }),
    new Dense(4, 2, sigmoid, { seed: 2 }),
  ], flippedQuadratic);
  const report = gradcheck(net, x, y);
  assert.equal(report.ok, false);
  assert.ok(report.layers.every((l) => !l.ok));
  assert.equal(report.suspect!.layer, 1); // the output layer: BP1's input
  // a flipped sign makes analytic = −numeric: relative error 2
  assert.ok(Math.abs(report.worst!.relativeError - 2) < 1e-3);
  assert.ok(report.worst!.analytic * report.worst!.numeric < 0);
});

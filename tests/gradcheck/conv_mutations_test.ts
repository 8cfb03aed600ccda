import assert from "node:assert/strict";
import {
  checkEquations,
  Conv2D,
  Dense,
  gradcheck,
  MaxPool2D,
  Network,
  quadratic,
  Random,
} from "../../mod.ts";
import {
  FlippedKernelConv,
  MissingStrideConv,
  TiesUndeclared,
  WrongCellPool,
} from "./broken_conv.ts";

function data(inputs: number, outputs: number, rows = 2) {
  const r = new Random(9);
  return {
    x: Array.from(
      { length: rows },
      () => Array.from({ length: inputs }, () => r.normal()),
    ),
    y: Array.from(
      { length: rows },
      () => Array.from({ length: outputs }, () => r.uniform()),
    ),
  };
}

const failing = (net: Network, x: number[][], y: number[][]) =>
  checkEquations(net, x, y).rows.filter((r) => !r.ok).map((r) =>
    `${r.equation}@${r.layer}`
  );

Deno.test("a flipped kernel in δ's correlation fails gradcheck and violates BP2 at the layer below", () => {
  const c0 = new Conv2D([1, 6, 6], 2, 3, "tanh", { seed: 1 });
  const c1 = new FlippedKernelConv(c0.outputShape, 2, 3, "tanh", { seed: 2 });
  const net = new Network([
    c0,
    c1,
    new Dense(c1.outputSize, 2, "sigmoid", { seed: 3 }),
  ], quadratic);
  const { x, y } = data(36, 2);
  const r = gradcheck(net, x, y, { method: "central" });
  assert.equal(r.ok, false);
  assert.equal(r.worst?.layer, 0);
  assert.deepEqual([...new Set(failing(net, x, y))], ["BP2@0"]);
});

Deno.test("a kernel gradient that forgets the stride fails gradcheck and violates BP4 at that layer", () => {
  const c = new MissingStrideConv([1, 7, 7], 2, 3, "tanh", {
    seed: 1,
    stride: 2,
  });
  const p = new MaxPool2D(c.outputShape, 2);
  const net = new Network([
    c,
    p,
    new Dense(p.outputSize, 2, "sigmoid", { seed: 3 }),
  ], quadratic);
  const { x, y } = data(49, 2);
  const r = gradcheck(net, x, y, { method: "central" });
  assert.equal(r.ok, false);
  assert.deepEqual([r.worst?.layer, r.worst?.param], [0, "K"]);
  assert.deepEqual(failing(net, x, y), ["BP4@0"]);
});

Deno.test("a max-pool that routes δ to the wrong cell fails gradcheck and violates BP2 at the pool", () => {
  const c = new Conv2D([1, 6, 6], 2, 3, "tanh", { seed: 1 });
  const p = new WrongCellPool(c.outputShape, 2);
  const net = new Network([
    c,
    p,
    new Dense(p.outputSize, 2, "sigmoid", { seed: 3 }),
  ], quadratic);
  const { x, y } = data(36, 2);
  assert.equal(gradcheck(net, x, y, { method: "central" }).ok, false);
  const f = failing(net, x, y);
  assert.equal(f[0], "BP2@1");
  assert.ok(f.every((e) => e.endsWith("@1") || e.endsWith("@0")), f.join());
});

Deno.test("max-pool ties are kinks: declared, gradcheck passes; undeclared, the same network fails", () => {
  const build = (declare: boolean) => {
    const c = new Conv2D([1, 6, 6], 2, 3, "tanh", { seed: 4 });
    c.kernels.data.fill(0); // z = b_f at every position: every window tied
    const pool = new MaxPool2D(c.outputShape, 2);
    return new Network([
      c,
      declare ? pool : new TiesUndeclared(pool),
      new Dense(pool.outputSize, 2, "sigmoid", { seed: 5 }),
    ], quadratic);
  };
  const { x, y } = data(36, 2);
  const declared = gradcheck(build(true), x, y, { method: "central" });
  assert.ok(declared.ok);
  assert.ok(declared.kinks > 0);
  const undeclared = gradcheck(build(false), x, y, { method: "central" });
  assert.equal(undeclared.ok, false);
  assert.equal(undeclared.kinks, 0);
});

Deno.test("checkEquations passes every generalised equation on a sound conv → pool → dense network", () => {
  const c = new Conv2D([2, 6, 6], 3, 3, "relu", {
    seed: 1,
    stride: 2,
    padding: "same",
  });
  const p = new MaxPool2D(c.outputShape, 2, { stride: 1 });
  const net = new Network([
    c,
    p,
    new Dense(p.outputSize, 2, "sigmoid", { seed: 3 }),
  ], quadratic);
  const { x, y } = data(72, 2, 3);
  const r = checkEquations(net, x, y);
  assert.ok(r.ok, JSON.stringify(r.violated));
  const names = new Set(r.rows.map((row) => `${row.equation}@${row.layer}`));
  for (const e of ["BP1@2", "BP2@1", "BP2@0", "BP3@0", "BP4@0"]) {
    assert.ok(names.has(e), e);
  }
});

import assert from "node:assert/strict";
import { gradcheck, gradcheckParallel } from "../../gradcheck/mod.ts";
import { Dense, mlp, Network, quadratic, sigmoid } from "../../mod.ts";

Deno.test("gradcheck() numeric gradient matches a hand-worked sigmoid neuron", () => {
  // one neuron a = σ(wx + b), C = (a − y)²/2: ∂C/∂w = (a − y) σ′(z) x
  const net = new Network([new Dense(1, 1, sigmoid)], quadratic);
  net.params[0]!.value[0] = 0.7;
  net.params[1]!.value[0] = -0.2;
  const x = 1.5, y = 0.25, z = 0.7 * x - 0.2, a = 1 / (1 + Math.exp(-z));
  const dw = (a - y) * a * (1 - a) * x, db = (a - y) * a * (1 - a);
  const r = gradcheck(net, [[x]], [[y]], { method: "central", minTimingMs: 0 });
  assert.ok(r.ok);
  assert.ok(Math.abs(net.params[0]!.grad[0]! - dw) < 1e-15);
  assert.ok(Math.abs(net.params[1]!.grad[0]! - db) < 1e-15);
  assert.ok(r.maxRelativeError < 1e-8);
});

Deno.test("gradcheckParallel() gives the same numbers with 1, 2 and 3 workers", async () => {
  const make = () =>
    mlp([12, 9, 7, 4], { seed: 3, activation: "relu", dropout: 0.3 });
  const x = [
    [...Array(12).keys()].map((i) => Math.sin(i)),
    [...Array(12).keys()].map((i) => Math.cos(i)),
  ];
  const y = [[1, 0, 0, 0], [0, 0, 1, 0]];
  const strip = (r: Awaited<ReturnType<typeof gradcheckParallel>>) => ({
    worst: r.worst,
    params: r.params,
    kinks: r.kinks,
    loss: r.loss,
  });
  const one = strip(gradcheck(make(), x, y, { minTimingMs: 0 }));
  for (const workers of [2, 3]) {
    const r = await gradcheckParallel(make(), x, y, {
      workers,
      minTimingMs: 0,
    });
    assert.equal(r.timing.workers, workers);
    assert.deepEqual(strip(r), one);
  }
});

Deno.test("gradcheckParallel() falls back to this thread for a user-defined cost", async () => {
  const mine = { ...quadratic, name: "mine" };
  const net = new Network([new Dense(2, 2, sigmoid, { seed: 1 })], mine);
  const r = await gradcheckParallel(net, [[1, 2]], [[0, 1]], {
    workers: 2,
    minTimingMs: 0,
  });
  assert.ok(r.ok);
  assert.equal(r.timing.workers, 1);
});

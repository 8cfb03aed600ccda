import assert from "node:assert/strict";
import {
  activations,
  checkActivation,
  checkCost,
  costs,
  logLikelihood,
  quadratic,
  relu,
  sigmoid,
  softmax,
} from "../../mod.ts";
import { relativeError } from "../../gradcheck/defaults.ts";

Deno.test("checkActivation() passes every registered activation, kinks included", () => {
  for (const a of Object.values(activations)) {
    const r = checkActivation(a);
    assert.ok(r.ok, `${a.name}: ${JSON.stringify(r.worst)}`);
  }
  const k = checkActivation(relu).kinks[0]!;
  assert.deepEqual([k.z, k.left, k.right, k.analytic, k.ok], [
    0,
    0,
    1,
    0,
    true,
  ]);
});

Deno.test("checkActivation() says where a σ′ off by 1% disagrees", () => {
  const off = {
    ...sigmoid,
    derivative: (_z: number, a: number) => 1.01 * a * (1 - a),
  };
  const r = checkActivation(off);
  assert.equal(r.ok, false);
  assert.equal(r.failures.length, 10);
  // σ′ and the numeric slope differ by the factor 1.01 everywhere on the grid
  const w = r.worst!;
  const s = 1 / (1 + Math.exp(-w.z));
  assert.ok(Math.abs(w.analytic - 1.01 * s * (1 - s)) < 1e-15);
  assert.ok(Math.abs(w.numeric - s * (1 - s)) < 1e-9);
});

Deno.test("checkActivation() fails a σ′ that is no one-sided slope at the kink", () => {
  const bad = {
    ...relu,
    derivative: (z: number) => (z > 0 ? 1 : z === 0 ? 2 : 0),
  };
  const r = checkActivation(bad);
  assert.equal(r.ok, false);
  assert.equal(r.maxRelativeError, 0); // fine away from the kink
  assert.equal(r.kinks[0]!.ok, false);
});

Deno.test("checkActivation() fails a softmax Jacobian without off-diagonal terms", () => {
  const diagonal = {
    ...softmax,
    backward(
      _z: Float64Array,
      a: Float64Array,
      g: Float64Array,
      out: Float64Array,
    ) {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! * (1 - a[i]!) * g[i]!;
    },
  };
  const r = checkActivation(diagonal);
  assert.equal(r.ok, false);
  assert.ok(r.worst!.index >= 0 && r.worst!.relativeError > 1e-2);
});

Deno.test("checkCost() passes every registered cost and fails a flipped sign", () => {
  for (const c of Object.values(costs)) {
    for (const targets of ["one-hot", "uniform"] as const) {
      assert.ok(checkCost(c, { targets }).ok, `${c.name} ${targets}`);
    }
  }
  const flipped = {
    ...logLikelihood,
    gradient(a: Float64Array, y: Float64Array, out: Float64Array) {
      logLikelihood.gradient(a, y, out);
      for (let j = 0; j < out.length; j++) out[j] = -out[j]!;
    },
  };
  const r = checkCost(flipped);
  assert.equal(r.ok, false);
  // −ln a_y: only the target entry has a gradient, −1/a_y by hand
  const w = r.worst!;
  assert.equal(w.y, 1);
  assert.ok(Math.abs(w.numeric + 1 / w.a) < 1e-8);
  assert.ok(checkCost(quadratic, { samples: 3, size: 2 }).ok);
});

Deno.test("relativeError() uses the floor only for entries below it", () => {
  assert.equal(relativeError(2, 1, 1e-3), 0.5);
  assert.equal(relativeError(1e-9, 0, 1e-3), 1e-6);
  assert.equal(relativeError(0, 0, 1e-3), 0);
});

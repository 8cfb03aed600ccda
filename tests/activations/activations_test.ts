import assert from "node:assert/strict";
import {
  activations,
  elu,
  getActivation,
  identity,
  leakyRelu,
  relu,
  sigmoid,
  softmax,
  softplus,
  tanh,
} from "../../mod.ts";
import type { Activation } from "../../mod.ts";
import { assertClose, centralDiff } from "../numeric.ts";

const elementwise: Activation[] = [
  sigmoid,
  tanh,
  relu,
  leakyRelu(0.1),
  elu(0.7),
  softplus,
  identity,
];
const grid = [-8, -3.3, -1, -0.25, 0.3, 1.7, 4, 9];

Deno.test("σ′ of every element-wise activation matches a central difference of σ", async (t) => {
  for (const act of elementwise) {
    await t.step(act.name, () => {
      for (const z of grid) {
        const numeric = centralDiff((v) => act.fn(v), z, 1e-5);
        assertClose(act.derivative(z, act.fn(z)), numeric, {
          atol: 1e-9,
          rtol: 1e-7,
        }, `${act.name} at z=${z}`);
      }
    });
  }
});

Deno.test("every kink an activation declares is where σ′ jumps", () => {
  for (const act of [relu, leakyRelu(0.1), elu(0.7)]) {
    for (const k of act.kinks ?? []) {
      const left = act.derivative(k - 1e-9, act.fn(k - 1e-9));
      const right = act.derivative(k + 1e-9, act.fn(k + 1e-9));
      assert.ok(
        Math.abs(left - right) > 0.1,
        `${act.name} at ${k}: ${left} vs ${right}`,
      );
    }
  }
});

Deno.test("sigmoid and softplus stay finite and exact at |z| = 1000", () => {
  assert.equal(sigmoid.fn(1000), 1);
  assert.equal(sigmoid.fn(-1000), 0);
  assert.equal(softplus.fn(1000), 1000);
  assert.equal(softplus.fn(-1000), 0);
  assert.equal(softplus.derivative(-1000, 0), 0);
});

function softmaxRow(z: number[]): number[] {
  const out = new Float64Array(z.length);
  softmax.forward!(Float64Array.from(z), out, 1, z.length);
  return Array.from(out);
}

Deno.test("softmax's vector-Jacobian product matches a numerical Jacobian", () => {
  const z = [0.3, -1.2, 2.0, 0.5];
  const g = [0.7, -0.4, 1.1, 0.05];
  const a = softmaxRow(z);
  const out = new Float64Array(4);
  softmax.backward!(
    Float64Array.from(z),
    Float64Array.from(a),
    Float64Array.from(g),
    out,
    1,
    4,
  );
  for (let i = 0; i < 4; i++) {
    // ∂(g·a)/∂z_i by central difference over the whole softmax
    const numeric = centralDiff((v) => {
      const zz = [...z];
      zz[i] = v;
      return softmaxRow(zz).reduce((s, aj, j) => s + aj * g[j]!, 0);
    }, z[i]!);
    assertClose(out[i]!, numeric, { atol: 1e-9 }, `softmax VJP entry ${i}`);
  }
});

Deno.test("softmax is stable for z of ±1000 and handles several rows", () => {
  const out = new Float64Array(6);
  softmax.forward!(
    Float64Array.of(1000, 999, -1000, -1000, -1001, 1000),
    out,
    2,
    3,
  );
  const e = Math.exp(-1);
  assertClose(out[0]!, 1 / (1 + e), { atol: 1e-15 }, "row 0, a_0");
  assertClose(out[1]!, e / (1 + e), { atol: 1e-15 }, "row 0, a_1");
  assert.equal(out[2], 0);
  assert.equal(out[5], 1);
  assert.ok(out.every(Number.isFinite));
});

Deno.test("softmax refuses element-wise use with a clear message", () => {
  assert.throws(() => softmax.fn(1), /Cannot apply softmax to one value/);
});

Deno.test("getActivation() finds every registered name and lists them for an unknown one", () => {
  for (const name of Object.keys(activations)) {
    assert.equal(getActivation(name).name, name);
  }
  assert.throws(
    () => getActivation("sigmod"),
    (e: Error) =>
      e instanceof RangeError && /'sigmoid', 'tanh', 'relu'/.test(e.message),
  );
  assert.equal(getActivation("elu", { alpha: 2 }).fn(-1000), -2);
});

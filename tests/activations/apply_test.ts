import assert from "node:assert/strict";
import {
  activate,
  activateBackward,
  elu,
  relu,
  sigmoid,
  tanh,
} from "../../mod.ts";
import {
  DenseKernels,
  derivativeInWasm,
  plainKernels,
  reluInWasm,
  sigmoid32InWasm,
  sigmoidInWasm,
} from "../../tensor/kernels/mod.ts";
import { Random } from "../../tensor/random.ts";

/** Distance in units in the last place (same sign assumed). */
function ulps(x: number, y: number): number {
  const bits = new BigInt64Array(Float64Array.of(x, y).buffer);
  return Math.abs(Number(bits[0]! - bits[1]!));
}

/** Arrays of `n` values in WebAssembly memory (a layer's buffers). */
function arenaArrays(n: number): { z: Float64Array; a: Float64Array } {
  const buf = DenseKernels.create(1, 1, "float64").buffers(n);
  return { z: buf.z, a: buf.a };
}

Deno.test("the SIMD sigmoid is within 2 ulp of 1/(1+e^-z) from 1e-300 to 1e3, exact at the edges", () => {
  const n = 50_003, { z, a } = arenaArrays(n), random = new Random(7);
  assert.equal(sigmoidInWasm(z, a, 1), true, "the arrays are not in an arena");
  let worst = 0;
  for (const scale of [1e-300, 1e-8, 0.01, 0.4, 3, 40, 800]) {
    for (let i = 0; i < n; i++) z[i] = (2 * random.uniform() - 1) * scale;
    sigmoid.apply!(z, a, n);
    for (let i = 0; i < n; i++) {
      worst = Math.max(worst, ulps(a[i]!, sigmoid.fn(z[i]!)));
    }
  }
  assert.ok(worst <= 2, `${worst} ulp`);
  // the edges: saturation, subnormal results, underflow, ±0, ±∞, NaN; and
  // an odd count, so that the one-lane tail runs
  const edges = [0, -0, 709, -709, 745, -745, -746, -1e4, 1e4, 36.7, -36.7];
  const expected = [0.5, 0.5, 1, 1.216780750623423e-308, 1, 5e-324, 0, 0, 1];
  z.set([...edges, Infinity, -Infinity, NaN]);
  sigmoid.apply!(z, a, edges.length + 3);
  assert.deepEqual(Array.from(a.subarray(0, expected.length)), expected);
  assert.ok(
    ulps(a[9]!, 1 - 2 ** -53) <= 1 && ulps(a[10]!, Math.exp(-36.7)) <= 2,
  );
  assert.deepEqual(Array.from(a.subarray(edges.length, edges.length + 3)), [
    1,
    0,
    NaN,
  ]);
});

Deno.test("activate() without WebAssembly (plainKernels) computes fn value by value, bit for bit", () => {
  const z = Float64Array.from({ length: 33 }, (_, i) => (i - 16) * 0.37);
  for (const act of [sigmoid, relu, tanh, elu(0.5)]) {
    const a = new Float64Array(33);
    plainKernels(() => activate(act, z, a, 3, 11));
    assert.deepEqual(a, z.map((v) => act.fn(v)), act.name);
    const g = z.map((v) => Math.cos(v)), d = new Float64Array(33);
    activateBackward(act, z, a, g, d, 3, 11);
    assert.deepEqual(
      d,
      z.map((v, i) => g[i]! * act.derivative(v, a[i]!)),
      act.name,
    );
  }
});

Deno.test("a sigmoid layer computes the same outputs with the WebAssembly kernels and without (plainKernels), within 2 ulp", async () => {
  const { Dense, Matrix } = await import("../../mod.ts");
  const x = Matrix.from([[0.3, -2, 5], [40, -40, 0.001]]);
  const simd = new Dense(3, 64, sigmoid, { seed: 2 });
  const plain = plainKernels(() => new Dense(3, 64, sigmoid, { seed: 2 }));
  const a = simd.forward(x, false).data;
  const b = plainKernels(() => plain.forward(x, false)).data;
  for (let i = 0; i < a.length; i++) assert.ok(ulps(a[i]!, b[i]!) <= 2);
});

Deno.test("a copy of sigmoid made by spreading it, with a new σ′, uses that σ′ in a layer", async () => {
  const { Dense, Matrix } = await import("../../mod.ts");
  const doubled = {
    ...sigmoid,
    derivative: (_z: number, a: number) => 2 * a * (1 - a),
  };
  assert.equal(doubled.apply, undefined);
  const layer = new Dense(2, 3, doubled, { seed: 1 });
  const out = layer.forward(Matrix.from([[0.5, -1]]), false);
  const g = Matrix.from([[1, 1, 1]]);
  layer.backward(g, false);
  for (let j = 0; j < 3; j++) {
    const a = out.data[j]!;
    assert.equal(layer.delta.data[j], 2 * a * (1 - a));
  }
});

Deno.test("sigmoid on plain arrays (through the scratch block, several chunks) gives the bits it gives in WebAssembly memory", () => {
  const n = 20_001, { z, a } = arenaArrays(n), random = new Random(9);
  for (let i = 0; i < n; i++) z[i] = 30 * (random.uniform() - 0.5);
  const zPlain = z.slice(), aPlain = new Float64Array(n);
  assert.equal(sigmoidInWasm(zPlain, aPlain, n), true);
  sigmoid.apply!(z, a, n);
  assert.deepEqual(aPlain, a);
  // in place, as a layer may ask
  sigmoid.apply!(zPlain, zPlain, n);
  assert.deepEqual(zPlain, a);
});

Deno.test("ReLU, its σ′ and the sigmoid's σ′ in WebAssembly memory give the scalar loops' bits (±0, ±∞, NaN, an odd count)", () => {
  const n = 1001, random = new Random(5);
  const buf = DenseKernels.create(1, 1, "float64").buffers(n);
  const { z, a, delta } = buf, g = buf.inputGrad;
  for (let i = 0; i < n; i++) {
    z[i] = 4 * (random.uniform() - 0.5);
    g[i] = random.uniform() - 0.5;
  }
  z.set([0, -0, Infinity, -Infinity, NaN, 1e-320, -1e-320]);
  g.set([Infinity, -1, NaN, 2, 3, -0, 5], 100);
  g[n - 1] = -Infinity;
  z[n - 1] = -3;
  assert.equal(reluInWasm(z, a, n), true, "the arrays are not in an arena");
  assert.deepEqual(a, z.map((v) => relu.fn(v)));
  // in place, and through the activation's batch loop
  const z2 = z.slice(), a2 = buf.z;
  relu.apply!(z, a2, n);
  assert.deepEqual(a2, z2.map((v) => relu.fn(v)));
  z.set(z2);
  relu.apply!(z, a, n);
  assert.equal(derivativeInWasm("relu", z, g, delta, n), true);
  const want = z.map((v, i) => g[i]! * relu.derivative(v, a[i]!));
  assert.deepEqual(delta, want);
  activateBackward(relu, z, a, g, delta, 1, n);
  assert.deepEqual(delta, want);
  // σ′ from A: a · (1 − a), then times the gradient
  sigmoid.apply!(z, a, n);
  a.set([0, 1, NaN, 0.5], 200);
  assert.equal(derivativeInWasm("sigmoid", a, g, delta, n), true);
  assert.deepEqual(
    delta,
    a.map((v, i) => g[i]! * sigmoid.derivative(z[i]!, v)),
  );
  // plain arrays: the kernels stand aside
  assert.equal(reluInWasm(z.slice(), a, n), false);
  assert.equal(derivativeInWasm("sigmoid", a, g.slice(), delta, n), false);
});

/** Distance in float32 units in the last place. */
function ulps32(x: number, y: number): number {
  const bits = new Int32Array(Float32Array.of(x, y).buffer);
  return Math.abs(bits[0]! - bits[1]!);
}

Deno.test("the float32 sigmoid is within 2 float32 ulp of fround(σ(fround(z))), gives float32 values, and is exact at the edges", () => {
  const n = 50_003, { z, a } = arenaArrays(n), random = new Random(8);
  assert.equal(sigmoid32InWasm(z, a, 1), true, "no WebAssembly SIMD here");
  let worst = 0;
  for (const scale of [1e-30, 1e-3, 0.4, 2, 5, 12, 40, 90, 110]) {
    for (let i = 0; i < n; i++) z[i] = (2 * random.uniform() - 1) * scale;
    sigmoid.applyFloat32!(z, a, n);
    for (let i = 0; i < n; i++) {
      assert.equal(Math.fround(a[i]!), a[i], "not a float32 value");
      const want = Math.fround(sigmoid.fn(Math.fround(z[i]!)));
      worst = Math.max(worst, ulps32(a[i]!, want));
    }
  }
  assert.ok(worst <= 2, `${worst} float32 ulp`);
  // saturation, the float32 subnormals (the least at −103), underflow,
  // ±0, ±∞ and NaN; an odd count, so that the one-lane tail runs
  const edges = [0, -0, 88, -88, -103, -104, -1e4, 1e4, Infinity, -Infinity];
  z.set([...edges, NaN]);
  sigmoid.applyFloat32!(z, a, edges.length + 1);
  assert.deepEqual(Array.from(a.subarray(0, edges.length + 1)), [
    0.5,
    0.5,
    1,
    Math.fround(sigmoid.fn(-88)),
    2 ** -149,
    0,
    0,
    1,
    1,
    0,
    NaN,
  ]);
  // plain arrays (the scratch block) give the same bits
  const zPlain = z.slice(0, 999), aPlain = new Float64Array(999);
  sigmoid.applyFloat32!(zPlain, aPlain, 999);
  sigmoid.applyFloat32!(z, a, 999);
  assert.deepEqual(aPlain, a.slice(0, 999));
});

Deno.test("a float32 sigmoid layer's activations are float32 values within 2 ulp of σ; without WebAssembly too", async () => {
  const { Dense, Matrix } = await import("../../mod.ts");
  const x = Matrix.from([[0.3, -2, 5], [40, -40, 0.001]]);
  for (const run of [<T>(f: () => T) => f(), plainKernels]) {
    const layer = run(() =>
      new Dense(3, 64, sigmoid, { seed: 2, dtype: "float32" })
    );
    const z = layer.forward(x, false) && layer.z.data;
    const a = layer.forward(x, false).data;
    for (let i = 0; i < a.length; i++) {
      assert.equal(Math.fround(a[i]!), a[i]);
      const want = Math.fround(sigmoid.fn(Math.fround(z[i]!)));
      assert.ok(ulps32(a[i]!, want) <= 2);
    }
  }
});

import assert from "node:assert/strict";
import { Dense, Matrix, mlp, Network, Random, SGD, train } from "../../mod.ts";

function batch(random: Random, m: number, k: number): Matrix {
  return new Matrix(
    m,
    k,
    Float64Array.from({ length: m * k }, () => random.normal()),
  );
}

Deno.test("a float32 Dense layer keeps Float32Array parameters and its products agree with float64 loops on its rounded weights to float32 precision", () => {
  const random = new Random(4);
  for (const [m, k, n] of [[1, 3, 2], [10, 784, 30], [7, 33, 9]]) {
    const layer = new Dense(k!, n!, "identity", { seed: 3, dtype: "float32" });
    assert.equal(layer.dtype, "float32");
    for (const p of layer.params) {
      assert.ok(
        p.value instanceof Float32Array && p.grad instanceof Float32Array,
      );
    }
    const x = batch(random, m!, k!);
    const out = layer.forward(x, true);
    const W = layer.weights.data, b = layer.biases;
    for (let i = 0; i < m!; i++) {
      for (let j = 0; j < n!; j++) {
        let s = b[j]!, mag = Math.abs(b[j]!);
        for (let p = 0; p < k!; p++) {
          // the input is rounded to float32 as the layer does
          const xv = Math.fround(x.get(i, p));
          s += xv * W[j * k! + p]!;
          mag += Math.abs(xv * W[j * k! + p]!);
        }
        const bound = (k! + 2) * 2 ** -24 * mag;
        assert.ok(
          Math.abs(out.get(i, j) - s) <= bound,
          `Z[${i}][${j}] = ${out.get(i, j)}, want ${s} within ${bound}`,
        );
      }
    }
  }
});

Deno.test("mlp(sizes, { dtype: 'float32' }) trains in float32 as well as float64 does, and a saved model keeps its dtype", () => {
  const random = new Random(9);
  const x = batch(random, 200, 12);
  const y = new Matrix(200, 2);
  for (let i = 0; i < 200; i++) y.data[i * 2 + (x.get(i, 0) > 0 ? 1 : 0)] = 1;
  const run = (dtype: "float32" | "float64") => {
    const net = mlp([12, 16, 2], { seed: 1, dtype });
    const history = train(net, { x, y }, {
      epochs: 30,
      batchSize: 10,
      optimizer: new SGD({ learningRate: 1 }),
      seed: 2,
    });
    return { net, history };
  };
  const f32 = run("float32"), f64 = run("float64");
  assert.ok(f32.net.params.every((p) => p.value instanceof Float32Array));
  assert.ok(f64.net.params.every((p) => p.value instanceof Float64Array));
  const a32 = f32.history.at(-1)!.accuracy!,
    a64 = f64.history.at(-1)!.accuracy!;
  assert.ok(a64 > 0.9, `float64 accuracy ${a64}`);
  assert.ok(Math.abs(a32 - a64) <= 0.03, `float32 ${a32} vs float64 ${a64}`);
  const json = JSON.parse(JSON.stringify(f32.net.toJSON()));
  assert.equal(json.layers[0].dtype, "float32");
  const back = Network.fromJSON(json);
  assert.ok(back.params.every((p) => p.value instanceof Float32Array));
  back.params.forEach((p, i) =>
    assert.deepEqual(p.value, f32.net.params[i]!.value)
  );
  assert.equal(
    JSON.parse(JSON.stringify(f64.net.toJSON())).layers[0].dtype,
    undefined,
  );
});

Deno.test("an unknown dtype is refused with the choices", () => {
  assert.throws(
    () => new Dense(2, 2, "relu", { dtype: "float16" as "float32" }),
    /Unknown dtype 'float16': use one of 'float64', 'float32'/,
  );
});

Deno.test("a float32 Dense layer's gradients (BP3, BP4, Δ W) match a float64 layer with the same weights to float32 precision", () => {
  const random = new Random(6);
  for (const [m, k, n] of [[3, 5, 4], [10, 100, 30]]) {
    const f32 = new Dense(k!, n!, "sigmoid", { seed: 5, dtype: "float32" });
    const f64 = new Dense(k!, n!, "sigmoid", { seed: 5 });
    f64.weights.data.set(f32.weights.data);
    f64.biases.set(f32.biases);
    // inputs exact in float32, so both layers see the same numbers
    const x = batch(random, m!, k!);
    x.data.set(Float32Array.from(x.data));
    const g = batch(random, m!, n!);
    f32.forward(x, true);
    f64.forward(x, true);
    const in32 = f32.backward(g).data.slice(), in64 = f64.backward(g).data;
    const close = (
      a: ArrayLike<number>,
      b: ArrayLike<number>,
      what: string,
    ) => {
      let scale = 0;
      for (let i = 0; i < b.length; i++) {
        scale = Math.max(scale, Math.abs(b[i]!));
      }
      for (let i = 0; i < b.length; i++) {
        assert.ok(
          Math.abs(a[i]! - b[i]!) <= 1e-5 * scale,
          `${what}[${i}] = ${a[i]}, float64 gives ${b[i]}`,
        );
      }
    };
    close(f32.params[0]!.grad, f64.params[0]!.grad, "dW");
    close(f32.params[1]!.grad, f64.params[1]!.grad, "db");
    close(in32, in64, "dX");
  }
});

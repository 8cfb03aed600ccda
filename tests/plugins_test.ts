import assert from "node:assert/strict";
import { Dense, Matrix, Network, train } from "../mod.ts";
import type {
  Activation,
  Cost,
  Layer,
  LayerJSON,
  Optimizer,
  Param,
} from "../mod.ts";
import { assertClose } from "./numeric.ts";

/** A user-defined layer: y = x ⊙ s with a learned scale per column. */
class Scale implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly params: readonly Param[];
  readonly #s: Param;
  #x = new Matrix(0, 0);
  constructor(n: number) {
    this.inputSize = this.outputSize = n;
    this.#s = {
      name: "s",
      shape: [n],
      value: new Float64Array(n).fill(1.5),
      grad: new Float64Array(n),
    };
    this.params = [this.#s];
  }
  forward(input: Matrix): Matrix {
    this.#x = input;
    const out = new Matrix(input.rows, input.cols);
    input.data.forEach((
      v,
      i,
    ) => (out.data[i] = v * this.#s.value[i % this.outputSize]!));
    return out;
  }
  backward(grad: Matrix): Matrix {
    const n = this.outputSize, out = new Matrix(grad.rows, grad.cols);
    this.#s.grad.fill(0);
    grad.data.forEach((g, i) => {
      this.#s.grad[i % n]! += g * this.#x.data[i]!;
      out.data[i] = g * this.#s.value[i % n]!;
    });
    return out;
  }
  toJSON(): LayerJSON {
    return { type: "scale", values: Array.from(this.#s.value) };
  }
}

/** A user-defined optimizer: plain gradient descent with its own counter. */
class CountingDescent implements Optimizer {
  readonly name = "counting";
  steps = 0;
  step(params: readonly Param[]): void {
    this.steps++;
    for (const p of params) {
      p.value.forEach((v, i) => (p.value[i] = v - 0.2 * p.grad[i]!));
    }
  }
}

const x = [[0.5, -0.2], [0.1, 0.9], [-0.4, 0.3]], y = [[0.2], [0.7], [0.4]];

Deno.test("a user-defined Layer gets correct gradients inside a Network (central differences)", () => {
  const net = new Network([
    new Scale(2),
    new Dense(2, 3, "tanh", { seed: 1 }),
    new Dense(3, 1, "sigmoid", { seed: 2 }),
  ], "quadratic");
  net.gradient(x, y);
  const s = net.params[0]!;
  for (let i = 0; i < 2; i++) {
    const w = s.value[i]!, h = 1e-6;
    s.value[i] = w + h;
    const plus = net.loss(x, y);
    s.value[i] = w - h;
    const minus = net.loss(x, y);
    s.value[i] = w;
    assertClose(
      s.grad[i]!,
      (plus - minus) / (2 * h),
      { atol: 1e-9 },
      `∂C/∂s[${i}]`,
    );
  }
  // The layer below it still gets ∂C/∂W through the user layer's backward.
  const w0 = net.params[1]!;
  const before = w0.grad[0]!;
  w0.value[0]! += 1e-6;
  const plus = net.loss(x, y);
  w0.value[0]! -= 2e-6;
  const minus = net.loss(x, y);
  w0.value[0]! += 1e-6;
  assertClose(
    before,
    (plus - minus) / 2e-6,
    { atol: 1e-9 },
    "∂C/∂W of the Dense after Scale",
  );
});

Deno.test("a user-defined Optimizer drives train() and a user Layer saves and loads through a factory", () => {
  const net = new Network([
    new Scale(2),
    new Dense(2, 1, "sigmoid", { seed: 3 }),
  ], "quadratic");
  const opt = new CountingDescent();
  const history = train(net, { x, y }, {
    epochs: 30,
    batchSize: 2,
    optimizer: opt,
  });
  assert.equal(opt.steps, 60);
  assert.ok(history.at(-1)!.loss < history[0]!.loss);
  const back = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())), {
    layers: {
      scale: (json) => {
        const layer = new Scale(2);
        layer.params[0]!.value.set(json.values as number[]);
        return layer;
      },
    },
  });
  assert.deepEqual(back.predict(x), net.predict(x));
});

Deno.test("a model with a user-defined Activation and Cost loads when they are passed by name", () => {
  const cube: Activation = {
    name: "cube",
    fn: (z) => z ** 3,
    derivative: (z) => 3 * z * z,
  };
  const half: Cost = {
    name: "half",
    fn: (a, y) => 0.5 * Math.abs(a[0]! - y[0]!),
    gradient: (a, y, out) => void (out[0] = 0.5 * Math.sign(a[0]! - y[0]!)),
  };
  const net = new Network([new Dense(2, 1, cube, { seed: 4 })], half);
  const json = JSON.parse(JSON.stringify(net));
  assert.throws(
    () => Network.fromJSON(json, { costs: { half } }),
    /unknown activation 'cube'; built-in activations are 'sigmoid'/,
  );
  assert.throws(
    () => Network.fromJSON(json),
    /field 'cost' names unknown cost 'half'/,
  );
  const back = Network.fromJSON(json, {
    activations: { cube },
    costs: { half },
  });
  assert.deepEqual(back.predict(x), net.predict(x));
  assert.equal(back.loss(x, y), net.loss(x, y));
});

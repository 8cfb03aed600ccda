import assert from "node:assert/strict";
import { logCosh, swish } from "../plugin_fixtures.ts";
import { gradcheck } from "../../gradcheck/mod.ts";
import {
  buildCombination,
  combinations,
} from "../../gradcheck/harness/combos.ts";
import {
  Dense,
  Dropout,
  type Layer,
  Matrix,
  mlp,
  Network,
  type Param,
  quadratic,
  relu,
  sigmoid,
} from "../../mod.ts";

const fast = { minTimingMs: 0 };

Deno.test("gradcheck() passes every correct built-in combination, both methods", () => {
  for (const c of combinations().run) {
    const { network, x, y } = buildCombination(c, 7);
    for (const method of ["forward", "central"] as const) {
      const r = gradcheck(network, x, y, { method, ...fast });
      assert.ok(r.ok, `${c.name} (${method}): ${JSON.stringify(r.worst)}`);
    }
  }
});

Deno.test("gradcheck() passes a ReLU network with every pre-activation at its kink", () => {
  // zero inputs and zero biases put every z of layer 0 exactly at z = 0
  const net = new Network([
    new Dense(3, 4, relu, { seed: 1 }),
    new Dense(4, 2, sigmoid, { seed: 2 }),
  ], quadratic);
  (net.layers[0] as Dense).biases.fill(0);
  const x = [[0, 0, 0], [0, 0, 0]], y = [[1, 0], [0, 1]];
  assert.deepEqual(
    Array.from((net.layers[0] as Dense).forward(Matrix.from(x), false).data),
    new Array(8).fill(0),
  );
  for (const method of ["forward", "central"] as const) {
    const r = gradcheck(net, x, y, { method, ...fast });
    assert.ok(r.ok, JSON.stringify(r.worst));
    // each bias of layer 0 moves its z off 0: a kink crossing, not a failure
    assert.ok(r.kinks >= 4, `kinks ${r.kinks}`);
    assert.equal(
      r.params.find((p) => p.layer === 0 && p.param === "b")!.checked,
      0,
    );
  }
});

Deno.test("gradcheck() restores every weight bit for bit and the fused flag", () => {
  const net = mlp([3, 5, 2], { seed: 3, cost: "crossEntropy", dropout: 0.2 });
  net.fused = false;
  const before = net.params.map((p) => p.value.slice());
  gradcheck(net, [[0.3, -1, 2]], [[1, 0]], { method: "central", ...fast });
  net.params.forEach((p, i) => assert.deepEqual(p.value, before[i]));
  assert.equal(net.fused, false);
});

Deno.test("gradcheck() freezes dropout: one mask for every evaluation", () => {
  const net = mlp([4, 8, 8, 3], {
    seed: 4,
    dropout: 0.5,
    cost: "logLikelihood",
  });
  const r = gradcheck(net, [[1, 2, 3, 4], [0, -1, 1, 0]], [[1, 0, 0], [
    0,
    0,
    1,
  ]], fast);
  assert.ok(r.ok, JSON.stringify(r.worst));
  // the layers are unfrozen afterwards: two training passes draw new masks
  const x = [[1, 2, 3, 4]], y = [[1, 0, 0]];
  const losses = new Set(
    [1, 2, 3, 4].map(() => net.loss(x, y, { training: true })),
  );
  assert.ok(losses.size > 1);
});

Deno.test("gradcheck() checks user-defined Activation, Cost and Layer plug-ins", () => {
  class Scale implements Layer {
    readonly inputSize: number;
    readonly outputSize: number;
    readonly params: readonly Param[];
    #s: Param = {
      name: "s",
      shape: [1],
      value: Float64Array.of(1.5),
      grad: new Float64Array(1),
    };
    #x = new Matrix(0, 0);
    constructor(n: number) {
      this.inputSize = n;
      this.outputSize = n;
      this.params = [this.#s];
    }
    forward(input: Matrix): Matrix {
      this.#x = input;
      return new Matrix(
        input.rows,
        input.cols,
        input.data.map((v) => v * this.#s.value[0]!),
      );
    }
    backward(grad: Matrix): Matrix {
      let g = 0;
      for (let i = 0; i < grad.data.length; i++) {
        g += grad.data[i]! * this.#x.data[i]!;
      }
      this.#s.grad[0] = g;
      return new Matrix(
        grad.rows,
        grad.cols,
        grad.data.map((v) => v * this.#s.value[0]!),
      );
    }
  }
  const net = new Network([
    new Dense(3, 4, swish, { seed: 1 }),
    new Scale(4),
    new Dropout(4, 0.25, { seed: 9 }),
    new Dense(4, 2, swish, { seed: 2 }),
  ], logCosh);
  const x = [[1, -2, 0.5], [0.1, 0.2, 0.3]], y = [[0.5, -0.5], [1, 0]];
  const r = gradcheck(net, x, y, { method: "central", ...fast });
  assert.ok(r.ok, JSON.stringify(r.worst));
  assert.ok(
    r.params.some((p) => p.layer === 1 && p.param === "s" && p.checked === 1),
  );
  // the same plug-in with its gradient broken is caught
  const broken = {
    ...logCosh,
    gradient: (a: Float64Array, y: Float64Array, out: Float64Array) => {
      for (let j = 0; j < a.length; j++) {
        out[j] = 1.05 *
          Math.tanh(a[j]! - y[j]!);
      }
    },
  };
  const bad = new Network([new Dense(3, 2, swish, { seed: 1 })], broken);
  assert.equal(gradcheck(bad, x, y, fast).ok, false);
});

Deno.test("gradcheck() checks the L2 penalty apart from the data loss", () => {
  const net = mlp([3, 4, 2], { seed: 5 });
  const r = gradcheck(net, [[1, 2, 3]], [[0, 1]], {
    l2: { lambda: 5, n: 50 },
    ...fast,
  });
  assert.ok(r.l2 !== null && r.l2.ok);
  assert.equal(r.l2.checked, 3 * 4 + 4 * 2); // weights only, not biases
});

Deno.test("gradcheck() counts forward passes and times both methods", () => {
  const net = mlp([3, 4, 2], { seed: 6 });
  const f = gradcheck(net, [[1, 2, 3]], [[0, 1]], fast);
  assert.deepEqual(f.timing.forwardPasses, { backprop: 1, numeric: 27 });
  const c = gradcheck(net, [[1, 2, 3]], [[0, 1]], {
    method: "central",
    ...fast,
  });
  assert.equal(c.timing.forwardPasses.numeric, 52);
  assert.ok(f.timing.backpropMs > 0 && f.timing.numericMs > 0);
  assert.equal(f.timing.speedup, f.timing.numericMs / f.timing.backpropMs);
  assert.match(f.timing.note, /from layer l only/);
});

Deno.test("gradcheck() samples entries with a seed and marks the time as extrapolated", () => {
  const net = mlp([20, 10, 3], { seed: 7 });
  const x = [new Array(20).fill(0.1)], y = [[1, 0, 0]];
  const a = gradcheck(net, x, y, { sample: 5, seed: 1, ...fast });
  const b = gradcheck(net, x, y, { sample: 5, seed: 1, ...fast });
  assert.equal(a.checked, 5 + 5 + 5 + 3);
  assert.ok(a.timing.extrapolated);
  assert.deepEqual(
    a.params.map((p) => p.worstIndex),
    b.params.map((p) => p.worstIndex),
  );
});

Deno.test("gradcheck() rejects a bad method or step with a clear message", () => {
  const net = mlp([1, 1]);
  assert.throws(
    () => gradcheck(net, [[1]], [[1]], { method: "backward" as "forward" }),
    { name: "RangeError", message: /Unknown method 'backward'/ },
  );
  assert.throws(
    () => gradcheck(net, [[1]], [[1]], { epsilon: -1 }),
    /option 'epsilon' must be a positive number, got '-1'/,
  );
  assert.throws(() => gradcheck(net, [[1, 2]], [[1]]), TypeError);
});

Deno.test("gradcheck() with equations: true attaches BP1-BP4 one by one", () => {
  const net = mlp([3, 4, 2], { seed: 8, cost: "crossEntropy" });
  const r = gradcheck(net, [[1, 2, 3], [0, 1, 0]], [[0, 1], [1, 0]], {
    equations: true,
    ...fast,
  });
  assert.ok(r.equations !== undefined && r.equations.ok);
  assert.equal(r.equations.rows.length, 2 * 3 * 2); // 2 layers x 3 equations x 2 paths
  assert.equal(
    gradcheck(net, [[1, 2, 3]], [[0, 1]], fast).equations,
    undefined,
  );
});

Deno.test("gradcheck() leaves a dropout network's future exactly as it was", () => {
  const make = () =>
    new Network([
      new Dense(3, 5, "tanh", { seed: 1 }),
      new Dropout(5, 0.4, { seed: 2 }),
      new Dense(5, 2, "sigmoid", { seed: 3 }),
    ], "quadratic");
  const x = [[0.2, -0.4, 0.9], [1, 0.1, -0.3]], y = [[0, 1], [1, 0]];
  const checked = make(), untouched = make();
  assert.ok(gradcheck(checked, x, y, fast).ok);
  // Same weights and the same next dropout masks: identical training losses.
  const losses = (net: Network) => [0, 1, 2].map(() => net.gradient(x, y));
  assert.deepEqual(losses(checked), losses(untouched));
});

import assert from "node:assert/strict";
import {
  AvgPool2D,
  Conv2D,
  Dense,
  Matrix,
  MaxPool2D,
  Network,
  quadratic,
  relu,
  sigmoid,
  tanh,
} from "../../mod.ts";
import { assertClose } from "../numeric.ts";
import {
  type ConvCase,
  naiveConv,
  numericGradient,
  randomMatrix,
} from "./conv_oracle.ts";

const CASES: (ConvCase & { name: string })[] = [
  {
    name: "3x3, stride 1, valid",
    c: 2,
    h: 7,
    w: 6,
    filters: 3,
    kh: 3,
    kw: 3,
    stride: 1,
    padding: "valid",
  },
  {
    name: "3x3, stride 2, valid",
    c: 2,
    h: 7,
    w: 6,
    filters: 3,
    kh: 3,
    kw: 3,
    stride: 2,
    padding: "valid",
  },
  {
    name: "3x3, stride 1, same",
    c: 2,
    h: 7,
    w: 6,
    filters: 3,
    kh: 3,
    kw: 3,
    stride: 1,
    padding: "same",
  },
  {
    name: "3x3, stride 2, same",
    c: 2,
    h: 7,
    w: 6,
    filters: 3,
    kh: 3,
    kw: 3,
    stride: 2,
    padding: "same",
  },
  {
    name: "2x3, stride 1, same (uneven padding)",
    c: 1,
    h: 5,
    w: 5,
    filters: 2,
    kh: 2,
    kw: 3,
    stride: 1,
    padding: "same",
  },
  {
    name: "4x4, stride 2, same",
    c: 3,
    h: 6,
    w: 7,
    filters: 2,
    kh: 4,
    kw: 4,
    stride: 2,
    padding: "same",
  },
];

function make(t: ConvCase, act = tanh): Conv2D {
  return new Conv2D([t.c, t.h, t.w], t.filters, [t.kh, t.kw], act, {
    stride: t.stride,
    padding: t.padding,
    seed: 3,
  });
}

Deno.test("Conv2D's forward pass is the direct convolution of its definition", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const conv = make(c);
      const x = randomMatrix(3, c.c * c.h * c.w, 7);
      const a = conv.forward(x, false);
      const { z, oh, ow } = naiveConv(c, conv.params[0]!.value, conv.biases, x);
      assert.deepEqual(conv.outputShape, [c.filters, oh, ow]);
      assert.equal(a.cols, c.filters * oh * ow);
      for (let i = 0; i < z.length; i++) {
        assertClose(conv.z.data[i]!, z[i]!, { atol: 1e-13 }, `z[${i}]`);
        assertClose(a.data[i]!, Math.tanh(z[i]!), { atol: 1e-13 }, `a[${i}]`);
      }
    });
  }
});

Deno.test("Conv2D's backward pass gives the finite differences of a weighted sum of its outputs", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const conv = make(c);
      const x = randomMatrix(2, conv.inputSize, 11);
      const r = randomMatrix(2, conv.outputSize, 13);
      // L = Σ r ⊙ A, so ∂L/∂A = r
      const L = (): number => {
        const a = conv.forward(x, true);
        let s = 0;
        for (let i = 0; i < a.data.length; i++) s += r.data[i]! * a.data[i]!;
        return s;
      };
      L();
      const dx = conv.backward(r, true).data.slice();
      const [K, b] = conv.params;
      const dK = K!.grad.slice(), db = b!.grad.slice();
      const checks: [string, Float64Array | Float32Array, Float64Array][] = [
        ["∂L/∂K", dK, numericGradient(K!.value, L)],
        ["∂L/∂b", db, numericGradient(b!.value, L)],
        ["∂L/∂x", dx, numericGradient(x.data, L)],
      ];
      for (const [what, analytic, numeric] of checks) {
        for (let i = 0; i < analytic.length; i++) {
          assertClose(
            analytic[i]!,
            numeric[i]!,
            { atol: 1e-7, rtol: 1e-6 },
            `${what}[${i}]`,
          );
        }
      }
    });
  }
});

Deno.test("Conv2D skips only ∂C/∂input when the loop says it need not compute it", () => {
  const c = CASES[3]!, conv = make(c);
  const x = randomMatrix(2, conv.inputSize, 1),
    g = randomMatrix(2, conv.outputSize, 2);
  conv.forward(x, true);
  conv.backward(g, true);
  const full = conv.params.map((p) => p.grad.slice());
  conv.forward(x, true);
  conv.backward(g, false);
  conv.params.forEach((p, i) => assert.deepEqual(p.grad, full[i]));
});

Deno.test("Conv2D reuses its buffers for batches of the same size", () => {
  const conv = make(CASES[0]!);
  const a1 = conv.forward(randomMatrix(4, conv.inputSize, 1), true);
  const g1 = conv.backward(randomMatrix(4, conv.outputSize, 2));
  const a2 = conv.forward(randomMatrix(4, conv.inputSize, 3), true);
  const g2 = conv.backward(randomMatrix(4, conv.outputSize, 4));
  assert.equal(a1, a2);
  assert.equal(g1, g2);
});

Deno.test("a network whose image shapes do not chain fails at construction naming both shapes", () => {
  const conv = new Conv2D([1, 8, 8], 4, 3, relu);
  assert.throws(
    () =>
      new Network([
        conv,
        new MaxPool2D([4, 5, 5], 2),
        new Dense(16, 2, sigmoid),
      ], quadratic),
    /layer 0 outputs 4x6x6 \(144\) values but layer 1 takes 4x5x5 \(100\)/,
  );
  // same size, different shape
  assert.throws(
    () =>
      new Network([
        new Conv2D([1, 4, 4], 4, 1, relu),
        new AvgPool2D([16, 2, 2], 2),
      ], quadratic),
    /outputs 4x4x4 \(64\) values but layer 1 takes 16x2x2 \(64\)/,
  );
  assert.throws(
    () => new Network([conv, new Dense(100, 2, sigmoid)], quadratic),
    /layer 0 outputs 4x6x6 \(144\) values but layer 1 takes 100/,
  );
});

Deno.test("Conv2D rejects bad arguments with what was wrong", () => {
  assert.throws(
    () => new Conv2D([28, 28] as never, 2, 3, relu),
    /inputShape must be \[channels, height, width\]/,
  );
  assert.throws(
    () => new Conv2D([1, 4, 4], 2, 5, relu),
    /5x5 kernel does not fit the input 1x4x4/,
  );
  assert.throws(
    () => new Conv2D([1, 4, 4], 0, 3, relu),
    /filters must be a positive integer, got '0'/,
  );
  assert.throws(
    () => new Conv2D([1, 4, 4], 2, 3, relu, { padding: "full" as never }),
    /padding must be 'valid' or 'same', got 'full'/,
  );
  assert.throws(
    () => new Conv2D([1, 4, 4], 2, 3, relu).forward(new Matrix(1, 15), false),
    /input rows have 15 values but shape 1x4x4 needs 16/,
  );
});

Deno.test("Conv2D on a sparse input (pixels) gives the direct convolution and the finite differences", async (t) => {
  for (const c of [CASES[0]!, CASES[3]!, { ...CASES[5]!, h: 9, w: 8 }]) {
    await t.step(c.name, () => {
      const conv = make(c);
      // 80% zeros, as in MNIST (the TypeScript loops scatter the nonzeros;
      // WebAssembly takes the dense SIMD products, which are faster there)
      const x = randomMatrix(3, conv.inputSize, 17);
      x.data.forEach((_, i) => (x.data[i] = i % 5 === 2 ? x.data[i]! : 0));
      assert.ok(conv.inputSize >= 64);
      conv.forward(x, true);
      const { z } = naiveConv(c, conv.params[0]!.value, conv.biases, x);
      z.forEach((v, i) =>
        assertClose(conv.z.data[i]!, v, { atol: 1e-13 }, `z[${i}]`)
      );
      const r = randomMatrix(3, conv.outputSize, 19);
      const L = (): number =>
        conv.forward(x, true).data.reduce((s, v, i) => s + r.data[i]! * v, 0);
      L();
      conv.backward(r, false);
      const [K, b] = conv.params, dK = K!.grad.slice(), db = b!.grad.slice();
      const nK = numericGradient(K!.value, L),
        nb = numericGradient(b!.value, L);
      dK.forEach((g, i) =>
        assertClose(g, nK[i]!, { atol: 1e-7, rtol: 1e-6 }, `∂L/∂K[${i}]`)
      );
      db.forEach((g, i) =>
        assertClose(g, nb[i]!, { atol: 1e-7, rtol: 1e-6 }, `∂L/∂b[${i}]`)
      );
    });
  }
});

Deno.test("Conv2D rejects an unknown dtype and a bad thread count as Dense does", () => {
  assert.throws(
    () => new Conv2D([1, 4, 4], 2, 3, relu, { dtype: "float16" as never }),
    /Unknown dtype 'float16': use one of 'float64', 'float32'/,
  );
  for (const threads of [0, 1.5, 65]) {
    assert.throws(
      () => new Conv2D([1, 4, 4], 2, 3, relu, { threads }),
      new RegExp(
        `Cannot create Conv2D layer: threads must be an integer from 1 to 64, got '${threads}'`,
      ),
    );
  }
});

Deno.test("a float32 Conv2D keeps Float32Array parameters drawn as float64 then rounded, and its z is the direct convolution on them to float32 precision", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const options = {
        stride: c.stride,
        padding: c.padding,
        seed: 5,
      } as const;
      const conv = new Conv2D([c.c, c.h, c.w], c.filters, [c.kh, c.kw], tanh, {
        ...options,
        dtype: "float32",
      });
      const f64 = new Conv2D(
        [c.c, c.h, c.w],
        c.filters,
        [c.kh, c.kw],
        tanh,
        options,
      );
      assert.equal(conv.dtype, "float32");
      assert.ok(conv.params.every((p) => p.value instanceof Float32Array));
      assert.ok(conv.params.every((p) => p.grad instanceof Float32Array));
      assert.deepEqual(conv.kernels.data, Float32Array.from(f64.kernels.data));
      const x = randomMatrix(3, conv.inputSize, 7);
      conv.forward(x, false);
      const { z } = naiveConv(c, conv.kernels.data, conv.biases, x);
      // a sum of c·kh·kw + 1 terms of about N(0, 1) size, rounded to float32
      const atol = (c.c * c.kh * c.kw + 3) * 2 ** -24 * 8;
      z.forEach((v, i) => assertClose(conv.z.data[i]!, v, { atol }, `z[${i}]`));
      const copy = conv.toFloat64();
      assert.equal(copy.dtype, "float64");
      assert.deepEqual(
        [copy.stride, copy.padding, copy.kernelSize],
        [conv.stride, conv.padding, conv.kernelSize],
      );
      assert.deepEqual([...copy.kernels.data], [...conv.kernels.data]);
      assert.deepEqual([...copy.biases], [...conv.biases]);
    });
  }
});

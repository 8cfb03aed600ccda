import assert from "node:assert/strict";
import {
  type Activation,
  type Layer,
  logLikelihood,
  Matrix,
  Network,
  type Param,
  softmax,
  tanh,
} from "../../mod.ts";
import { assertClose, centralDiff } from "../numeric.ts";

/**
 * A user's fully connected layer written with naive loops, exposing what the
 * Layer interface offers for the fused output path and the skipped input
 * gradient, and recording how the loop called it.
 */
class UserDense implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly activation: Activation;
  readonly params: readonly Param[];
  calls: string[] = [];
  #x = new Matrix(0, 0);
  #z = new Matrix(0, 0);
  #a = new Matrix(0, 0);
  #delta = new Matrix(0, 0);
  constructor(nIn: number, nOut: number, activation: Activation, seed: number) {
    this.inputSize = nIn;
    this.outputSize = nOut;
    this.activation = activation;
    const w = Float64Array.from(
      { length: nIn * nOut },
      (_, i) => Math.sin(seed + 1.7 * i) * 0.8,
    );
    const b = Float64Array.from({ length: nOut }, (_, j) => 0.1 * (j - seed));
    this.params = [
      {
        name: "W",
        shape: [nOut, nIn],
        value: w,
        grad: new Float64Array(w.length),
      },
      { name: "b", shape: [nOut], value: b, grad: new Float64Array(nOut) },
    ];
  }
  get delta(): Matrix {
    return this.#delta;
  }
  forward(input: Matrix): Matrix {
    const m = input.rows, n = this.outputSize, k = this.inputSize;
    const [W, b] = this.params;
    this.#x = input;
    this.#z = new Matrix(m, n);
    this.#a = new Matrix(m, n);
    this.#delta = new Matrix(m, n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = b!.value[j]!;
        for (let c = 0; c < k; c++) s += W!.value[j * k + c]! * input.get(i, c);
        this.#z.data[i * n + j] = s;
      }
    }
    const act = this.activation;
    if (act.forward) act.forward(this.#z.data, this.#a.data, m, n);
    else this.#z.data.forEach((z, i) => (this.#a.data[i] = act.fn(z)));
    return this.#a;
  }
  backward(outputGrad: Matrix, needInputGrad = true): Matrix {
    this.calls.push(`backward(${needInputGrad})`);
    const act = this.activation, Z = this.#z.data, A = this.#a.data;
    if (act.backward) {
      act.backward(
        Z,
        A,
        outputGrad.data,
        this.#delta.data,
        this.#z.rows,
        this.outputSize,
      );
    } else {
      for (let i = 0; i < Z.length; i++) {
        this.#delta.data[i] = outputGrad.data[i]! *
          act.derivative(Z[i]!, A[i]!);
      }
    }
    return this.#fromDelta(needInputGrad);
  }
  backwardFromDelta(needInputGrad = true): Matrix {
    this.calls.push(`backwardFromDelta(${needInputGrad})`);
    return this.#fromDelta(needInputGrad);
  }
  #fromDelta(needInputGrad: boolean): Matrix {
    const m = this.#x.rows, n = this.outputSize, k = this.inputSize;
    const [W, b] = this.params, D = this.#delta.data;
    W!.grad.fill(0);
    b!.grad.fill(0);
    const out = new Matrix(m, k);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const d = D[i * n + j]!;
        b!.grad[j]! += d;
        for (let c = 0; c < k; c++) {
          W!.grad[j * k + c]! += d * this.#x.get(i, c);
          if (needInputGrad) out.data[i * k + c]! += d * W!.value[j * k + c]!;
        }
      }
    }
    return out;
  }
}

const x = [[0.3, -1.2, 0.5], [1.1, 0.4, -0.7]];
const y = [[0, 1], [1, 0]];

function build(): [UserDense, UserDense, Network] {
  const first = new UserDense(3, 4, tanh, 1);
  const last = new UserDense(4, 2, softmax, 2);
  return [first, last, new Network([first, last], logLikelihood)];
}

Deno.test("a user-defined output layer gets the fused path δ^L = (a − y)/m when the cost pairs with its σ", () => {
  const [first, last, net] = build();
  const a = net.predict(x);
  net.gradient(x, y);
  assert.deepEqual(last.calls, ["backwardFromDelta(true)"]);
  for (let i = 0; i < a.data.length; i++) {
    const expected = (a.data[i]! - y[Math.floor(i / 2)]![i % 2]!) / x.length;
    assertClose(
      last.delta.data[i]!,
      expected,
      { atol: 1e-15 },
      `δ^L entry ${i}`,
    );
  }
  assert.deepEqual(first.calls, ["backward(false)"]);
});

Deno.test("the generic path calls backward() on a user layer, and the first layer is told to skip ∂C/∂input", () => {
  const [first, last, net] = build();
  net.fused = false;
  net.gradient(x, y);
  assert.deepEqual(last.calls, ["backward(true)"]);
  assert.deepEqual(first.calls, ["backward(false)"]);
});

Deno.test("both paths through user layers give the finite-difference gradient", async (t) => {
  for (const fused of [true, false]) {
    await t.step(fused ? "fused" : "generic", () => {
      const [, , net] = build();
      net.fused = fused;
      net.gradient(x, y);
      for (const [pi, p] of net.params.entries()) {
        const analytic = p.grad.slice();
        for (let i = 0; i < p.value.length; i++) {
          const w0 = p.value[i]!;
          const numeric = centralDiff((w) => {
            p.value[i] = w;
            const c = net.loss(x, y);
            p.value[i] = w0;
            return c;
          }, w0);
          assertClose(
            analytic[i]!,
            numeric,
            { atol: 1e-8, rtol: 1e-6 },
            `param ${pi} entry ${i}`,
          );
        }
      }
    });
  }
});

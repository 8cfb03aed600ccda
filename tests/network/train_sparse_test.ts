import assert from "node:assert/strict";
import { pixels } from "./pixels.ts";
import {
  backpropSample,
  type Layer,
  Matrix,
  mlp,
  Network,
  type Param,
  SGD,
  train,
} from "../../mod.ts";

/**
 * The independent reference: the chapter's per-sample backprop
 * (backpropSample, vectors only), averaged over each mini-batch of the
 * given row order, and the plain update w -= η · mean gradient.
 */
function referenceSgd(
  net: Network,
  x: Matrix,
  y: Matrix,
  batch: number,
  eta: number,
  epochs: number,
): void {
  for (let e = 0; e < epochs; e++) {
    for (let s = 0; s < x.rows; s += batch) {
      const rows = Math.min(batch, x.rows - s);
      const sums = net.params.map((p) => new Float64Array(p.value.length));
      for (let r = s; r < s + rows; r++) {
        const g = backpropSample(
          net,
          x.data.subarray(r * x.cols, (r + 1) * x.cols),
          y.data.subarray(r * y.cols, (r + 1) * y.cols),
        );
        g.nablaW.forEach((w, l) => w.forEach((v, i) => sums[2 * l]![i]! += v));
        g.nablaB.forEach((b, l) =>
          b.forEach((v, i) => sums[2 * l + 1]![i]! += v)
        );
      }
      net.params.forEach((p, k) =>
        p.value.forEach((v, i) => p.value[i] = v - eta * sums[k]![i]! / rows)
      );
    }
  }
}

function assertClose(a: readonly Param[], b: readonly Param[]): void {
  a.forEach((p, k) => {
    p.value.forEach((v, i) => {
      const w = b[k]!.value[i]!;
      assert.ok(
        Math.abs(v - w) <= 1e-12 * Math.max(1, Math.abs(w)),
        `param ${k} entry ${i}: ${v} vs reference ${w}`,
      );
    });
  });
}

Deno.test("train() on sparse wide inputs matches per-sample backprop with plain SGD", () => {
  const { x, y } = pixels(1);
  const net = mlp([100, 7, 3], { seed: 4 });
  const ref = Network.fromJSON(net.toJSON());
  // batch 8 over 42 rows: five full batches and a last one of 2
  train(net, { x, y }, {
    epochs: 3,
    batchSize: 8,
    optimizer: new SGD({ learningRate: 0.5 }),
    shuffle: false,
  });
  referenceSgd(ref, x, y, 8, 0.5, 3);
  assertClose(net.params, ref.params);
});

/** Passes its input through: a first layer that is not Dense. */
class PassThrough implements Layer {
  readonly inputSize = 100;
  readonly outputSize = 100;
  readonly params: readonly Param[] = [];
  forward(input: Matrix): Matrix {
    return new Matrix(input.rows, input.cols, input.data.slice());
  }
  backward(grad: Matrix): Matrix {
    return grad;
  }
}

Deno.test("train() gives a first layer that is not Dense the dense sparse batch rows", () => {
  const { x, y } = pixels(2);
  const dense = mlp([100, 5, 3], { seed: 6 });
  const net = new Network([new PassThrough(), ...dense.layers], dense.cost);
  const ref = Network.fromJSON(dense.toJSON());
  train(net, { x, y }, {
    epochs: 2,
    batchSize: 10,
    optimizer: new SGD({ learningRate: 0.5 }),
    shuffle: false,
  });
  referenceSgd(ref, x, y, 10, 0.5, 2);
  assertClose(net.params, ref.params);
});

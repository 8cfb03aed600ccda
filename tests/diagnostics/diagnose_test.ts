import assert from "node:assert/strict";
import {
  Dense,
  diagnose,
  Network,
  Random,
  relu,
  sigmoid,
  tanh,
} from "../../mod.ts";
import { assertClose, centralDiff } from "../numeric.ts";

function rows(n: number, width: number, seed: number, scale = 1): number[][] {
  const r = new Random(seed);
  return Array.from(
    { length: n },
    () => Array.from({ length: width }, () => scale * (2 * r.uniform() - 1)),
  );
}

function oneHot(n: number, k: number, seed: number): number[][] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => {
    const row = new Array<number>(k).fill(0);
    row[Math.floor(r.uniform() * k)] = 1;
    return row;
  });
}

/** Forward pass of one row by hand: z and a of every layer. */
function perSample(
  layers: readonly Dense[],
  x: readonly number[],
  sigma: (z: number) => number,
): { z: number[]; a: number[] }[] {
  const out: { z: number[]; a: number[] }[] = [];
  let a = [...x];
  for (const layer of layers) {
    const W = layer.weights, z: number[] = [];
    for (let j = 0; j < layer.outputSize; j++) {
      let s = layer.biases[j]!;
      for (let k = 0; k < layer.inputSize; k++) {
        s += W.data[j * layer.inputSize + k]! * a[k]!;
      }
      z.push(s);
    }
    a = z.map(sigma);
    out.push({ z, a });
  }
  return out;
}

Deno.test("diagnose() gives ‖∂C/∂b‖ and ‖∂C/∂W‖ of every layer as the tests' own central differences do", () => {
  for (const cost of ["quadratic", "crossEntropy"]) {
    const layers = [
      new Dense(3, 4, tanh, { seed: 1 }),
      new Dense(4, 5, sigmoid, { seed: 2 }),
      new Dense(5, 2, sigmoid, { seed: 3 }),
    ];
    const net = new Network(layers, cost);
    const x = rows(7, 3, 4), y = oneHot(7, 2, 5);
    const { layers: figures } = diagnose(net, x, y);
    assert.equal(figures.length, 3);
    layers.forEach((layer, l) => {
      for (
        const [p, field] of [[1, "biasGradientNorm"], [
          0,
          "weightGradientNorm",
        ]] as const
      ) {
        const value = layer.params[p]!.value;
        let sq = 0;
        for (let i = 0; i < value.length; i++) {
          const saved = value[i]!;
          const d = centralDiff(
            (v) => {
              value[i] = v;
              const c = net.loss(x, y);
              value[i] = saved;
              return c;
            },
            saved,
            1e-5,
          );
          sq += d * d;
        }
        assertClose(figures[l]![field], Math.sqrt(sq), {
          rtol: 1e-6,
          atol: 1e-10,
        }, `${cost} layer ${l} ${field}`);
      }
      assert.equal(figures[l]!.layer, l);
    });
  }
});

Deno.test("diagnose() counts saturated sigmoid and tanh values like a per-sample loop", () => {
  const layers = [
    new Dense(6, 8, tanh, { seed: 7, init: "large" }),
    new Dense(8, 3, sigmoid, { seed: 8, init: "large" }),
  ];
  const net = new Network(layers, "quadratic");
  const x = rows(40, 6, 9, 3), y = oneHot(40, 3, 10);
  const { layers: figures } = diagnose(net, x, y);
  // independent: σ′ by hand, thresholds 1% of max σ′ (tanh 1, sigmoid 1/4)
  let tanhSat = 0, sigSat = 0, sum = 0, sumSq = 0;
  for (const row of x) {
    const hidden = perSample(layers.slice(0, 1), row, Math.tanh)[0]!;
    for (const z of hidden.z) if (1 - Math.tanh(z) ** 2 < 0.01) tanhSat++;
    for (const a of hidden.a) {
      sum += a;
      sumSq += a * a;
    }
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    const out = perSample(layers.slice(1), hidden.a, s)[0]!;
    for (const z of out.z) if (s(z) * (1 - s(z)) < 0.0025) sigSat++;
  }
  assert.ok(
    tanhSat > 0 && tanhSat < 320,
    `tanh saturated ${tanhSat}: the case should be mixed`,
  );
  assertClose(
    figures[0]!.saturation!,
    tanhSat / 320,
    { atol: 1e-12 },
    "tanh saturation",
  );
  assertClose(
    figures[1]!.saturation!,
    sigSat / 120,
    { atol: 1e-12 },
    "sigmoid saturation",
  );
  const mean = sum / 320;
  assertClose(figures[0]!.activationMean, mean, { atol: 1e-12 }, "mean");
  assertClose(figures[0]!.activationStd, Math.sqrt(sumSq / 320 - mean * mean), {
    atol: 1e-12,
  }, "std");
  assert.equal(figures[0]!.dead, null);
});

Deno.test("diagnose() counts ReLU units dead on every row like a per-sample loop, and no saturation", () => {
  const layers = [
    new Dense(5, 12, relu, { seed: 11 }),
    new Dense(12, 2, sigmoid, { seed: 12 }),
  ];
  layers[0]!.biases.forEach((_, j, b) => (b[j] = j % 3 === 0 ? -4 : 0.1 * j));
  const net = new Network(layers, "crossEntropy");
  const x = rows(30, 5, 13), y = oneHot(30, 2, 14);
  const alive = new Array<boolean>(12).fill(false);
  for (const row of x) {
    perSample(layers.slice(0, 1), row, (z) => Math.max(0, z))[0]!.a.forEach(
      (a, j) => {
        if (a !== 0) alive[j] = true;
      },
    );
  }
  const dead = alive.filter((v) => !v).length;
  assert.ok(
    dead >= 4,
    `the -4 biases should kill at least 4 units, got ${dead}`,
  );
  const { layers: figures } = diagnose(net, x, y);
  assert.equal(figures[0]!.dead, dead / 12);
  assert.equal(figures[0]!.saturation, null);
});

Deno.test("diagnose() skips layers without parameters and rejects a bad shape with the usual error", () => {
  const net = new Network(
    [new Dense(2, 3, relu), new Dense(3, 1, sigmoid)],
    "quadratic",
  );
  assert.equal(diagnose(net, [[1, 2]], [[1]]).layers.length, 2);
  assert.throws(() => diagnose(net, [[1, 2, 3]], [[1]]), TypeError);
});

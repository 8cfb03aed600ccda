import assert from "node:assert/strict";
import { diagnose, mlp, Random, SGD, train } from "../../mod.ts";
import { TrainingRecorder } from "../../diagnostics/training_recorder.ts";
import { assertClose } from "../numeric.ts";

function data(n: number, seed: number): { x: number[][]; y: number[][] } {
  const r = new Random(seed), x: number[][] = [], y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = [r.uniform(), r.uniform(), r.uniform()];
    x.push(row);
    y.push(row[0]! + row[1]! > 1 ? [1, 0] : [0, 1]);
  }
  return { x, y };
}

Deno.test("train() with diagnostics gives, for full-batch SGD, each epoch's figures at the weights the epoch started from", () => {
  const { x, y } = data(24, 1);
  const eta = 0.8;
  const net = mlp([3, 5, 4, 2], { seed: 3, cost: "crossEntropy" });
  const twin = mlp([3, 5, 4, 2], { seed: 3, cost: "crossEntropy" });
  const history = train(net, { x, y }, {
    epochs: 4,
    batchSize: 24,
    optimizer: new SGD({ learningRate: eta }),
    shuffle: false,
    diagnostics: true,
  });
  history.forEach((stats, e) => {
    // the twin walks the same path by hand: diagnose, then one SGD step
    const expected = diagnose(twin, x, y).layers;
    const weights = twin.params.filter((p) => p.name === "W");
    const sizes = weights.map((p) => Math.hypot(...p.value));
    for (const p of twin.params) {
      p.value.forEach((v, i) => (p.value[i] = v - eta * p.grad[i]!));
    }
    assert.equal(stats.layers!.length, 3);
    stats.layers!.forEach((got, l) => {
      const want = expected[l]!;
      for (
        const k of [
          "biasGradientNorm",
          "weightGradientNorm",
          "activationMean",
          "activationStd",
          "saturation",
        ] as const
      ) {
        assertClose(
          got[k]!,
          want[k]!,
          { rtol: 1e-9, atol: 1e-14 },
          `epoch ${e + 1} layer ${l} ${k}`,
        );
      }
      // SGD without L2: ‖ΔW‖ = η ‖∂C/∂W‖
      assertClose(got.updateRatio!, eta * want.weightGradientNorm / sizes[l]!, {
        rtol: 1e-9,
      }, `epoch ${e + 1} layer ${l} update ratio`);
    });
  });
});

Deno.test("train() with diagnostics changes no weights and measures every epoch", () => {
  const { x, y } = data(40, 2);
  const run = (diagnostics: boolean) => {
    const net = mlp([3, 6, 2], { seed: 5, cost: "crossEntropy" });
    const history = train(net, { x, y }, {
      epochs: 3,
      batchSize: 4,
      optimizer: new SGD({ learningRate: 0.5 }),
      seed: 9,
      diagnostics,
    });
    return { net, history };
  };
  const plain = run(false), watched = run(true);
  plain.net.params.forEach((p, i) =>
    assert.deepEqual(p.value, watched.net.params[i]!.value)
  );
  assert.equal(plain.history[0]!.layers, undefined);
  // every epoch has figures, each from at least one measured step
  for (const s of watched.history) {
    for (const l of s.layers!) {
      assert.ok(l.updateRatio! > 0 && Number.isFinite(l.biasGradientNorm));
    }
  }
});

Deno.test("TrainingRecorder averages the gradients of the measured batches only (0, 2, ... with every = 2)", () => {
  const { x, y } = data(8, 3);
  const net = mlp([3, 4, 2], { seed: 1, cost: "crossEntropy" });
  const recorder = new TrainingRecorder(net.layers, 2);
  const sum = [new Float64Array(4), new Float64Array(2)];
  for (let batch = 0; batch < 4; batch++) {
    net.gradient(
      x.slice(2 * batch, 2 * batch + 2),
      y.slice(2 * batch, 2 * batch + 2),
    );
    if (batch % 2 === 0) {
      [net.params[1]!, net.params[3]!].forEach((b, l) =>
        b.grad.forEach((g, j) => (sum[l]![j]! += g))
      );
    }
    recorder.afterBackward(batch);
    recorder.afterStep();
  }
  const figures = recorder.endEpoch();
  figures.forEach((f, l) =>
    assertClose(
      f.biasGradientNorm,
      Math.hypot(...sum[l]!) / 2,
      { rtol: 1e-12 },
      `layer ${l}`,
    )
  );
  // a fresh epoch after endEpoch()
  net.gradient(x, y);
  recorder.afterBackward(0);
  assertClose(
    recorder.endEpoch()[1]!.biasGradientNorm,
    Math.hypot(...net.params[3]!.grad),
    { rtol: 1e-12 },
    "next epoch",
  );
});

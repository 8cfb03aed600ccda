import assert from "node:assert/strict";
import {
  CosineDecay,
  ExponentialDecay,
  mlp,
  type Optimizer,
  type Param,
  ReduceOnPlateau,
  type StepContext,
  StepDecay,
  train,
} from "../../mod.ts";
import { assertClose } from "../numeric.ts";

const at = (epoch: number, step = 1, batchesPerEpoch = 1, epochs = 10) => ({
  initialRate: 0.8,
  epoch,
  step,
  batchesPerEpoch,
  epochs,
});

Deno.test("StepDecay and ExponentialDecay give the hand-computed rates per epoch", () => {
  const step = new StepDecay({ every: 3, factor: 0.5 });
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7].map((e) => step.rate(at(e))),
    [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2],
  );
  const exp = new ExponentialDecay({ gamma: 0.5 });
  assert.deepEqual(
    [1, 2, 3, 4].map((e) => exp.rate(at(e))),
    [0.8, 0.4, 0.2, 0.1],
  );
});

Deno.test("CosineDecay runs from η0 down towards η_min over the run's steps", () => {
  // T = 2 epochs × 2 batches = 4 steps; t = 0..3:
  // η_min + (η0 − η_min)(1 + cos(πt/4))/2 with η0 = 0.8, η_min = 0.2
  const s = new CosineDecay({ minRate: 0.2 });
  const expected = [
    0.8,
    0.2 + 0.6 * (1 + Math.SQRT1_2) / 2,
    0.5,
    0.2 + 0.6 * (1 - Math.SQRT1_2) / 2,
  ];
  [1, 2, 3, 4].forEach((t, i) =>
    assertClose(
      s.rate(at(1, t, 2, 2)),
      expected[i]!,
      { atol: 1e-15 },
      `step ${t}`,
    )
  );
});

Deno.test("ReduceOnPlateau halves η after `patience` epochs without improvement, and not below minRate", () => {
  const s = new ReduceOnPlateau({ patience: 2, minRate: 0.15 });
  const rates: number[] = [];
  // loss: 1 (best), 0.9 (best), 0.95 (wait 1), 0.9 (wait 2: cut → 0.4),
  // 0.8 (best), 0.85 (1), 0.85 (2: cut → 0.2), 0.85 (1), 0.85 (2: cut → floor 0.15)
  for (
    const [i, loss] of [1, 0.9, 0.95, 0.9, 0.8, 0.85, 0.85, 0.85, 0.85]
      .entries()
  ) {
    s.epochEnd({ epoch: i + 1, loss });
    rates.push(s.rate(at(i + 2)));
  }
  assert.deepEqual(rates, [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.15]);
  // an accuracy must rise
  const a = new ReduceOnPlateau({ patience: 1, monitor: "validationAccuracy" });
  a.epochEnd({ epoch: 1, loss: 1, validationAccuracy: 0.5 });
  a.epochEnd({ epoch: 2, loss: 1, validationAccuracy: 0.6 });
  assert.equal(a.rate(at(3)), 0.8);
  a.epochEnd({ epoch: 3, loss: 1, validationAccuracy: 0.6 });
  assert.equal(a.rate(at(4)), 0.4);
  assert.throws(
    () =>
      new ReduceOnPlateau({ patience: 1, monitor: "validationLoss" }).epochEnd({
        epoch: 1,
        loss: 1,
      }),
    /watches 'validationLoss' but the epoch has no such figure/,
  );
});

/** An optimizer that moves nothing and records what it was told. */
function recorder(seen: [number, number, number, number][]): Optimizer {
  return {
    name: "recorder",
    learningRate: 0.8,
    step(_params: readonly Param[], c?: StepContext) {
      seen.push([c!.epoch!, c!.batch!, c!.step!, this.learningRate!]);
      assert.equal(c!.batchesPerEpoch, 3);
      assert.equal(c!.epochs, 4);
      assert.equal(c!.trainingSize, 5);
    },
  };
}

Deno.test("train() sets the scheduled rate before every step and tells the optimizer where it stands", () => {
  const data = { x: [[0], [1], [2], [3], [4]], y: [[0], [1], [0], [1], [0]] };
  const seen: [number, number, number, number][] = [];
  const history = train(mlp([1, 1]), data, {
    epochs: 4,
    batchSize: 2,
    optimizer: recorder(seen),
    schedule: new StepDecay({ every: 2, factor: 0.5 }),
  });
  const expected: [number, number, number, number][] = [];
  for (let e = 1, t = 1; e <= 4; e++) {
    for (let b = 1; b <= 3; b++) expected.push([e, b, t++, e <= 2 ? 0.8 : 0.4]);
  }
  assert.deepEqual(seen, expected);
  assert.deepEqual(history.map((s) => s.learningRate), [0.8, 0.8, 0.4, 0.4]);
});

Deno.test("train() feeds each epoch's figures to ReduceOnPlateau", () => {
  // the recorder moves nothing and the order is fixed, so the loss is the
  // same number every epoch: it never improves after epoch 1
  const data = { x: [[0], [1], [2], [3], [4]], y: [[0], [1], [0], [1], [0]] };
  const seen: [number, number, number, number][] = [];
  const history = train(mlp([1, 1]), data, {
    epochs: 4,
    batchSize: 2,
    optimizer: recorder(seen),
    shuffle: false,
    schedule: new ReduceOnPlateau({ patience: 2 }),
  });
  // epoch 1 best, 2 wait 1, 3 wait 2 → halve for epoch 4
  assert.deepEqual(history.map((s) => s.learningRate), [0.8, 0.8, 0.8, 0.4]);
  assert.throws(
    () =>
      train(mlp([1, 1]), data, {
        epochs: 1,
        batchSize: 2,
        optimizer: { name: "plain", step() {} },
        schedule: new CosineDecay(),
      }),
    /option 'schedule' needs an optimizer with a numeric 'learningRate', and 'plain' has none/,
  );
});

Deno.test("schedules reject options out of range", () => {
  assert.throws(
    () => new StepDecay({ every: 0 }),
    /option 'every' must be a positive integer, got '0'/,
  );
  assert.throws(
    () => new ExponentialDecay({ gamma: 1.5 }),
    /option 'gamma' must be a number in \(0, 1\], got '1.5'/,
  );
  assert.throws(
    () => new CosineDecay({ minRate: -1 }),
    /option 'minRate' must be a non-negative number/,
  );
  assert.throws(
    () => new ReduceOnPlateau({ patience: 2, factor: 1 }),
    /option 'factor' must be a number in \(0, 1\)/,
  );
  assert.throws(
    () =>
      new ReduceOnPlateau({ patience: 2 }).setState({
        scale: 2,
        best: null,
        wait: 0,
        monitor: null,
      }),
    /field 'scale' must be in \(0, 1\]/,
  );
});

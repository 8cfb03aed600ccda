import assert from "node:assert/strict";
import {
  Adam,
  type Checkpoint,
  CosineDecay,
  type EpochStats,
  Matrix,
  mlp,
  Momentum,
  Network,
  type Optimizer,
  Random,
  ReduceOnPlateau,
  SGD,
  train,
  type TrainOptions,
} from "../../mod.ts";
import { pixels } from "./pixels.ts";

/** 45 rows, 4 features, 3 classes: batches of 7 leave a short last one. */
function blobs(seed: number): { x: Matrix; y: Matrix } {
  const random = new Random(seed), n = 45;
  const x = new Matrix(n, 4), y = new Matrix(n, 3);
  for (let r = 0; r < n; r++) {
    const c = r % 3;
    y.data[r * 3 + c] = 1;
    for (let j = 0; j < 4; j++) x.data[r * 4 + j] = c - 1 + random.normal();
  }
  return { x, y };
}

const optimizerMakers: Record<string, () => Optimizer> = {
  "SGD+L2": () => new SGD({ learningRate: 0.2, l2: 0.5 }),
  Momentum: () => new Momentum({ learningRate: 0.05, momentum: 0.9 }),
  Adam: () => new Adam({ learningRate: 0.01 }),
};

interface Case {
  data: { x: Matrix; y: Matrix };
  sizes: number[];
  dropout: number;
  options: () => Omit<TrainOptions, "epochs">;
}

function build(c: Case): Network {
  return mlp(c.sizes, { seed: 5, dropout: c.dropout, activation: "tanh" });
}

/** Trains with a stop after `stopAt` epochs and returns the checkpoint. */
function interrupted(c: Case, epochs: number, stopAt: number): Checkpoint {
  let saved: string | undefined;
  train(build(c), c.data, {
    ...c.options(),
    epochs,
    onCheckpoint: (cp) => {
      saved = JSON.stringify(cp);
    },
    onEpoch: (s) => s.epoch < stopAt,
  });
  return JSON.parse(saved!);
}

function withoutTimes(
  h: EpochStats[],
): Omit<EpochStats, "seconds" | "evalSeconds">[] {
  return h.map(({ seconds: _s, evalSeconds: _e, ...rest }) => rest);
}

function resumeAndCompare(c: Case, epochs: number, stops: number[]): void {
  const straight = build(c);
  const straightHistory = train(straight, c.data, { ...c.options(), epochs });
  for (const stop of stops) {
    // through JSON text, into a network rebuilt from the checkpoint alone
    let checkpoint = interrupted(c, epochs, stop);
    assert.equal(checkpoint.training.epoch, stop);
    let resumed = Network.fromJSON(checkpoint);
    let history = train(resumed, c.data, {
      ...c.options(),
      epochs,
      resume: checkpoint,
    });
    // and a second interruption in the resumed run
    if (stop + 2 < epochs) {
      let saved: string | undefined;
      train(Network.fromJSON(checkpoint), c.data, {
        ...c.options(),
        epochs,
        resume: checkpoint,
        onCheckpoint: (cp) => {
          saved = JSON.stringify(cp);
        },
        onEpoch: (s) => s.epoch < stop + 2,
      });
      checkpoint = JSON.parse(saved!);
      resumed = Network.fromJSON(checkpoint);
      history = train(resumed, c.data, {
        ...c.options(),
        epochs,
        resume: checkpoint,
      });
    }
    resumed.params.forEach((p, i) =>
      assert.deepEqual(p.value, straight.params[i]!.value, `stop ${stop}`)
    );
    assert.deepEqual(withoutTimes(history), withoutTimes(straightHistory));
  }
}

Deno.test("a run stopped at epochs 3 and 7 of 10 and resumed from its JSON checkpoint ends with the same bits", async (t) => {
  for (const [label, make] of Object.entries(optimizerMakers)) {
    for (const dropout of [0, 0.3]) {
      await t.step(`${label}${dropout ? " with Dropout" : ""}`, () => {
        resumeAndCompare(
          {
            data: blobs(1),
            sizes: [4, 8, 6, 3],
            dropout,
            options: () => ({ batchSize: 7, optimizer: make(), seed: 9 }),
          },
          10,
          [3, 7],
        );
      });
    }
  }
});

Deno.test("resume is bit-identical on the sparse WebAssembly path, with schedules and early stopping", async (t) => {
  const data = blobs(2);
  await t.step("sparse pixels, SGD+L2 and Dropout", () => {
    resumeAndCompare(
      {
        data: pixels(3),
        sizes: [100, 70, 3],
        dropout: 0.2,
        options: () => ({
          batchSize: 5,
          optimizer: new SGD({ learningRate: 0.1, l2: 1 }),
          seed: 2,
        }),
      },
      6,
      [2, 4],
    );
  });
  await t.step("cosine schedule with Momentum", () => {
    resumeAndCompare(
      {
        data,
        sizes: [4, 5, 3],
        dropout: 0,
        options: () => ({
          batchSize: 4,
          optimizer: new Momentum({ learningRate: 0.1 }),
          schedule: new CosineDecay({ minRate: 0.001 }),
          seed: 4,
        }),
      },
      10,
      [3, 7],
    );
  });
  await t.step("plateau schedule and early stopping on validation loss", () => {
    resumeAndCompare(
      {
        data,
        sizes: [4, 5, 3],
        dropout: 0.2,
        options: () => ({
          batchSize: 9,
          optimizer: new Adam({ learningRate: 0.3 }),
          schedule: new ReduceOnPlateau({ patience: 1 }),
          validation: blobs(7),
          earlyStopping: { patience: 3 },
          seed: 4,
        }),
      },
      30,
      [3, 7],
    );
  });
});

Deno.test("without the optimizer's or Dropout's saved state, a resumed run differs (the check can fail)", () => {
  for (
    const [dropout, make] of [[0, () => new Adam({ learningRate: 0.01 })], [
      0.3,
      () => new SGD({ learningRate: 0.2 }),
    ]] as const
  ) {
    const c: Case = {
      data: blobs(1),
      sizes: [4, 8, 3],
      dropout,
      options: () => ({ batchSize: 7, optimizer: make(), seed: 9 }),
    };
    const straight = build(c);
    train(straight, c.data, { ...c.options(), epochs: 6 });
    const cp = interrupted(c, 6, 3);
    // forget the state that the check is about
    if (dropout) cp.training.layers = cp.training.layers.map(() => null);
    else {cp.training.optimizer = new Adam({ learningRate: 0.01 }).getState(
        build(c).params,
      );}
    const resumed = Network.fromJSON(cp);
    train(resumed, c.data, { ...c.options(), epochs: 6, resume: cp });
    assert.notDeepEqual(
      resumed.params.map((p) => p.value),
      straight.params.map((p) => p.value),
    );
  }
});

Deno.test("resume rejects a checkpoint that does not fit the run, naming the field", async (t) => {
  const data = blobs(1);
  const c: Case = {
    data,
    sizes: [4, 6, 3],
    dropout: 0,
    options: () => ({
      batchSize: 7,
      optimizer: new Adam({ learningRate: 0.01 }),
      seed: 9,
    }),
  };
  const cp = interrupted(c, 5, 2);
  const cases: [string, () => [Network, TrainOptions], RegExp][] = [
    [
      "another batch size",
      () => [build(c), { ...c.options(), epochs: 5, batchSize: 8, resume: cp }],
      /made with batchSize '7' but this run has '8'/,
    ],
    [
      "another seed",
      () => [build(c), { ...c.options(), epochs: 5, seed: 1, resume: cp }],
      /made with seed '9' but this run has '1'/,
    ],
    [
      "fewer epochs",
      () => [build(c), { ...c.options(), epochs: 1, resume: cp }],
      /at epoch 2 but this run has only 1 epochs/,
    ],
    [
      "another optimizer",
      () => [build(c), {
        ...c.options(),
        epochs: 5,
        optimizer: new SGD({ learningRate: 1 }),
        resume: cp,
      }],
      /saved by optimizer 'adam', not 'sgd'/,
    ],
    [
      "another architecture",
      () => [mlp([4, 7, 3]), { ...c.options(), epochs: 5, resume: cp }],
      /layers do not fit the network/,
    ],
    [
      "a plain model",
      () => [build(c), {
        ...c.options(),
        epochs: 5,
        resume: build(c).toJSON() as Checkpoint,
      }],
      /has no training position/,
    ],
    [
      "a broken order",
      () => [build(c), {
        ...c.options(),
        epochs: 5,
        resume: {
          ...cp,
          training: {
            ...cp.training,
            order: cp.training.order.map(() => 0),
          },
        },
      }],
      /'order' must be a permutation of the 45 rows/,
    ],
    [
      "a schedule it did not have",
      () => [build(c), {
        ...c.options(),
        epochs: 5,
        schedule: new CosineDecay(),
        resume: cp,
      }],
      /made without a schedule but this run has 'cosine'/,
    ],
  ];
  for (const [label, setup, message] of cases) {
    await t.step(label, () => {
      const [net, options] = setup();
      assert.throws(() => train(net, data, options), message);
    });
  }
});

Deno.test("checkpoints come every `checkpointEvery` epochs and after the last one", () => {
  const epochs: number[] = [];
  train(mlp([4, 3], { seed: 1 }), blobs(1), {
    epochs: 10,
    batchSize: 9,
    optimizer: new SGD({ learningRate: 0.1 }),
    checkpointEvery: 3,
    onCheckpoint: (c) => {
      epochs.push(c.training.epoch);
      assert.equal(c.training.history.length, c.training.epoch);
    },
  });
  assert.deepEqual(epochs, [3, 6, 9, 10]);
});

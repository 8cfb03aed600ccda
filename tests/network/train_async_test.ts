import assert from "node:assert/strict";
import {
  Adam,
  type EpochStats,
  Matrix,
  mlp,
  Random,
  ReduceOnPlateau,
  SGD,
  train,
  trainAsync,
  type TrainOptions,
} from "../../mod.ts";

/** n rows, w features, 3 classes. */
function blobs(seed: number, n: number, w: number): { x: Matrix; y: Matrix } {
  const random = new Random(seed);
  const x = new Matrix(n, w), y = new Matrix(n, 3);
  for (let r = 0; r < n; r++) {
    y.data[r * 3 + (r % 3)] = 1;
    for (let j = 0; j < w; j++) {
      x.data[r * w + j] = (r % 3) - 1 + random.normal();
    }
  }
  return { x, y };
}

function withoutTimes(h: EpochStats[]) {
  return h.map(({ seconds: _s, evalSeconds: _e, ...rest }) => rest);
}

Deno.test("trainAsync() gives the same bits and history as train() for the same seed", async (t) => {
  const data = blobs(1, 60, 5);
  const cases: Record<string, () => Omit<TrainOptions, "epochs">> = {
    "SGD+L2": () => ({
      batchSize: 7,
      optimizer: new SGD({ learningRate: 0.1, l2: 1 }),
      seed: 3,
    }),
    "Adam, validation, plateau schedule, early stopping": () => ({
      batchSize: 8,
      optimizer: new Adam({ learningRate: 0.05 }),
      validation: blobs(2, 30, 5),
      schedule: new ReduceOnPlateau({ patience: 1 }),
      earlyStopping: { patience: 4 },
      seed: 4,
    }),
  };
  for (const [label, options] of Object.entries(cases)) {
    for (const dropout of [0, 0.25]) {
      await t.step(`${label}${dropout ? ", Dropout" : ""}`, async () => {
        const a = mlp([5, 9, 3], { seed: 1, dropout }),
          b = mlp([5, 9, 3], { seed: 1, dropout });
        const batchesA: number[] = [], batchesB: number[] = [];
        const ha = train(a, data, {
          ...options(),
          epochs: 12,
          onBatch: (d) => batchesA.push(d),
        });
        const hb = await trainAsync(b, data, {
          ...options(),
          epochs: 12,
          onBatch: (d) => batchesB.push(d),
          sliceMs: 0,
        });
        a.params.forEach((p, i) =>
          assert.deepEqual(b.params[i]!.value, p.value)
        );
        assert.deepEqual(withoutTimes(hb), withoutTimes(ha));
        assert.deepEqual(batchesB, batchesA);
      });
    }
  }
});

Deno.test("a 10 ms timer fires while trainAsync() runs, and only after train() has finished", async () => {
  const data = blobs(5, 3000, 40);
  const options = () => ({
    epochs: 40,
    batchSize: 10,
    optimizer: new SGD({ learningRate: 0.05 }),
    seed: 3,
  });
  const timed = async (run: () => unknown) => {
    const start = performance.now();
    let fired = NaN;
    const timer = setTimeout(() => (fired = performance.now() - start), 10);
    await run();
    const total = performance.now() - start;
    clearTimeout(timer);
    await new Promise((r) => setTimeout(r, 0)); // let a due timer run
    return { fired, total };
  };
  const sync = mlp([40, 64, 3], { seed: 1 }),
    async = mlp([40, 64, 3], { seed: 1 });
  const s = await timed(() => train(sync, data, options()));
  const a = await timed(() => trainAsync(async, data, options()));
  console.log(
    `train: ${s.total.toFixed(0)} ms, timer ${
      Number.isNaN(s.fired)
        ? "fired after the run"
        : `at ${s.fired.toFixed(1)} ms`
    }; ` +
      `trainAsync: ${a.total.toFixed(0)} ms, 10 ms timer fired at ${
        a.fired.toFixed(1)
      } ms`,
  );
  assert.ok(Number.isNaN(s.fired), "train() blocks the event loop");
  assert.ok(a.total > 100, `the run is long enough to tell (${a.total} ms)`);
  // How soon it fires is a latency figure for bench/train_async.ts, not a
  // timed test: here, only that the event loop got a turn mid-run.
  assert.ok(
    a.fired >= 10 && a.fired < a.total,
    `the timer fired at ${a.fired} ms, not during the ${a.total} ms run`,
  );
  sync.params.forEach((p, i) =>
    assert.deepEqual(async.params[i]!.value, p.value)
  );
});

Deno.test("an aborted trainAsync() rejects with the signal's reason and leaves the network at a batch boundary", async () => {
  // shuffle off: the batches are rows 0-5, 6-11, 12-17 of every epoch, so
  // the oracle steps by hand with Network.gradient and SGD
  const data = blobs(3, 18, 4), n = 18, m = 6;
  const stop = new AbortController();
  const net = mlp([4, 5, 3], { seed: 2 });
  let batches = 0;
  const run = trainAsync(net, data, {
    epochs: 100,
    batchSize: m,
    shuffle: false,
    optimizer: new SGD({ learningRate: 0.3, l2: 0.5 }),
    signal: stop.signal,
    onBatch: () => {
      if (++batches === 5) stop.abort();
    },
  });
  await assert.rejects(run, (e: Error) => e.name === "AbortError");

  const oracle = mlp([4, 5, 3], { seed: 2 }),
    sgd = new SGD({ learningRate: 0.3, l2: 0.5 });
  for (let k = 0; k < 5; k++) {
    const from = (k % 3) * m;
    const rows = (M: Matrix) =>
      new Matrix(m, M.cols, M.data.slice(from * M.cols, (from + m) * M.cols));
    oracle.gradient(rows(data.x), rows(data.y));
    sgd.step(oracle.params, { trainingSize: n });
  }
  oracle.params.forEach((p, i) =>
    assert.deepEqual(net.params[i]!.value, p.value)
  );

  // a reason of the caller's own, and a signal aborted before the start
  const reason = new Error("closed by the user");
  const early = new AbortController();
  early.abort(reason);
  const untouched = mlp([4, 5, 3], { seed: 2 });
  const before = untouched.params.map((p) => p.value.slice());
  await assert.rejects(
    trainAsync(untouched, data, {
      epochs: 1,
      batchSize: m,
      optimizer: new SGD({ learningRate: 1 }),
      signal: early.signal,
    }),
    (e) => e === reason,
  );
  untouched.params.forEach((p, i) => assert.deepEqual(p.value, before[i]));
});

Deno.test("trainAsync() waits for the promises of onEpoch and onCheckpoint, and onEpoch can stop it", async () => {
  const data = blobs(3, 18, 4);
  const events: string[] = [];
  const history = await trainAsync(mlp([4, 3]), data, {
    epochs: 10,
    batchSize: 9,
    optimizer: new SGD({ learningRate: 0.1 }),
    onBatch: (done) => events.push(`batch ${done}`),
    onEpoch: async (s) => {
      await new Promise((r) => setTimeout(r, 2));
      events.push(`epoch ${s.epoch}`);
      return s.epoch < 2;
    },
    onCheckpoint: async (c) => {
      await new Promise((r) => setTimeout(r, 2));
      events.push(`saved ${c.training.epoch}`);
    },
  });
  assert.equal(history.length, 2);
  assert.deepEqual(events, [
    "batch 9",
    "batch 18",
    "epoch 1",
    "saved 1",
    "batch 9",
    "batch 18",
    "epoch 2",
    "saved 2",
  ]);
  await assert.rejects(
    trainAsync(mlp([4, 3]), data, {
      epochs: 1,
      batchSize: 9,
      optimizer: new SGD({ learningRate: 0.1 }),
      sliceMs: -1,
    }),
    /option 'sliceMs' must be a non-negative number, got '-1'/,
  );
});

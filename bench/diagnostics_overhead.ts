/**
 * What `train(..., { diagnostics: true })` costs: epoch time with and
 * without it, side by side (alternating runs from the same initial
 * weights), on the chapter's [784, 30, 10] with mini-batch 10 and on a
 * deeper [784, 30, 30, 30, 30, 10], over the 8,000 MNIST training digits of
 * the benchmark setup. Reports the median of the paired ratios, the
 * fastest epoch of each (the least disturbed by other jobs), and,
 * less exposed to a shared machine's noise, the recorder's own time per
 * measured batch times the measured batches of an epoch, over the plain
 * epoch time.
 *
 * `deno run --frozen -R bench/diagnostics_overhead.ts [repeats]`
 *
 * @module
 */
import { Matrix, mlp, SGD, train } from "../mod.ts";
import { loadMnist, SETUP } from "./mnist_data.ts";
import {
  SAMPLE_EVERY,
  TrainingRecorder,
} from "../diagnostics/training_recorder.ts";

const repeats = Number(Deno.args[0] ?? 11);
const EPOCHS = 8;
const data = loadMnist();
const x = new Matrix(SETUP.trainSize, 784, data.xTrain);
const y = new Matrix(SETUP.trainSize, 10, data.yTrain);

/** The fastest epoch seen, plain and with diagnostics (reset per network). */
const fastest = [Infinity, Infinity];

function epochSeconds(sizes: number[], diagnostics: boolean): number {
  const net = mlp(sizes, { seed: 1, cost: "crossEntropy" });
  const history = train(net, { x, y }, {
    epochs: EPOCHS,
    batchSize: 10,
    optimizer: new SGD({ learningRate: 0.5 }),
    seed: 2,
    classification: true,
    diagnostics,
  });
  const seconds = history.map((s) => s.seconds);
  fastest[diagnostics ? 1 : 0] = Math.min(
    fastest[diagnostics ? 1 : 0]!,
    ...seconds,
  );
  return seconds.reduce((t, s) => t + s, 0) / EPOCHS;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

for (const sizes of [[784, 30, 10], [784, 30, 30, 30, 30, 10]]) {
  for (let w = 0; w < 2; w++) { // warm up both paths
    epochSeconds(sizes, false);
    epochSeconds(sizes, true);
  }
  const plain: number[] = [], diag: number[] = [], ratios: number[] = [];
  fastest.fill(Infinity);
  for (let r = 0; r < repeats; r++) {
    const on = r % 2 === 0;
    const a = epochSeconds(sizes, !on);
    const b = epochSeconds(sizes, on);
    const [p, d] = on ? [a, b] : [b, a];
    plain.push(p);
    diag.push(d);
    ratios.push(d / p);
  }
  // the recorder alone, on a trained-on batch of 10
  const net = mlp(sizes, { seed: 1, cost: "crossEntropy" });
  const xb = new Matrix(10, 784, data.xTrain.subarray(0, 7840));
  const yb = new Matrix(10, 10, data.yTrain.subarray(0, 100));
  net.gradient(xb, yb);
  const recorder = new TrainingRecorder(net.layers);
  for (let i = 0; i < 500; i++) recorder.afterBackward(0); // warm up
  recorder.endEpoch();
  const calls = 2000, t0 = performance.now();
  for (let i = 0; i < calls; i++) {
    recorder.afterBackward(0);
    recorder.afterStep();
  }
  const perCall = (performance.now() - t0) / 1000 / calls;
  const measured = Math.ceil(SETUP.trainSize / 10 / SAMPLE_EVERY);
  console.log(
    `[${sizes.join(", ")}] batch 10, ${SETUP.trainSize} digits: epoch ${
      median(plain).toFixed(3)
    } s plain, ${median(diag).toFixed(3)} s with diagnostics; overhead ${
      ((median(ratios) - 1) * 100).toFixed(1)
    }% (median of ${repeats} paired ratios, range ${
      ((Math.min(...ratios) - 1) * 100).toFixed(1)
    }% to ${((Math.max(...ratios) - 1) * 100).toFixed(1)}%)`,
  );
  console.log(
    `  fastest epoch: ${fastest[0]!.toFixed(4)} s plain, ${
      fastest[1]!.toFixed(4)
    } s with diagnostics: ${
      ((fastest[1]! / fastest[0]! - 1) * 100).toFixed(1)
    }%`,
  );
  console.log(
    `  recorder: ${
      (perCall * 1e6).toFixed(1)
    } µs per measured batch x ${measured} measured batches (1 in ${SAMPLE_EVERY}) = ${
      (perCall * measured * 1000).toFixed(2)
    } ms per epoch = ${
      (perCall * measured / median(plain) * 100).toFixed(1)
    }% of the plain epoch`,
  );
}

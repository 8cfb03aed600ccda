/**
 * `deno task bench:mnist`: the chapter's MNIST setup ([784, 30, 10],
 * sigmoid, quadratic cost, SGD η = 3, N(0,1) init, 8,000 training / 2,000
 * test digits) for our `train()`, TensorFlow.js (WASM backend, `fit` and a
 * manual loop) and, if python3 has numpy, NumPy (matrix-based and Nielsen's
 * per-sample loop), each in its own process, all from the same initial
 * weights and the same shuffle order. Prints s/epoch (median over the
 * epochs; shuffle included, evaluation excluded), samples/s, test accuracy
 * per epoch, peak RSS and the ratios to ours. `--rounds N` runs them all N
 * times, round after round: s/epoch is then the median over the rounds,
 * each ratio the median (and range) of one round's ratios, and a run whose
 * accuracies differ from the first round's is flagged.
 *
 * Usage: deno task bench:mnist [--epochs 5] [--batches 10,1,100,1000]
 *   [--rounds 1] [--skip-tfjs] [--skip-numpy]
 *
 * @module
 */
import { findPython, numpyEnv } from "./python.ts";
import { runJson } from "./run_json.ts";
import { join } from "node:path";
import { SETUP, writeSetup } from "./mnist_data.ts";
import { benchArgs } from "./bench_args.ts";
import { median } from "./median.ts";

const values = benchArgs("bench:mnist", {
  epochs: { type: "string", default: "5" },
  batches: { type: "string", default: "10,1,100,1000" },
  rounds: { type: "string", default: "1" },
  "skip-tfjs": { type: "boolean", default: false },
  "skip-numpy": { type: "boolean", default: false },
});
const epochs = Number(values.epochs);
const batches = values.batches.split(",").map(Number);
const rounds = Number(values.rounds);
if (!(Number.isInteger(rounds) && rounds >= 1)) {
  console.error(
    `bench:mnist: "--rounds" must be a whole number >= 1, not "${values.rounds}"`,
  );
  Deno.exit(2);
}
const here = new URL(".", import.meta.url).pathname;

interface Result {
  name: string;
  seconds: number[];
  accuracy: number[];
  peakRssMb: number;
  heapUsed?: number[];
  blas?: string;
  numpy?: string;
}

function deno(script: string, extra: string[]): string[] {
  // -A: peak RSS is read from /proc/self/status, which Deno only opens with -A
  return ["run", "--frozen", "-A", ...extra, join(here, script)];
}

const dir = Deno.makeTempDirSync({ prefix: "backprop-mnist-" });
writeSetup(dir, epochs);
const python = values["skip-numpy"] ? undefined : await findPython();
const cpu = /model name\s*:\s*(.*)/.exec(
  Deno.readTextFileSync("/proc/cpuinfo"),
)?.[1];
console.log(
  `MNIST ${SETUP.trainSize}/${SETUP.testSize}, [784, 30, 10], ${epochs} epochs; ` +
    `${navigator.hardwareConcurrency} CPUs (${cpu}); load ${
      Deno.loadavg().map((l) => l.toFixed(2)).join(" ")
    }; numpy: ${python ?? "absent"}`,
);
if (python) {
  const out = await new Deno.Command(python, {
    args: [join(here, "dgemm.py")],
    env: numpyEnv(1),
    clearEnv: true,
    stdout: "piped",
  }).output();
  const r = JSON.parse(new TextDecoder().decode(out.stdout));
  console.log(
    `NumPy dgemm ceiling (OpenBLAS, 1 thread): ${
      r.dgemm1000.toFixed(1)
    } GFLOP/s at 1000x1000x1000, ${
      r.dgemm10x784x30.toFixed(1)
    } GFLOP/s at 10x784x30`,
  );
}
/** Every implementation once at one batch size, one after another. */
async function runAll(batch: number): Promise<Result[]> {
  const b = String(batch), e = String(epochs);
  // one at a time: they would compete for the cores
  const results: Result[] = [];
  const add = async (p: Promise<Result | undefined>) => {
    const r = await p;
    if (r) results.push(r);
  };
  await add(runJson<Result>(Deno.execPath(), [
    ...deno("mnist_ours.ts", ["--v8-flags=--expose-gc"]),
    dir,
    b,
    e,
  ]));
  if (python) {
    await add(
      runJson<Result>(
        python,
        [join(here, "mnist_numpy.py"), dir, b, e, "matrix"],
        numpyEnv(1),
      ),
    );
    if (batch === 10) {
      await add(
        runJson<Result>(
          python,
          [join(here, "mnist_numpy.py"), dir, b, e, "loop"],
          numpyEnv(1),
        ),
      );
    }
  }
  if (!values["skip-tfjs"]) {
    for (const v of ["loop", "fit"]) {
      const tfEpochs = batch === 1 ? "1" : e;
      await add(runJson<Result>(Deno.execPath(), [
        ...deno("mnist_tfjs.ts", []),
        dir,
        b,
        tfEpochs,
        v,
      ]));
    }
  }
  return results;
}

for (const batch of batches) {
  const perRound: Result[][] = [];
  for (let r = 0; r < rounds; r++) perRound.push(await runAll(batch));
  const results = perRound[0]!;
  // per implementation: its s/epoch in each round, and its ratio to ours
  const speed = (round: Result[], name: string) => {
    const r = round.find((x) => x.name === name);
    return r ? median(r.seconds) : undefined;
  };
  console.log(`\nmini-batch ${batch}${rounds > 1 ? `, ${rounds} rounds` : ""}`);
  console.log(
    `| implementation | s/epoch (median${
      rounds > 1 ? " over rounds" : ""
    }) | samples/s | vs ours${
      rounds > 1 ? " (median, range)" : ""
    } | test accuracy per epoch (%) | peak RSS (MiB) |`,
  );
  console.log("|---|---|---|---|---|---|");
  for (const r of results) {
    const ss: number[] = [], ratios: number[] = [];
    for (const round of perRound) {
      const s = speed(round, r.name), o = speed(round, "ours");
      if (s !== undefined) ss.push(s);
      if (s !== undefined && o !== undefined) ratios.push(s / o);
    }
    const s = median(ss), q = median(ratios);
    const range = ratios.length > 1
      ? ` (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`
      : "";
    console.log(
      `| ${r.name} | ${s.toFixed(3)} | ${Math.round(SETUP.trainSize / s)} | ${
        q.toFixed(2)
      }${range} | ${r.accuracy.map((a) => (100 * a).toFixed(1)).join(", ")} | ${
        r.peakRssMb.toFixed(0)
      } |`,
    );
  }
  const ourRatios = perRound
    .map((round) => [speed(round, "ours"), speed(round, "numpy-matrix")])
    .filter((p): p is number[] => p[0] !== undefined && p[1] !== undefined)
    .map(([o, n]) => o! / n!);
  if (ourRatios.length) {
    console.log(
      `ours ÷ numpy-matrix: ${median(ourRatios).toFixed(2)}${
        ourRatios.length > 1
          ? ` (median of ${ourRatios.length} rounds; ${
            ourRatios.map((x) => x.toFixed(2)).join(", ")
          })`
          : ""
      }`,
    );
  }
  for (const [i, round] of perRound.entries()) {
    for (const r of round) {
      const first = results.find((x) => x.name === r.name);
      if (first && r.accuracy.join() !== first.accuracy.join()) {
        console.log(
          `${r.name}: round ${i + 1}'s test accuracies differ from round 1's`,
        );
      }
    }
  }
  for (const [i, round] of perRound.entries()) {
    const tag = rounds > 1 ? ` (round ${i + 1})` : "";
    for (const r of round) {
      console.log(
        `${r.name}${tag}: epochs ${
          r.seconds.map((s) => s.toFixed(3)).join(" ")
        } s`,
      );
      if (r.heapUsed) {
        console.log(
          `${r.name}${tag}: heap after GC per epoch ${
            r.heapUsed.map((h) => (h / 2 ** 20).toFixed(2)).join(" ")
          } MiB`,
        );
      }
      if (r.blas && i === 0) {
        console.log(`${r.name}: numpy ${r.numpy}, BLAS ${r.blas}`);
      }
    }
  }
}
Deno.removeSync(dir, { recursive: true });

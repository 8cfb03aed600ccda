/**
 * `deno task bench:mnist`: the chapter's MNIST setup ([784, 30, 10],
 * sigmoid, quadratic cost, SGD η = 3, N(0,1) init, 8,000 training / 2,000
 * test digits) for our `train()`, TensorFlow.js (WASM backend, `fit` and a
 * manual loop) and, if python3 has numpy, NumPy (matrix-based and Nielsen's
 * per-sample loop), each in its own process, all from the same initial
 * weights and the same shuffle order. Prints s/epoch (median over the
 * epochs; shuffle included, evaluation excluded), samples/s, test accuracy
 * per epoch, peak RSS and the ratios to ours.
 *
 * Usage: deno task bench:mnist [--epochs 5] [--batches 10,1,100,1000]
 *   [--skip-tfjs] [--skip-numpy]
 *
 * @module
 */
import { findPython, numpyEnv } from "./python.ts";
import { runJson } from "./run_json.ts";
import { join } from "node:path";
import { SETUP, writeSetup } from "./mnist_data.ts";
import { benchArgs } from "./bench_args.ts";

const values = benchArgs("bench:mnist", {
  epochs: { type: "string", default: "5" },
  batches: { type: "string", default: "10,1,100,1000" },
  "skip-tfjs": { type: "boolean", default: false },
  "skip-numpy": { type: "boolean", default: false },
});
const epochs = Number(values.epochs);
const batches = values.batches.split(",").map(Number);
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

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
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
for (const batch of batches) {
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
  const ours = median(results.find((r) => r.name === "ours")?.seconds ?? [NaN]);
  console.log(`\nmini-batch ${batch}`);
  console.log(
    "| implementation | s/epoch (median) | samples/s | vs ours | test accuracy per epoch (%) | peak RSS (MiB) |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const r of results) {
    const s = median(r.seconds);
    console.log(
      `| ${r.name} | ${s.toFixed(3)} | ${Math.round(SETUP.trainSize / s)} | ${
        (s / ours).toFixed(2)
      } | ${r.accuracy.map((a) => (100 * a).toFixed(1)).join(", ")} | ${
        r.peakRssMb.toFixed(0)
      } |`,
    );
  }
  for (const r of results) {
    console.log(
      `${r.name}: epochs ${r.seconds.map((s) => s.toFixed(3)).join(" ")} s`,
    );
    if (r.heapUsed) {
      console.log(
        `${r.name}: heap after GC per epoch ${
          r.heapUsed.map((h) => (h / 2 ** 20).toFixed(2)).join(" ")
        } MiB`,
      );
    }
    if (r.blas) console.log(`${r.name}: numpy ${r.numpy}, BLAS ${r.blas}`);
  }
}
Deno.removeSync(dir, { recursive: true });

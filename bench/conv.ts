/**
 * `deno task bench:conv`: chapter 6's first network (conv 20 filters 5x5 →
 * max-pool 2x2 → dense 100 → softmax 10, log-likelihood, SGD η = 0.1,
 * mini-batch 10) on the 8,000 / 2,000 MNIST split of `bench:mnist`, for our
 * `train()` and, if Debian's python3 has torch, PyTorch, both at one and
 * two threads, in float64 and float32 (PyTorch's default), each in its
 * own process, all from the same initial weights and the same shuffle
 * order, with sigmoid and with ReLU. Prints s/epoch (median over the
 * epochs after the first, which includes our compiling; evaluation
 * excluded) and the test accuracy after every epoch. `--rounds N` runs
 * the whole comparison N times and reports the medians over the rounds
 * and the range of ours ÷ PyTorch, for a machine whose speed drifts.
 *
 * Usage: deno task bench:conv [--epochs 10] [--activations sigmoid,relu]
 *   [--threads 1,2] [--dtypes float64,float32] [--rounds 1] [--skip-torch]
 *
 * @module
 */
import { findPython } from "./python.ts";
import { runJson } from "./run_json.ts";
import { join } from "node:path";
import { writeSetup } from "./mnist_data.ts";
import { SETUP } from "./mnist_files.ts";
import { chapter6Network, CONV_SETUP } from "./conv_net.ts";
import { benchArgs } from "./bench_args.ts";
import { median } from "./median.ts";

const values = benchArgs("bench:conv", {
  epochs: { type: "string", default: String(CONV_SETUP.epochs) },
  activations: { type: "string", default: "sigmoid,relu" },
  threads: { type: "string", default: "1,2" },
  dtypes: { type: "string", default: "float64,float32" },
  rounds: { type: "string", default: "1" },
  "skip-torch": { type: "boolean", default: false },
});
const epochs = Number(values.epochs);
const rounds = Number(values.rounds);
const acts = values.activations.split(",") as ("sigmoid" | "relu")[];
const here = new URL(".", import.meta.url).pathname;

interface Result {
  name: string;
  seconds: number[];
  /** Set here: the run's dtype and threads, to pair ours with PyTorch. */
  dtype?: string;
  threads?: string;
  accuracy: number[];
}

function tag(
  r: Result | undefined,
  dtype: string,
  threads: string,
): Result | undefined {
  return r && { ...r, dtype, threads };
}

/**
 * A run's seconds per epoch: the median of the epochs after the first
 * (ours compiles during its first), of all of them when there are two or
 * fewer.
 */
function perEpoch(r: Result): number {
  return median(r.seconds.length > 2 ? r.seconds.slice(1) : r.seconds);
}

if (CONV_SETUP.shuffleSeed !== SETUP.shuffleSeed) {
  throw new Error("The conv setup must shuffle as the files' orders do");
}
const dir = Deno.makeTempDirSync({ prefix: "backprop-conv-" });
writeSetup(dir, epochs);
for (const act of acts) {
  chapter6Network(act).params.forEach((p, i) =>
    Deno.writeFileSync(
      join(dir, `${act}_p${i}.bin`),
      new Uint8Array(p.value.buffer, p.value.byteOffset, p.value.byteLength),
    )
  );
}
const python = values["skip-torch"] ? undefined : await findPython("torch");
const cpu = /model name\s*:\s*(.*)/.exec(
  Deno.readTextFileSync("/proc/cpuinfo"),
)?.[1];
console.log(
  `MNIST ${SETUP.trainSize}/${SETUP.testSize}, conv 20x5x5 → maxpool 2 → dense 100 → softmax 10, ` +
    `log-likelihood, SGD η=${CONV_SETUP.learningRate}, batch ${CONV_SETUP.batchSize}, ${epochs} epochs; ` +
    `${navigator.hardwareConcurrency} CPUs (${cpu}); load ${
      Deno.loadavg().map((l) => l.toFixed(2)).join(" ")
    }; torch: ${python ?? "absent (apt-get install -y python3-torch)"}`,
);
for (const act of acts) {
  // every round runs each implementation once; a row's figures come from
  // all rounds
  const results: Result[][] = [];
  const add = (round: number, r: Result | undefined) => {
    if (r === undefined) return;
    (results[round] ??= []).push(r);
    // as it comes, so that a long run shows its progress
    console.log(JSON.stringify(r));
  };
  // one at a time (they would compete for the cores), each of ours right
  // before its PyTorch counterpart, so that a pair shares the machine's
  // state of the moment (on a shared machine it drifts by ±20%)
  if (!python) console.log("(PyTorch rows skipped: no python3 with torch)");
  for (let round = 0; round < rounds; round++) {
    for (const dtype of values.dtypes.split(",")) {
      for (const threads of values.threads.split(",")) {
        const args = [dir, act, String(epochs), threads, dtype];
        add(
          round,
          tag(
            await runJson<Result>(Deno.execPath(), [
              "run",
              "--frozen",
              "-R",
              join(here, "conv_ours.ts"),
              ...args,
            ]),
            dtype,
            threads,
          ),
        );
        if (python) {
          add(
            round,
            tag(
              await runJson<Result>(python, [
                join(here, "conv_torch.py"),
                ...args,
              ]),
              dtype,
              threads,
            ),
          );
        }
      }
    }
  }
  console.log(`\n${act}, ${rounds} round(s)`);
  console.log(
    "| implementation | s/epoch (median over rounds) | ours ÷ PyTorch (same dtype, threads; median, range over rounds) | test accuracy after the last epoch (%) | per epoch (%) |",
  );
  console.log("|---|---|---|---|---|");
  for (const r of results[0] ?? []) {
    const same = (p: Result) => p.name === r.name;
    const runs = results.map((rs) => rs.find(same)!);
    const ratios = r.name.startsWith("ours")
      ? results.flatMap((rs) => {
        const ours = rs.find(same)!;
        const torch = rs.find((p) =>
          !p.name.startsWith("ours") && p.dtype === r.dtype &&
          p.threads === r.threads
        );
        return torch ? [perEpoch(ours) / perEpoch(torch)] : [];
      })
      : [];
    const ratio = ratios.length === 0
      ? ""
      : ratios.length === 1
      ? ratios[0]!.toFixed(2)
      : `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${
        Math.max(...ratios).toFixed(2)
      })`;
    const last = runs.at(-1)!;
    console.log(
      `| ${r.name} | ${median(runs.map(perEpoch)).toFixed(2)} | ${ratio} | ${
        (100 * last.accuracy.at(-1)!).toFixed(1)
      } | ${last.accuracy.map((a) => (100 * a).toFixed(1)).join(", ")} |`,
    );
  }
}
Deno.removeSync(dir, { recursive: true });

/**
 * `deno task bench:bounds`: what Deno's software bounds checks on
 * WebAssembly memory cost one row of `bench:scale` (default [784, 100, 10]
 * at batch 100). Deno 2.9.6 does not install V8's trap handler, so V8
 * compiles a compare and a branch before every load and store of our
 * kernels; Node and Chrome install it and need none. This runs ours as
 * `bench:scale` does, and again with V8's test-only
 * `--no-wasm-bounds-checks` (which makes an out-of-bounds access undefined
 * behaviour: for this measurement only, never for training), on one thread
 * and on all cores, beside NumPy on one thread and at its default
 * threading, in alternating order round after round (each run a process
 * of its own), and prints each column's median and each ratio's median and
 * range over the rounds. NumPy is optional (skipped with a note).
 *
 * Usage: deno task bench:bounds [--rounds 6] [--epochs 5] [--row 3]
 *   [--skip-python]
 *
 * @module
 */
import { join } from "node:path";
import { writeSetup } from "./mnist_data.ts";
import { findPython, numpyEnv } from "./python.ts";
import { runJson } from "./run_json.ts";
import { benchArgs } from "./bench_args.ts";
import { median, pairedRatios } from "./median.ts";
import { coreRoundTrip } from "./core_latency.ts";
import { rowRun } from "./scale_rows.ts";

const values = benchArgs("bench:bounds", {
  rounds: { type: "string", default: "6" },
  epochs: { type: "string", default: "5" },
  row: { type: "string", default: "3" },
  "skip-python": { type: "boolean", default: false },
});
const { rounds, epochs, row } = rowRun("bench:bounds", values);
const here = new URL(".", import.meta.url).pathname;
const cores = navigator.hardwareConcurrency;
const dir = Deno.makeTempDirSync({ prefix: "backprop-bounds-" });
writeSetup(dir, epochs);
const python = values["skip-python"] ? undefined : await findPython("numpy");
if (!python) console.log("NumPy: python3 with numpy not found, skipped");

interface Timing {
  seconds: number[];
}
/** Median of the epochs after the first (which includes compiling). */
const steady = (r: Timing | undefined) =>
  r === undefined ? undefined : median(r.seconds.slice(1));
const sizes = row.sizes.join(","), batch = String(row.batch);

/** Ours on `threads` threads, with V8's `extra` flags. */
const ours = (threads: number, extra: string) => async () =>
  steady(
    await runJson<Timing>(Deno.execPath(), [
      "run",
      "--frozen",
      "-A",
      `--v8-flags=--expose-gc${extra}`,
      join(here, "scale_ours.ts"),
      dir,
      sizes,
      batch,
      String(epochs),
      "float64",
      String(threads),
    ]),
  );
/** NumPy on `threads` ("1" or "default"). */
const numpy = (threads: string) => async () =>
  steady(
    await runJson<Timing>(python!, [
      join(here, "scale_py.py"),
      dir,
      sizes,
      batch,
      String(epochs),
      "numpy",
      "float64",
      threads,
    ], numpyEnv(threads === "default" ? undefined : Number(threads))),
  );

const OFF = ",--no-wasm-bounds-checks";
const columns: [string, () => Promise<number | undefined>][] = [
  ["ours 1t", ours(1, "")],
  ["ours 1t, no checks", ours(1, OFF)],
];
if (python) columns.push(["NumPy 1t", numpy("1")]);
columns.push(
  [`ours ${cores}t`, ours(cores, "")],
  [`ours ${cores}t, no checks`, ours(cores, OFF)],
);
if (python) columns.push(["NumPy default", numpy("default")]);
const samples = new Map(columns.map(([name]) => [name, [] as number[]]));

console.log(
  `[${
    row.sizes.join(", ")
  }] batch ${batch}, float64; ${rounds} rounds of ${epochs} epochs (s/epoch: median of epochs 2-${epochs}); alternating order`,
);
for (let r = 0; r < rounds; r++) {
  const ns = await coreRoundTrip();
  const order = r % 2 === 0 ? columns : [...columns].reverse();
  const line: string[] = [];
  for (const [name, run] of order) {
    const s = await run();
    samples.get(name)![r] = s ?? NaN;
  }
  for (const [name] of columns) {
    line.push(`${name} ${samples.get(name)![r]!.toFixed(4)}`);
  }
  const trip = ns === undefined ? "-" : ns.toFixed(0);
  console.log(`round ${r + 1}: ${line.join(", ")} (round trip ${trip} ns)`);
}

/** Per-round ratios of two columns as "median (min-max)". */
function ratio(top: string, bottom: string): string {
  return pairedRatios(samples.get(top)!, samples.get(bottom)!);
}
console.log("\n| column | s/epoch (median) |\n|---|---|");
for (const [name] of columns) {
  const xs = samples.get(name)!.filter(Number.isFinite);
  console.log(`| ${name} | ${xs.length ? median(xs).toFixed(4) : "-"} |`);
}
console.log("\nPaired ratios, median (range) over the rounds:");
const all = `ours ${cores}t`;
console.log(
  `- ours 1t, no checks / ours 1t: ${ratio("ours 1t, no checks", "ours 1t")}`,
);
console.log(`- ${all}, no checks / ${all}: ${ratio(`${all}, no checks`, all)}`);
if (python) {
  console.log(`- ours 1t / NumPy 1t: ${ratio("ours 1t", "NumPy 1t")}`);
  console.log(
    `- ours 1t, no checks / NumPy 1t: ${
      ratio("ours 1t, no checks", "NumPy 1t")
    }`,
  );
  console.log(`- ${all} / NumPy default: ${ratio(all, "NumPy default")}`);
  console.log(
    `- ${all}, no checks / NumPy default: ${
      ratio(`${all}, no checks`, "NumPy default")
    }`,
  );
}
Deno.removeSync(dir, { recursive: true });

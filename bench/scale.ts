/**
 * `deno task bench:scale`: the issue's table in one run. Seconds per epoch
 * (median of epochs 2-4 of 4; the first includes compiling) on the 8,000
 * MNIST training rows of `mnist_data.ts`, sigmoid layers, quadratic cost,
 * plain SGD, for: ours in float64 and float32 on one thread and on all
 * cores; NumPy + OpenBLAS (float64) and PyTorch (float64, float32) on one
 * thread and at their default threading (all cores); TensorFlow.js 4.22 on
 * its WASM backend (`fit`, float32) at the issue's two rows. Every run is a
 * process of its own, one after another. The Python peers are optional:
 * skipped with a note when python3 lacks numpy or torch.
 *
 * `--rounds N` runs every process of a row N times, round after round, and
 * reports each cell's median over the rounds and each ratio's median and
 * range (the ratios of one round's runs): on a shared machine one run can
 * be off by half.
 *
 * Before each round of a row it measures the round trip of a shared word
 * between two threads (`core_latency.ts`): on the 2-vCPU machines here it
 * moved between about 230 and 1,000 ns, and with it the second core's gain.
 *
 * Usage: deno task bench:scale [--epochs 4] [--rounds 1] [--rows 0,1,...]
 *   [--skip-tfjs] [--skip-python]
 *
 * @module
 */
import { join } from "node:path";
import { writeSetup } from "./mnist_data.ts";
import { findPython, numpyEnv } from "./python.ts";
import { runJson } from "./run_json.ts";
import { benchArgs } from "./bench_args.ts";
import { median } from "./median.ts";
import { coreRoundTrip } from "./core_latency.ts";
import { ROWS } from "./scale_rows.ts";

/** What one timed run prints last. */
interface Timing {
  seconds: number[];
  /** The process's CPU time per epoch (ours and the Python peers). */
  cpuSeconds?: number[];
  heapUsed?: number[];
}

const values = benchArgs("bench:scale", {
  epochs: { type: "string", default: "4" },
  rounds: { type: "string", default: "1" },
  rows: { type: "string" },
  "skip-tfjs": { type: "boolean", default: false },
  "skip-python": { type: "boolean", default: false },
});
const epochs = Number(values.epochs);
const rounds = Number(values.rounds);
if (!(Number.isInteger(rounds) && rounds >= 1)) {
  console.error(
    `bench:scale: "--rounds" must be a whole number >= 1, not "${values.rounds}"`,
  );
  Deno.exit(2);
}
const rows = values.rows
  ? values.rows.split(",").map((i) => ROWS[Number(i)]!)
  : ROWS;
const here = new URL(".", import.meta.url).pathname;
const cores = navigator.hardwareConcurrency;

/** Median of the epochs after the first (which includes compiling). */
function steady(seconds: number[]): number {
  return median(seconds.length > 1 ? seconds.slice(1) : seconds);
}

/** One row's figures: per column, one value per round (or a hole). */
type Samples = Map<string, (number | undefined)[]>;

/** The median of a column over the rounds, or undefined. */
function cell(m: Samples, name: string): number | undefined {
  const xs = (m.get(name) ?? []).filter((x): x is number => x !== undefined);
  return xs.length ? median(xs) : undefined;
}

/**
 * A ratio per round (`top(round) / bottom(round)`, where both exist) as its
 * median, with the range when there are several rounds.
 */
function ratio(
  top: (round: number) => number | undefined,
  bottom: (round: number) => number | undefined,
): string {
  const rs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = top(r), b = bottom(r);
    if (a !== undefined && b !== undefined) rs.push(a / b);
  }
  if (!rs.length) return "";
  const m = median(rs).toFixed(2);
  if (rs.length === 1) return m;
  return `${m} (${Math.min(...rs).toFixed(2)}-${Math.max(...rs).toFixed(2)})`;
}

const dir = Deno.makeTempDirSync({ prefix: "backprop-scale-" });
writeSetup(dir, epochs);
const python = values["skip-python"] ? undefined : await findPython("numpy");
const torch = python ? await findPython("torch") : undefined;
const cpu = /model name\s*:\s*(.*)/.exec(
  Deno.readTextFileSync("/proc/cpuinfo"),
)?.[1];
console.log(
  `${cores} CPUs (${cpu}); load ${
    Deno.loadavg().map((l) => l.toFixed(2)).join(" ")
  }; ${epochs} epochs, s/epoch = median of epochs 2-${epochs}${
    rounds > 1
      ? `; cells: medians of ${rounds} rounds, ratios: median (range)`
      : ""
  }`,
);
if (!python) console.log("NumPy: python3 with numpy not found, skipped");
if (!torch) console.log("PyTorch: python3 with torch not found, skipped");

const columns = [
  "ours f64 1t",
  `ours f64 ${cores}t`,
  "ours f32 1t",
  `ours f32 ${cores}t`,
  "NumPy f64 1t",
  "NumPy f64 default",
  "PyTorch f64 1t",
  "PyTorch f64 default",
  "PyTorch f32 1t",
  "PyTorch f32 default",
  "TF.js WASM fit",
];
const table: string[] = [], cpuTable: string[] = [];
const cpuColumns = [
  "ours f64 1t",
  "NumPy f64 1t",
  "PyTorch f64 1t",
  "ours f32 1t",
  "PyTorch f32 1t",
];
const heaps: string[] = [];
/** Per row, the core-to-core round trip before each round (ns). */
const latencies: string[] = [];
/** Runs every process of one row once, adding round `round`'s figures. */
async function measure(
  row: (typeof ROWS)[number],
  round: number,
  t: Samples,
  cpu: Samples,
): Promise<void> {
  const sizes = row.sizes.join(","), b = String(row.batch), e = String(epochs);
  const put = (name: string, r: Timing) => {
    (t.get(name) ?? t.set(name, []).get(name)!)[round] = steady(r.seconds);
    if (r.cpuSeconds) {
      (cpu.get(name) ?? cpu.set(name, []).get(name)!)[round] = steady(
        r.cpuSeconds,
      );
    }
  };
  for (const dtype of ["float64", "float32"]) {
    for (const threads of [1, cores]) {
      const r = await runJson<Timing>(Deno.execPath(), [
        "run",
        "--frozen",
        "-A",
        "--v8-flags=--expose-gc",
        join(here, "scale_ours.ts"),
        dir,
        sizes,
        b,
        e,
        dtype,
        String(threads),
      ]);
      const name = `ours f${dtype.slice(5)} ${threads === 1 ? 1 : cores}t`;
      if (r) {
        put(name, r);
        const h = r.heapUsed!.map((x) => (x / 2 ** 20).toFixed(2));
        if (round === 0) {
          heaps.push(`[${sizes}] batch ${b}, ${name}: ${h.join(" ")} MiB`);
        }
      }
    }
  }
  const py = async (
    lib: string,
    dtype: string,
    threads: string,
    name: string,
  ) => {
    const r = await runJson<Timing>(python!, [
      join(here, "scale_py.py"),
      dir,
      sizes,
      b,
      e,
      lib,
      dtype,
      threads,
    ], numpyEnv(threads === "default" ? undefined : Number(threads)));
    if (r) put(name, r);
  };
  if (python) {
    await py("numpy", "float64", "1", "NumPy f64 1t");
    await py("numpy", "float64", "default", "NumPy f64 default");
  }
  if (torch) {
    for (const dtype of ["float64", "float32"]) {
      const d = `f${dtype.slice(5)}`;
      await py("torch", dtype, "1", `PyTorch ${d} 1t`);
      await py("torch", dtype, "default", `PyTorch ${d} default`);
    }
  }
  if (row.tfjs && !values["skip-tfjs"]) {
    const r = await runJson<Timing>(Deno.execPath(), [
      "run",
      "--frozen",
      "-A",
      join(here, "scale_tfjs.ts"),
      dir,
      sizes,
      b,
      e,
    ]);
    if (r) put("TF.js WASM fit", r);
  }
}

for (const row of rows) {
  const t: Samples = new Map(), cpu: Samples = new Map(), trips: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const ns = await coreRoundTrip();
    trips.push(ns === undefined ? "-" : ns.toFixed(0));
    await measure(row, round, t, cpu);
  }
  latencies.push(
    `[${row.sizes.join(", ")}] batch ${row.batch}: ${trips.join(", ")}`,
  );
  const f = (x: number | undefined) => x === undefined ? "" : x.toFixed(3);
  const at = (m: Samples, name: string) => (r: number) => m.get(name)?.[r];
  const bestPeer64 = (r: number) => {
    const xs = ["NumPy f64 default", "PyTorch f64 default"]
      .map((name) => t.get(name)?.[r])
      .filter((x): x is number => x !== undefined);
    return xs.length ? Math.min(...xs) : undefined;
  };
  table.push(
    `| [${row.sizes.join(", ")}] | ${row.batch} | ${
      columns.map((c) => f(cell(t, c))).join(" | ")
    } | ${ratio(at(t, `ours f64 ${cores}t`), bestPeer64)} | ${
      ratio(at(t, `ours f32 ${cores}t`), at(t, "PyTorch f32 default"))
    } | ${ratio(at(t, "ours f64 1t"), at(t, "NumPy f64 1t"))} | ${
      ratio(at(t, "TF.js WASM fit"), at(t, `ours f64 ${cores}t`))
    } |`,
  );
  cpuTable.push(
    `| [${row.sizes.join(", ")}] | ${row.batch} | ${
      cpuColumns.map((c) => f(cell(cpu, c))).join(" | ")
    } | ${ratio(at(cpu, "ours f64 1t"), at(cpu, "NumPy f64 1t"))} | ${
      ratio(at(cpu, "ours f32 1t"), at(cpu, "PyTorch f32 1t"))
    } |`,
  );
  console.log(
    `done [${row.sizes}] batch ${row.batch} (core-to-core round trip ${
      trips.join(", ")
    } ns)`,
  );
}
Deno.removeSync(dir, { recursive: true });
console.log(
  `\n| layers | batch | ${
    columns.join(" | ")
  } | ours f64 ÷ best peer f64 (default threads) | ours f32 ÷ PyTorch f32 (default) | ours f64 1t ÷ NumPy 1t | TF.js ÷ ours f64 |`,
);
console.log(`|---|---|${columns.map(() => "---").join("|")}|---|---|---|---|`);
for (const line of table) console.log(line);
console.log(
  "\nOne thread each, CPU seconds per epoch (the process's CPU time: less " +
    "sensitive than the wall clock to other work on a shared machine)\n",
);
console.log(
  `| layers | batch | ${
    cpuColumns.join(" | ")
  } | ours f64 ÷ NumPy | ours f32 ÷ PyTorch f32 |`,
);
console.log(`|---|---|${cpuColumns.map(() => "---").join("|")}|---|---|`);
for (const line of cpuTable) console.log(line);
console.log(`\nHeap after a forced GC, per epoch:\n${heaps.join("\n")}`);
console.log(
  "\nCore-to-core round trip of a shared word (this thread and a Worker), " +
    `ns, before each round (it decides much of what a second core gains):\n${
      latencies.join("\n")
    }`,
);

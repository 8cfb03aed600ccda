/**
 * `deno task bench:runtimes`: one row of `bench:scale` (default [784, 100,
 * 10] at batch 100, float64) trained by the same build of the package in
 * Deno (`dist/node`), in the machine's Node (`dist/node`) and in headless
 * Chromium (`dist/browser`, a cross-origin isolated page), on one thread and
 * on all cores, in alternating order round after round (each run a process
 * or a browser of its own). Prints each column's median s/epoch (median of
 * the epochs after the first), the threads that ran, the last epoch's
 * training accuracy, and each runtime's time over Deno's at the same thread
 * count, as the median and range of the rounds' ratios, and the round
 * trip between two cores at the start of each round (`core_latency.ts`). Node and Chromium
 * are optional (skipped with a note when missing). It builds `dist/` first.
 *
 * Usage: deno task bench:runtimes [--rounds 3] [--epochs 15] [--row 3]
 *   [--skip-node] [--skip-chromium]
 *
 * @module
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { writeSetup } from "./mnist_data.ts";
import { SETUP } from "./mnist_files.ts";
import { runJson } from "./run_json.ts";
import { benchArgs } from "./bench_args.ts";
import { median, pairedRatios } from "./median.ts";
import { rowRun } from "./scale_rows.ts";
import { coreRoundTrip } from "./core_latency.ts";
import { buildDist } from "../scripts/build_dist.ts";
import { CHROMIUM, launchChromium } from "../tests/runtimes/chromium.ts";
import { startServer } from "../tests/runtimes/server.ts";

const values = benchArgs("bench:runtimes", {
  rounds: { type: "string", default: "3" },
  epochs: { type: "string", default: "15" },
  row: { type: "string", default: "3" },
  "skip-node": { type: "boolean", default: false },
  "skip-chromium": { type: "boolean", default: false },
});
const { rounds, epochs, row } = rowRun("bench:runtimes", values);

/** Whether `cmd --version` runs. */
async function runs(cmd: string): Promise<boolean> {
  try {
    return (await new Deno.Command(cmd, {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output()).success;
  } catch {
    return false;
  }
}
const node = !values["skip-node"] && await runs("node");
if (!values["skip-node"] && !node) {
  console.log("Node: `node` not found, skipped");
}
const chromium = !values["skip-chromium"] && await runs(CHROMIUM);
if (!values["skip-chromium"] && !chromium) {
  console.log(`Chromium: "${CHROMIUM}" not found, skipped`);
}

const ROOT = new URL("../", import.meta.url).pathname;
await buildDist();
// the page's folder: the browser build, the data and the runner
const site = Deno.makeTempDirSync({ prefix: "backprop-runtimes-" });
const data = join(site, "data");
Deno.mkdirSync(data);
writeSetup(data, epochs);
cpSync(join(ROOT, "dist/browser"), join(site, "dist"), { recursive: true });
Deno.copyFileSync(join(ROOT, "bench/runtime_row.js"), join(site, "run.js"));
Deno.writeTextFileSync(
  join(site, "index.html"),
  '<!doctype html><meta charset="utf-8"><script type="module" src="run.js"></script>\n',
);

interface Result {
  seconds: number[];
  threads: number;
  accuracy: number;
}
/** What the runner needs besides the build and the data. */
const config = (threads: number) =>
  JSON.stringify({
    sizes: row.sizes,
    batch: row.batch,
    epochs,
    threads,
    n: SETUP.trainSize,
    initSeed: SETUP.initSeed,
    shuffleSeed: SETUP.shuffleSeed,
    learningRate: SETUP.learningRate,
  });
const runner = join(ROOT, "bench/runtime_row.js");
const nodeBuild = join(ROOT, "dist/node/mod.js");

/** The build in Deno or Node, in a process of its own. */
const inProcess = (cmd: string, pre: string[], threads: number) => () =>
  runJson<Result>(cmd, [...pre, runner, nodeBuild, data, config(threads)]);

/** How long a fresh browser is left alone before the page loads. */
const SETTLE_MS = 2000;

/** The browser build in a fresh headless Chromium. */
const inChromium = (threads: number) => async () => {
  const server = await startServer(site);
  const browser = await launchChromium();
  // the browser's own processes are busy for a second or two after launch
  // (on two cores they would take one from the page's two threads)
  await new Promise((done) => setTimeout(done, SETTLE_MS));
  try {
    const page = await browser.newPage();
    const failed = new Promise<never>((_, reject) =>
      page.on("pageerror", (e) => reject(e))
    );
    await page.goto(
      `${server.url}index.html?config=${encodeURIComponent(config(threads))}`,
    );
    await Promise.race([
      page.waitForFunction("window.__result !== undefined", {
        timeout: 600_000,
        polling: 500,
      }),
      failed,
    ]);
    return await page.evaluate("window.__result") as Result;
  } catch (e) {
    console.error(`Chromium run failed: ${(e as Error).message}`);
    return undefined;
  } finally {
    await browser.close();
    await server.close();
  }
};

const cores = navigator.hardwareConcurrency;
const threadCounts = cores > 1 ? [1, cores] : [1];
const columns: [string, number, () => Promise<Result | undefined>][] = [];
for (const t of threadCounts) {
  columns.push([`Deno ${t}t`, t, inProcess(Deno.execPath(), ["run", "-A"], t)]);
  if (node) columns.push([`Node ${t}t`, t, inProcess("node", [], t)]);
  if (chromium) columns.push([`Chromium ${t}t`, t, inChromium(t)]);
}
const samples = new Map(columns.map(([name]) => [name, [] as number[]]));
const seen = new Map<string, { threads: number; accuracy: number }>();

console.log(
  `[${row.sizes.join(", ")}] batch ${row.batch}, float64, the same build` +
    ` (dist/node in Deno and Node, dist/browser in Chromium); ${rounds}` +
    ` rounds of ${epochs} epochs (s/epoch: median of epochs 2-${epochs})`,
);
for (let r = 0; r < rounds; r++) {
  const ns = await coreRoundTrip();
  const order = r % 2 === 0 ? columns : [...columns].reverse();
  for (const [name, , run] of order) {
    const result = await run();
    samples.get(name)![r] = result ? median(result.seconds.slice(1)) : NaN;
    if (result) seen.set(name, result);
  }
  const line = columns.map(([name]) =>
    `${name} ${samples.get(name)![r]!.toFixed(4)}`
  );
  const trip = ns === undefined ? "-" : ns.toFixed(0);
  console.log(`round ${r + 1}: ${line.join(", ")} (round trip ${trip} ns)`);
}

/** Per-round ratios of two columns as "median (min-max)". */
function ratio(top: string, bottom: string): string {
  return pairedRatios(samples.get(top)!, samples.get(bottom)!);
}
console.log(
  "\n| column | s/epoch (median) | threads running | training accuracy | ÷ Deno, same threads |",
);
console.log("|---|---|---|---|---|");
for (const [name, t] of columns) {
  const xs = samples.get(name)!.filter(Number.isFinite);
  const s = seen.get(name);
  const deno = `Deno ${t}t`;
  console.log(
    `| ${name} | ${xs.length ? median(xs).toFixed(4) : "-"} | ${
      s?.threads ?? "-"
    } | ${s ? (100 * s.accuracy).toFixed(2) + "%" : "-"} | ${
      name === deno ? "1" : ratio(name, deno)
    } |`,
  );
}
Deno.removeSync(site, { recursive: true });

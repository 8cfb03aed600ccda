/**
 * Which results differ in the last bits between Deno, Node and Chromium:
 * runs the smoke suite in all three (fingerprints of trained weights,
 * outputs, losses) and the Math functions on 200,000 arguments, and prints
 * the tables of docs/runtimes.md.
 *
 * ```sh
 * deno run --frozen -A tests/runtimes/last_bits.ts [--out DIR]
 * ```
 *
 * `--out DIR` also writes each runtime's Math samples as JSON.
 *
 * @module
 */
import { parseArgs } from "node:util";
import * as lib from "../../mod.ts";
import * as io from "../../io/mod.ts";
import { launchChromium } from "./chromium.ts";
import { mathSamples } from "./math_samples.js";
import { startServer } from "./server.ts";
import { runSmoke } from "./smoke.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
type Samples = Record<string, number[]>;

async function run(args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), { args, cwd: ROOT })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`${args.join(" ")} failed:\n${text}`);
  }
  return text;
}

async function fingerprints(): Promise<Record<string, Record<string, string>>> {
  const tmp = await Deno.makeTempDir();
  const deno = await runSmoke({
    runtime: "deno",
    lib,
    io,
    irisCsv: await Deno.readTextFile(`${ROOT}examples/iris.csv`),
    expectWorkers: 2,
    expectThreads: 2,
    expectDefaultThreads: navigator.hardwareConcurrency,
  });
  await run([
    "run",
    "--frozen",
    "-A",
    "tests/runtimes/node_smoke.ts",
    `${tmp}/node.json`,
  ]);
  await run([
    "run",
    "--frozen",
    "-A",
    "tests/runtimes/chromium_smoke.ts",
    `${tmp}/chromium.json`,
  ]);
  const read = async (name: string) =>
    JSON.parse(await Deno.readTextFile(`${tmp}/${name}.json`));
  const result = {
    Deno: deno.fingerprints,
    Node: await read("node"),
    Chromium: await read("chromium"),
  };
  await Deno.remove(tmp, { recursive: true });
  return result;
}

async function samples(): Promise<Record<string, Samples>> {
  const nodeOut = await new Deno.Command("node", {
    args: [
      "--input-type=module",
      "-e",
      `import { mathSamples } from "${ROOT}tests/runtimes/math_samples.js";
process.stdout.write(JSON.stringify(mathSamples()));`,
    ],
  }).output();
  const server = await startServer(ROOT);
  const browser = await launchChromium();
  let chromium: Samples;
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}tests/runtimes/smoke.html`);
    chromium = await page.evaluate(
      `import("/tests/runtimes/math_samples.js").then((m) => m.mathSamples())`,
    ) as Samples;
  } finally {
    await browser.close();
    await server.close();
  }
  return {
    Deno: mathSamples() as Samples,
    Node: JSON.parse(new TextDecoder().decode(nodeOut.stdout)),
    Chromium: chromium,
  };
}

function ulps(a: number, b: number): number {
  const v = new DataView(new ArrayBuffer(16));
  v.setFloat64(0, a);
  v.setFloat64(8, b);
  const d = v.getBigInt64(0) - v.getBigInt64(8);
  return Number(d < 0n ? -d : d);
}

if (import.meta.main) {
  const args = parseArgs({
    args: Deno.args,
    options: { out: { type: "string" } },
  });
  const versions = {
    Deno: `${Deno.version.deno} (V8 ${Deno.version.v8})`,
    Node: new TextDecoder().decode(
      (await new Deno.Command("node", {
        args: ["-p", "process.version + ' (V8 ' + process.versions.v8 + ')'"],
      }).output()).stdout,
    ).trim(),
  };
  console.log(`Deno ${versions.Deno}; Node ${versions.Node}\n`);
  const fp = await fingerprints();
  const names = Object.keys(fp.Deno!);
  console.log("| result | Deno = Node | Deno = Chromium | Node = Chromium |");
  console.log("| --- | --- | --- | --- |");
  for (const n of names) {
    const same = (a: string, b: string) =>
      fp[a]![n] === fp[b]![n] ? "same bits" : "differs";
    console.log(
      `| ${n} | ${same("Deno", "Node")} | ${same("Deno", "Chromium")} | ${
        same("Node", "Chromium")
      } |`,
    );
  }
  const s = await samples();
  if (args.values.out) {
    await Deno.mkdir(args.values.out, { recursive: true });
    for (const [k, v] of Object.entries(s)) {
      await Deno.writeTextFile(
        `${args.values.out}/${k}.json`,
        JSON.stringify(v),
      );
    }
  }
  const n = s.Deno!.x!.length;
  console.log(
    `\n| Math function (${n} arguments) | Deno vs Node | Deno vs Chromium | Node vs Chromium |`,
  );
  console.log("| --- | --- | --- | --- |");
  for (const f of Object.keys(s.Deno!).filter((k) => k !== "x")) {
    const cell = (a: string, b: string) => {
      const A = s[a]![f]!, B = s[b]![f]!;
      let count = 0, worst = 0;
      for (let i = 0; i < n; i++) {
        if (!Object.is(A[i], B[i])) {
          count++;
          worst = Math.max(worst, ulps(A[i]!, B[i]!));
        }
      }
      return count === 0 ? "same bits" : `${count} differ (≤ ${worst} ulp)`;
    };
    console.log(
      `| Math.${f} | ${cell("Deno", "Node")} | ${cell("Deno", "Chromium")} | ${
        cell("Node", "Chromium")
      } |`,
    );
  }
}

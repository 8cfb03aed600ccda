// The smoke suite under Node, on the package's Node build (dist/node) and
// the suite's own bundle (dist/smoke): run by tests/runtimes/node_smoke.ts.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Built files, imported by computed URL so that `deno check .` does not
// need dist/ to exist.
const built = (path) =>
  import(new URL(`../../dist/${path}`, import.meta.url).href);
const lib = await built("node/mod.js");
const io = await built("node/io/mod.js");
const { runSmoke, smokeLines } = await built("smoke/smoke.js");

const irisPath = fileURLToPath(
  new URL("../../examples/iris.csv", import.meta.url),
);
const dir = await mkdtemp(join(tmpdir(), "backprop-node-"));
let n = 0;
try {
  const run = await runSmoke({
    runtime: `node ${process.version}`,
    lib,
    io,
    irisCsv: await readFile(irisPath, "utf8"),
    irisPath,
    tempFile: () => Promise.resolve(join(dir, `model-${n++}.json`)),
    // Node has no Web Worker; the Node build runs them on worker_threads.
    expectWorkers: 2,
    // the kernels' threads too (scripts/node_worker.js), and by default as
    // many as the cores, though Node 20 has no navigator
    expectThreads: 2,
    expectDefaultThreads: availableParallelism(),
  });
  const out = process.argv[2];
  if (out) {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(out, JSON.stringify(run.fingerprints, null, 2) + "\n");
  }
  const lines = smokeLines(run, "node");
  console.log(lines.join("\n"));
  process.exitCode = run.results.every((r) => r.ok) ? 0 : 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}

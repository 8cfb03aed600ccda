import assert from "node:assert/strict";
import * as lib from "../../mod.ts";
import * as io from "../../io/mod.ts";
import { runSmoke, smokeLines } from "./smoke.ts";

const IRIS = new URL("../../examples/iris.csv", import.meta.url).pathname;

Deno.test("the runtime smoke suite passes in Deno, from the sources", async () => {
  const dir = await Deno.makeTempDir({ prefix: "backprop-smoke-" });
  let n = 0;
  try {
    const run = await runSmoke({
      runtime: "deno",
      lib,
      io,
      irisCsv: await Deno.readTextFile(IRIS),
      irisPath: IRIS,
      tempFile: () => Promise.resolve(`${dir}/model-${n++}.json`),
      expectWorkers: 2,
      expectThreads: 2,
      expectDefaultThreads: navigator.hardwareConcurrency,
    });
    const failed = run.results.filter((r) => !r.ok);
    assert.deepEqual(failed, [], smokeLines(run, "deno").join("\n"));
    assert.equal(run.results.length, 12);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

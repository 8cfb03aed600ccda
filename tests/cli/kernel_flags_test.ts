/**
 * `train --dtype` and `train --threads`: a float32 model is saved as one and
 * predicts; any thread count writes the same model bytes; bad values are
 * usage errors naming the flag.
 */
import assert from "node:assert/strict";
import { Random } from "../../mod.ts";
import { runCli as cli } from "./run_cli.ts";

/** 240 rows of 120 features, three classes by the sign of two sums. */
function wideCsv(): string {
  const r = new Random(3), n = 120;
  const lines = [
    [...Array(n).keys()].map((i) => `f${i}`).concat("y").join(","),
  ];
  for (let row = 0; row < 240; row++) {
    const x = Array.from({ length: n }, () => 2 * r.uniform() - 1);
    const a = x.slice(0, 60).reduce((s, v) => s + v, 0);
    const b = x.slice(60).reduce((s, v) => s + v, 0);
    const y = a > 0 ? "a" : b > 0 ? "b" : "c";
    lines.push([...x.map((v) => v.toFixed(4)), y].join(","));
  }
  return lines.join("\n") + "\n";
}

Deno.test("train --threads 1, 2 and 3 write byte-identical models (products big enough to split)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/wide.csv`, wideCsv());
    const models: string[] = [];
    for (const threads of ["1", "2", "3"]) {
      // batch 64 x 120 x 256: 3.9 MFLOP a product, above the split threshold
      const r = await cli([
        "train",
        "wide.csv",
        "--hidden",
        "256",
        "--batch",
        "64",
        "--epochs",
        "3",
        "--threads",
        threads,
        "--out",
        `m${threads}.json`,
      ], dir);
      assert.equal(r.code, 0, r.stderr);
      models.push(await Deno.readTextFile(`${dir}/m${threads}.json`));
    }
    assert.equal(models[1], models[0]);
    assert.equal(models[2], models[0]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train --dtype float32 saves float32 layers that predict and evaluate load", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/wide.csv`, wideCsv());
    const t = await cli([
      "train",
      "wide.csv",
      "--hidden",
      "16",
      "--epochs",
      "30",
      "--dtype",
      "float32",
      "--out",
      "m.json",
    ], dir);
    assert.equal(t.code, 0, t.stderr);
    const model = JSON.parse(await Deno.readTextFile(`${dir}/m.json`));
    const layers = model.network?.layers ?? model.layers;
    assert.ok(Array.isArray(layers), "the model lists its layers");
    for (const l of layers) assert.equal(l.dtype, "float32");
    const e = await cli(["evaluate", "m.json", "wide.csv"], dir);
    assert.equal(e.code, 0, e.stderr);
    // the sums are learnable: well above the 1/3 of guessing
    const accuracy = Number(/accuracy\D*([\d.]+)/i.exec(e.stdout)?.[1]);
    assert.ok(accuracy > 60, e.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train rejects bad --dtype and --threads values with one line naming the flag", async () => {
  const cases: [string[], RegExp][] = [
    [
      ["--dtype", "float16"],
      /Flag '--dtype' must be one of 'float64', 'float32', got 'float16'/,
    ],
    [
      ["--threads", "0"],
      /Flag '--threads' must be an integer from 1 to 64, got '0'/,
    ],
    [
      ["--threads", "65"],
      /Flag '--threads' must be an integer from 1 to 64, got '65'/,
    ],
    [["--threads", "1.5"], /Flag '--threads' must be an integer from 1 to 64/],
  ];
  for (const [flags, message] of cases) {
    const r = await cli(["train", "examples/iris.csv", ...flags], ".");
    assert.equal(r.code, 2, flags.join(" "));
    assert.match(r.stderr, message);
    assert.ok(r.stderr.trim().split("\n").length <= 2, r.stderr);
  }
});

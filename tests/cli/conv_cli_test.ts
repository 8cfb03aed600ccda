/**
 * End-to-end: `train --image --layers` on a CSV of small images, then
 * `predict` and `evaluate` on the saved conv model, as a user would run them.
 */
import assert from "node:assert/strict";
import { Random } from "../../mod.ts";

import { runCli as cli } from "./run_cli.ts";

/** 8x8 images of a horizontal or vertical bar at a random place, with noise. */
function barsCsv(rows: number, seed: number): string {
  const r = new Random(seed),
    lines = [[...Array(64).keys()].map((i) => `p${i}`).concat("bar").join(",")];
  for (let n = 0; n < rows; n++) {
    const vertical = r.uniform() < 0.5, at = 1 + r.int(6);
    const px: string[] = [];
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        const on = vertical ? x === at : y === at;
        px.push((on ? 1 : 0.2 * r.uniform()).toFixed(2));
      }
    }
    lines.push([...px, vertical ? "v" : "h"].join(","));
  }
  return lines.join("\n") + "\n";
}

Deno.test("train --image --layers builds a conv network that learns, and predict and evaluate use it unchanged", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bars.csv`, barsCsv(200, 1));
    const t = await cli([
      "train",
      "bars.csv",
      "--image",
      "8x8",
      "--layers",
      "conv:4x3:same,pool:2,dense:16",
      "--activation",
      "relu",
      "--init",
      "he",
      "--epochs",
      "15",
      "--lr",
      "0.05",
      "--batch",
      "10",
    ], dir);
    assert.equal(t.code, 0, t.stderr);
    assert.match(
      t.stdout,
      /network 1x8x8 → conv 4x8x8 → maxpool 4x4x4 → 16 → 2/,
    );
    const acc = /accuracy\s+([\d.]+)%/.exec(t.stdout);
    assert.ok(acc && Number(acc[1]) >= 95, t.stdout);
    const model = JSON.parse(await Deno.readTextFile(`${dir}/bars.model.json`));
    assert.deepEqual(model.layers.map((l: { type: string }) => l.type), [
      "conv2d",
      "maxpool2d",
      "dense",
      "dense",
    ]);
    const p = await cli([
      "predict",
      "bars.model.json",
      "bars.csv",
      "--out",
      "pred.csv",
    ], dir);
    assert.equal(p.code, 0, p.stderr);
    assert.equal(
      (await Deno.readTextFile(`${dir}/pred.csv`)).trim().split("\n").length,
      201,
    );
    const e = await cli(["evaluate", "bars.model.json", "bars.csv"], dir);
    assert.equal(e.code, 0, e.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train rejects a bad --image or --layers with exit 2, naming the flag and the item", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bars.csv`, barsCsv(20, 2));
    const cases: [string, string[], RegExp][] = [
      [
        "a one-number image",
        ["--image", "64"],
        /Flag '--image' must be HxW or CxHxW/,
      ],
      ["an image that does not fit the rows", [
        "--image",
        "9x9",
        "--layers",
        "conv:2x3",
      ], /says 1x9x9 = 81 values per row, but the data has 64 features/],
      [
        "a conv item without an image",
        ["--layers", "conv:2x3"],
        /item 1 \(conv\) needs an image: give --image/,
      ],
      [
        "an unknown item",
        ["--image", "8x8", "--layers", "conv:2x3,pool"],
        /item 2 'pool' is not a layer; the grammar is/,
      ],
      [
        "a kernel that does not fit",
        ["--image", "8x8", "--layers", "conv:2x9"],
        /item 1 \(conv\): .*9x9 kernel does not fit the input 1x8x8/,
      ],
      [
        "--layers with --hidden",
        ["--layers", "dense:3", "--hidden", "4"],
        /either '--layers SPEC' or '--hidden N,N,...'/,
      ],
    ];
    for (const [name, flags, message] of cases) {
      await t.step(name, async () => {
        const r = await cli(
          ["train", "bars.csv", "--epochs", "1", ...flags],
          dir,
        );
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, message);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
      });
    }
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [
      "bars.csv",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train --help states the --layers grammar", async () => {
  const r = await cli(["train", "--help"], ".");
  assert.match(
    r.stdout,
    /--layers SPEC .*conv:FxK\[:sS\]\[:same\].*pool:K\[:sS\].*dense:N/,
  );
  assert.match(r.stdout, /--image HxW\|CxHxW/);
});

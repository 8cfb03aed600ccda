/**
 * End-to-end: `train --checkpoint` runs interrupted by SIGINT and SIGKILL,
 * then `train --resume`, end with the same model file, byte for byte, as
 * a run never interrupted; bad checkpoints are one-line errors.
 */
import assert from "node:assert/strict";

import { cliCommand as command, runCli as cli } from "./run_cli.ts";

/**
 * Starts a run and sends `signal` once it reports epoch `at` + 1: by then
 * the checkpoint of epoch `at` is written (it follows epoch `at`'s report).
 */
async function interrupt(
  args: string[],
  cwd: string,
  at: number,
  signal: Deno.Signal,
) {
  const child = command(args, cwd).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream());
  let buffer = "", sent = false;
  for await (const chunk of lines) {
    buffer += chunk;
    if (
      !sent &&
      buffer.split("\n").some((l) =>
        l.startsWith("{") && JSON.parse(l).event === "epoch" &&
        JSON.parse(l).epoch === at + 1
      )
    ) {
      child.kill(signal);
      sent = true;
    }
  }
  await child.stderr.cancel();
  return { status: await child.status, stdout: buffer };
}

/** 6000 rows, 12 features, 3 overlapping classes. */
async function writeData(path: string, seed: number): Promise<void> {
  let s = seed;
  const uniform =
    () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const rows = ["f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11,label"];
  for (let r = 0; r < 6000; r++) {
    const c = r % 3;
    const x = Array.from(
      { length: 12 },
      (_, j) => (c * ((j % 3) - 1) + 2 * uniform() - 1).toFixed(4),
    );
    rows.push(`${x.join(",")},${["a", "b", "c"][c]}`);
  }
  await Deno.writeTextFile(path, rows.join("\n") + "\n");
}

const BASE = [
  "train",
  "data.csv",
  "--epochs",
  "10",
  "--hidden",
  "48",
  "--dropout",
  "0.2",
  "--optimizer",
  "momentum",
  "--lr",
  "0.02",
  "--l2",
  "0.1",
  "--batch",
  "8",
  "--json",
];

Deno.test("train runs killed by SIGINT and SIGKILL after the checkpoints of epochs 3 and 7 of 10, resumed with --resume, save the same model bytes as an uninterrupted run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "backprop-ckpt-" });
  await writeData(`${dir}/data.csv`, 1);
  const straight = await cli([...BASE, "--out", "straight.json"], dir);
  assert.equal(straight.code, 0, straight.stderr);
  const expected = await Deno.readTextFile(`${dir}/straight.json`);

  const points: [Deno.Signal, number][] = [["SIGINT", 3], ["SIGKILL", 3], [
    "SIGINT",
    7,
  ], ["SIGKILL", 7]];
  for (const [i, [signal, at]] of points.entries()) {
    const run = [
      ...BASE,
      "--out",
      `m${i}.json`,
      "--checkpoint",
      `c${i}.json`,
      "--checkpoint-every",
      "1",
    ];
    const { status } = await interrupt(run, dir, at, signal);
    assert.equal(
      status.success,
      false,
      `${signal} at ${at}: the run was not interrupted`,
    );
    // SIGINT during a checkpoint's write is caught (the temporary file is
    // removed, exit 128 + 2); between writes it ends the process as usual
    assert.ok(
      status.signal === signal ||
        (signal === "SIGINT" && status.code === 130),
      `${signal} at ${at}: ended with code ${status.code}, signal ${status.signal}`,
    );
    const checkpoint = JSON.parse(await Deno.readTextFile(`${dir}/c${i}.json`));
    const epoch = checkpoint.training.epoch;
    assert.ok(
      epoch >= at && epoch < 10,
      `${signal} at ${at}: checkpoint at epoch ${epoch}`,
    );
    await assert.rejects(Deno.stat(`${dir}/m${i}.json`), Deno.errors.NotFound);

    const resumed = await cli([...run, "--resume", `c${i}.json`], dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(
      resumed.stdout,
      new RegExp(`"event":"resume","checkpoint":"c${i}.json","epoch":${epoch}`),
    );
    assert.equal(
      await Deno.readTextFile(`${dir}/m${i}.json`),
      expected,
      `${signal} after epoch ${epoch}`,
    );
    console.log(
      `${signal} after epoch ${at}: resumed from checkpoint epoch ${epoch}, model file identical`,
    );
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train --resume rejects a bad checkpoint with one line and exit 1, a mismatched flag with exit 2", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "backprop-ckpt-" });
  await writeData(`${dir}/data.csv`, 1);
  await writeData(`${dir}/other.csv`, 2);
  const small = ["train", "data.csv", "--epochs", "2", "--hidden", "4"];
  const made = await cli([
    ...small,
    "--checkpoint",
    "c.json",
    "--out",
    "m.json",
  ], dir);
  assert.equal(made.code, 0, made.stderr);
  const text = await Deno.readTextFile(`${dir}/c.json`);
  const json = JSON.parse(text);
  await Deno.writeTextFile(`${dir}/cut.json`, text.slice(0, text.length >> 1));
  await Deno.writeTextFile(
    `${dir}/order.json`,
    JSON.stringify({ ...json, training: { ...json.training, order: [1, 1] } }),
  );
  await Deno.writeTextFile(
    `${dir}/adam.json`,
    JSON.stringify({
      ...json,
      training: {
        ...json.training,
        optimizer: { ...json.training.optimizer, name: "adam" },
      },
    }),
  );
  const cases: [string, string[], number, RegExp][] = [
    ["a missing file", [...small, "--resume", "none.json"], 1, /none\.json/],
    [
      "a file cut short",
      [...small, "--resume", "cut.json"],
      1,
      /Cannot resume from 'cut\.json': the file is not valid JSON/,
    ],
    [
      "a saved model",
      [...small, "--resume", "m.json"],
      1,
      /Cannot resume from 'm\.json': it is not a checkpoint written by 'train --checkpoint'/,
    ],
    [
      "an edited row order",
      [...small, "--resume", "order.json"],
      1,
      /field 'order' must be a permutation of the \d+ rows \(in 'order\.json'\)/,
    ],
    [
      "another optimizer's state",
      [...small, "--resume", "adam.json"],
      1,
      /saved by optimizer 'adam', not 'sgd'.*\(in 'adam\.json'\)/,
    ],
    [
      "other data",
      [
        "train",
        "other.csv",
        "--epochs",
        "2",
        "--hidden",
        "4",
        "--resume",
        "c.json",
      ],
      1,
      /the training rows differ from those the checkpoint was made on/,
    ],
    [
      "another flag",
      [...small, "--lr", "0.5", "--resume", "c.json"],
      2,
      /it was written with lr '0\.1' but this run has '0\.5'/,
    ],
    [
      "--checkpoint-every alone",
      [...small, "--checkpoint-every", "2"],
      2,
      /'--checkpoint-every' needs '--checkpoint FILE'/,
    ],
    [
      "--checkpoint over the data",
      [...small, "--checkpoint", "data.csv"],
      2,
      /names 'data\.csv', which this run also uses/,
    ],
  ];
  for (const [label, args, code, message] of cases) {
    await t.step(label, async () => {
      const before = await Deno.readTextFile(`${dir}/data.csv`);
      const r = await cli(args, dir);
      assert.equal(r.code, code, r.stderr);
      const lines = r.stderr.trim().split("\n");
      assert.match(lines[0]!, message);
      assert.ok(
        lines.length <= 2 && !/\bat .*\.ts:\d+/.test(r.stderr),
        r.stderr,
      );
      assert.equal(await Deno.readTextFile(`${dir}/data.csv`), before);
    });
  }
  await Deno.remove(dir, { recursive: true });
});

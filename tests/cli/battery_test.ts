/**
 * The adversarial battery: every case of battery_cases.ts runs cli.ts in a
 * fresh folder and must give its exit code, at most two lines on stderr
 * (naming what is wrong, no stack trace), no temporary or partial file,
 * and leave every file it does not own byte for byte as it was. Then
 * signals during a save and concurrent runs on one output.
 */
import assert from "node:assert/strict";
import { type Case, CASES } from "./battery_cases.ts";

import { cliCommand } from "./run_cli.ts";
const canRun =
  (await Deno.permissions.query({ name: "run" })).state === "granted";

/** SHA-256 of every regular file under `dir`, by relative path. */
async function snapshot(
  dir: string,
  prefix = "",
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const e of Deno.readDir(`${dir}/${prefix}`)) {
    const rel = prefix + e.name;
    if (e.isDirectory) {
      for (const [k, v] of await snapshot(dir, `${rel}/`)) out.set(k, v);
    } else if (e.isFile) {
      const bytes = await Deno.readFile(`${dir}/${rel}`);
      const hash = await crypto.subtle.digest("SHA-256", bytes);
      out.set(
        rel,
        [...new Uint8Array(hash)].map((b) => b.toString(16)).join(""),
      );
    } else out.set(rel, e.isSymlink ? "symlink" : "special");
  }
  return out;
}

const D_CSV = "a,b,y\n" +
  Array.from(
    { length: 40 },
    (_, i) => `${i % 2 ? 1 + i / 40 : -1 - i / 40},${(i * 7) % 5},${i % 2}`,
  ).join("\n") + "\n";

async function workspace(baseModel: string, c?: Case): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "backprop-battery-" });
  await Deno.writeTextFile(`${dir}/d.csv`, D_CSV);
  await Deno.writeTextFile(`${dir}/base.json`, baseModel);
  for (const [name, body] of Object.entries(c?.files ?? {})) {
    if (typeof body === "string") {
      await Deno.writeTextFile(`${dir}/${name}`, body);
    } else await Deno.writeFile(`${dir}/${name}`, body);
  }
  return dir;
}

/** Trains the model the cases use as `base.json`. */
async function baseModel(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "backprop-battery-" });
  try {
    await Deno.writeTextFile(`${dir}/d.csv`, D_CSV);
    const r = await command(
      ["train", "d.csv", "--epochs", "20", "--out", "base.json"],
      dir,
      "null",
    ).output();
    assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    return await Deno.readTextFile(`${dir}/base.json`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  before: Map<string, string>;
  after: Map<string, string>;
  failure?: unknown;
}

async function runCase(c: Case, model: string): Promise<Outcome> {
  const dir = await workspace(model, c);
  try {
    const helper = await c.before?.(dir);
    const before = await snapshot(dir);
    const r = await command(c.args, dir, "piped").output();
    if (helper) {
      try {
        helper.kill();
      } catch { /* already done */ }
      await helper.status;
    }
    const text = new TextDecoder();
    const stdout = text.decode(r.stdout);
    let failure: unknown;
    try {
      await c.after?.(dir, stdout);
    } catch (e) {
      failure = e;
    }
    return {
      code: r.code,
      stdout,
      stderr: text.decode(r.stderr),
      before,
      after: await snapshot(dir),
      failure,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function pool<T>(
  tasks: (() => Promise<T>)[],
  limit: number,
): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

Deno.test({
  name:
    `the adversarial battery: ${CASES.length} cases, each with its exit code, a short message, no temporary file and its inputs unchanged`,
  ignore: !canRun,
  async fn(t) {
    const model = await baseModel();
    const outcomes = await pool(CASES.map((c) => () => runCase(c, model)), 3);
    for (const [i, c] of CASES.entries()) {
      await t.step(c.name, () => {
        const o = outcomes[i]!;
        const why = `${c.args.join(" ")}\n--- stderr:\n${o.stderr}`;
        assert.equal(o.code, c.code, why);
        if (c.stderr) assert.match(o.stderr, c.stderr, why);
        else if (c.code === 0) {
          assert.doesNotMatch(o.stderr, /warning|error/, why);
        }
        const lines = o.stderr.trimEnd().split("\n");
        assert.ok(lines.length <= 2, `more than two lines on stderr: ${why}`);
        if (c.code !== 0) assert.match(lines[0]!, /^error: /, why);
        assert.doesNotMatch(
          o.stderr,
          /^\s+at |file:\/\/|\.ts:\d+/m,
          `a stack trace: ${why}`,
        );
        for (const name of o.after.keys()) {
          assert.doesNotMatch(
            name,
            /\.backprop-.*\.tmp$/,
            `temporary file left: ${why}`,
          );
        }
        const writes = new Set(c.writes ?? []);
        for (const [name, hash] of o.before) {
          if (!writes.has(name)) {
            assert.equal(o.after.get(name), hash, `'${name}' changed: ${why}`);
          }
        }
        const created = [...o.after.keys()].filter((n) => !o.before.has(n));
        assert.deepEqual(
          created.filter((n) => !writes.has(n)),
          [],
          `unexpected files: ${why}`,
        );
        for (const name of writes) {
          assert.ok(o.after.has(name), `'${name}' not written: ${why}`);
        }
        if (o.failure) throw o.failure;
      });
    }
  },
});

/** Waits for a `.backprop-*.tmp` file in `dir`, polling every 2 ms. */
async function tempFileAppears(dir: string, limitMs: number): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    for await (const e of Deno.readDir(dir)) {
      if (/^\.backprop-.*\.tmp$/.test(e.name)) return true;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  return false;
}

Deno.test({
  name:
    "SIGINT and SIGTERM during a save leave no temporary file and no model; SIGINT while training leaves nothing either",
  ignore: !canRun,
  async fn(t) {
    const model = await baseModel();
    // 1000x1000 hidden: a 24 MB model whose save takes long enough to hit
    const big = [
      "train",
      "d.csv",
      "--epochs",
      "1",
      "--hidden",
      "1000,1000",
      "--out",
      "big.json",
    ];
    for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
      await t.step(`${signal} during the save`, async () => {
        const dir = await workspace(model);
        try {
          const child = command(big, dir, "piped").spawn();
          // the first temporary file is the folder's write probe, before training
          const stdout = child.stdout.getReader();
          const first = await stdout.read(); // training has started
          assert.ok(!first.done);
          const seen = await tempFileAppears(dir, 30_000);
          assert.ok(seen, "no temporary file appeared");
          child.kill(signal);
          stdout.releaseLock();
          const { code: got, stderr } = await child.output();
          assert.equal(got, code);
          assert.match(
            new TextDecoder().decode(stderr),
            new RegExp(`^Stopped by ${signal}: no output file was written`),
          );
          assert.deepEqual([...(await snapshot(dir)).keys()].sort(), [
            "base.json",
            "d.csv",
          ]);
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      });
    }
    await t.step(
      "SIGINT while training (the default: the process ends at once)",
      async () => {
        const dir = await workspace(model);
        try {
          const child = command(
            ["train", "d.csv", "--epochs", "100000", "--out", "m.json"],
            dir,
            "piped",
          ).spawn();
          const stdout = child.stdout.getReader();
          await stdout.read();
          child.kill("SIGINT");
          stdout.releaseLock();
          const status = await child.output();
          assert.ok(!status.success);
          assert.deepEqual([...(await snapshot(dir)).keys()].sort(), [
            "base.json",
            "d.csv",
          ]);
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      },
    );
  },
});

Deno.test({
  name:
    "three runs writing one --out at once all succeed and leave one whole model, no temporary file",
  ignore: !canRun,
  async fn() {
    const dir = await workspace(await baseModel());
    try {
      const runs = await Promise.all(
        [1, 2, 3].map((seed) =>
          command(
            [
              "train",
              "d.csv",
              "--epochs",
              "3",
              "--seed",
              `${seed}`,
              "--out",
              "shared.json",
            ],
            dir,
            "null",
          ).output()
        ),
      );
      for (const r of runs) {
        assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
      }
      const saved = JSON.parse(await Deno.readTextFile(`${dir}/shared.json`));
      assert.equal(saved.format, "backprop-model");
      assert.deepEqual([...(await snapshot(dir)).keys()].sort(), [
        "base.json",
        "d.csv",
        "shared.json",
      ]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

function command(args: string[], cwd: string, stdout: "piped" | "null") {
  return cliCommand(args, cwd, { stdout });
}

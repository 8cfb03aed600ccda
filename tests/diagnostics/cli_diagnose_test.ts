/**
 * `train --diagnose` end to end, as a user runs it (subprocess, stdout
 * not a terminal).
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

async function train(
  args: string[],
): Promise<{ code: number; stdout: string; dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "backprop-diagnose-" });
  await Deno.copyFile(new URL("examples/iris.csv", ROOT), `${dir}/iris.csv`);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--frozen",
      "--config",
      new URL("deno.json", ROOT).pathname,
      "-R",
      "-W",
      new URL("cli.ts", ROOT).pathname,
      "train",
      "iris.csv",
      ...args,
    ],
    cwd: dir,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), dir };
}

const DEEP = ["--epochs", "3", "--hidden", "8,8,8", "--activation", "sigmoid"];

Deno.test("train --diagnose prints a per-layer table after every epoch in plain lines, and the findings", async () => {
  const { code, stdout, dir } = await train([
    ...DEEP,
    "--diagnose",
    "--plot",
    "curves.svg",
  ]);
  try {
    assert.equal(code, 0);
    assert.ok(
      !stdout.includes("\u001b"),
      "no control characters off a terminal",
    );
    const lines = stdout.split("\n");
    const headers = lines.flatMap((
      l,
      i,
    ) => (/^ {2}layer +‖∂C\/∂b‖ +‖∂C\/∂W‖ +‖ΔW‖\/‖W‖ +saturated +dead +mean +std$/
        .test(l)
      ? [i]
      : [])
    );
    assert.equal(headers.length, 3, stdout);
    for (const h of headers) {
      assert.match(lines[h - 1]!, /^epoch \d\/3/);
      ["0 4-8 sigmoid", "1 8-8 sigmoid", "2 8-8 sigmoid", "3 8-3 softmax"]
        .forEach((name, k) =>
          assert.match(
            lines[h + 1 + k]!,
            new RegExp(
              `^ {2}${name} +\\d\\.\\d\\de-?\\d +\\d\\.\\d\\de-?\\d +\\d\\.\\d\\de-?\\d +(\\d+\\.\\d%|-) +- +`,
            ),
          )
        );
    }
    assert.match(
      stdout,
      /The doctor's findings:\n {2}- At the start: Vanishing gradient: the first hidden layer \(layer 0, 4-8 sigmoid\) learns [\d.]+× slower/,
    );
    const svg = await Deno.readTextFile(`${dir}/curves.svg`);
    assert.match(svg, /speed of learning/);
    for (const k of [0, 1, 2, 3]) {
      assert.match(svg, new RegExp(`layer ${k} \\(`));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train --diagnose --json puts the per-layer figures in every epoch object and the findings in one event", async () => {
  const { code, stdout, dir } = await train([...DEEP, "--diagnose", "--json"]);
  await Deno.remove(dir, { recursive: true });
  assert.equal(code, 0);
  const events = stdout.trim().split("\n").map((l) => JSON.parse(l));
  const epochs = events.filter((e) => e.event === "epoch");
  assert.equal(epochs.length, 3);
  for (const e of epochs) {
    assert.equal(e.layers.length, 4);
    for (const l of e.layers) {
      for (
        const k of [
          "biasGradientNorm",
          "weightGradientNorm",
          "updateRatio",
          "activationMean",
          "activationStd",
        ]
      ) {
        assert.ok(
          Number.isFinite(l[k]) && (k === "activationMean" || l[k] >= 0),
          `${k} ${l[k]}`,
        );
      }
      assert.ok("saturation" in l && "dead" in l);
    }
  }
  const findings = events.find((e) => e.event === "findings");
  assert.match(findings.findings[0], /^At the start: Vanishing gradient: /);
  assert.equal(events.at(-1).event, "done");
});

Deno.test("train without --diagnose has no table, no findings and no speed panel", async () => {
  const { code, stdout, dir } = await train([...DEEP, "--plot", "curves.svg"]);
  try {
    assert.equal(code, 0);
    assert.doesNotMatch(stdout, /‖∂C\/∂b‖|doctor/);
    assert.doesNotMatch(
      await Deno.readTextFile(`${dir}/curves.svg`),
      /speed of learning/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

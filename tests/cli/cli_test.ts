/**
 * End-to-end: cli.ts runs as a subprocess on fixtures in a temporary
 * folder, as a user would run it.
 */
import assert from "node:assert/strict";
import { type Run, runCli } from "./run_cli.ts";

function cli(
  args: string[],
  cwd: string,
  permissions: string[] = ["-R", "-W"],
): Promise<Run> {
  return runCli(args, cwd, { permissions });
}

const ROOT = new URL("../../", import.meta.url);
const EXAMPLES = new URL("examples/", ROOT);

/** A temporary folder with copies of the example CSVs. */
async function workspace(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "backprop-cli-" });
  for (const name of ["iris.csv", "cars.csv", "xor.csv"]) {
    await Deno.copyFile(new URL(name, EXAMPLES), `${dir}/${name}`);
  }
  return dir;
}

async function files(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

/** Runs the tasks, at most `limit` at a time, keeping their order. */
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

function parseCsv(text: string): string[][] {
  return text.trim().split("\n").map((line) => line.split(","));
}

Deno.test("the CLI can spawn subprocesses (deno test needs --allow-run)", async () => {
  const status = await Deno.permissions.query({ name: "run" });
  assert.equal(
    status.state,
    "granted",
    "the CLI tests run cli.ts as a subprocess: give 'deno test' --allow-run",
  );
});

const canRun =
  (await Deno.permissions.query({ name: "run" })).state === "granted";

Deno.test({
  name:
    "train, predict and evaluate work end to end on iris with the default flags",
  ignore: !canRun,
  async fn() {
    const dir = await workspace();
    try {
      const train = await cli(
        ["train", "iris.csv", "--plot", "curve.svg"],
        dir,
      );
      assert.equal(train.code, 0, train.stderr);
      // Not a terminal: plain lines, one per epoch, no control characters.
      // deno-lint-ignore no-control-regex
      assert.doesNotMatch(train.stdout, /[\x00-\x09\x0b-\x1f\x7f]/);
      const epochs = train.stdout.split("\n").filter((l) =>
        /^epoch +\d+\/100 /.test(l)
      );
      assert.equal(epochs.length, 100);
      assert.match(
        train.stdout,
        /classification, 3 classes \(setosa, versicolor, virginica\)/,
      );
      assert.match(train.stdout, /Saved the model to iris\.model\.json/);
      const accuracy = Number(
        train.stdout.match(/accuracy ([\d.]+)% \((\d+) of 30 rows\)/)![1],
      );
      assert.ok(accuracy >= 95, `test accuracy ${accuracy}% is below 95%`);
      const svg = await Deno.readTextFile(`${dir}/curve.svg`);
      assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.match(svg, /accuracy/);

      // Predict on the features alone (label column absent), with probabilities.
      const rows = parseCsv(await Deno.readTextFile(`${dir}/iris.csv`));
      await Deno.writeTextFile(
        `${dir}/unlabelled.csv`,
        rows.map((r) => r.slice(0, 4).join(",")).join("\n"),
      );
      const predict = await cli(
        [
          "predict",
          "iris.model.json",
          "unlabelled.csv",
          "--proba",
          "--out",
          "pred.csv",
        ],
        dir,
      );
      assert.equal(predict.code, 0, predict.stderr);
      const pred = parseCsv(await Deno.readTextFile(`${dir}/pred.csv`));
      assert.deepEqual(pred[0], [
        "species",
        "p_setosa",
        "p_versicolor",
        "p_virginica",
      ]);
      assert.equal(pred.length, 151);
      for (const p of pred.slice(1)) {
        const probs = p.slice(1).map(Number);
        assert.ok(Math.abs(probs.reduce((s, v) => s + v, 0) - 1) < 1e-4);
        assert.equal(
          p[0],
          [
            "setosa",
            "versicolor",
            "virginica",
          ][probs.indexOf(Math.max(...probs))],
        );
      }
      // evaluate's accuracy agrees with counting predict's labels by hand.
      const agree = pred.slice(1).filter((p, i) =>
        p[0] === rows[i + 1]![4]
      ).length;
      const evaluate = await cli([
        "evaluate",
        "iris.model.json",
        "iris.csv",
        "--json",
      ], dir);
      assert.equal(evaluate.code, 0, evaluate.stderr);
      const report = JSON.parse(evaluate.stdout);
      assert.equal(report.accuracy, agree / 150);
      assert.equal(
        report.confusion.flat().reduce((s: number, v: number) => s + v, 0),
        150,
      );
      const text = await cli(["evaluate", "iris.model.json", "iris.csv"], dir);
      assert.match(text.stdout, /confusion matrix/);
      assert.match(
        text.stdout,
        /versicolor +\d\.\d{3} +\d\.\d{3} +\d\.\d{3} +50/,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "train --json on cars is a regression with one JSON object per line and a model beside the data",
  ignore: !canRun,
  async fn() {
    const dir = await workspace();
    try {
      const run = await cli(
        ["train", "cars.csv", "--epochs", "20", "--json"],
        dir,
      );
      assert.equal(run.code, 0, run.stderr);
      const events = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
      assert.equal(events[0].event, "start");
      assert.equal(events[0].task, "regression");
      assert.equal(events.filter((e) => e.event === "epoch").length, 20);
      const done = events.at(-1);
      assert.equal(done.event, "done");
      assert.ok(done.r2 > 0.5 && done.r2 <= 1, `R² ${done.r2}`);
      assert.equal(done.rmse, Math.sqrt(done.mse));
      assert.ok((await files(dir)).includes("cars.model.json"));
      const predict = await cli(
        ["predict", "cars.model.json", "cars.csv"],
        dir,
      );
      const values = predict.stdout.trim().split("\n");
      assert.equal(values[0], "mpg");
      assert.equal(values.length, 393);
      assert.ok(values.slice(1).every((v) => Number(v) > 0 && Number(v) < 80));
      const help = await cli(["predict", "--help"], dir);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--proba/);
      const version = await cli(["--version"], dir);
      assert.match(version.stdout, /^backprop \d+\.\d+\.\d+/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "every bad input gives a short message, the right exit code and no model file",
  ignore: !canRun,
  async fn(t) {
    const dir = await workspace();
    try {
      await Deno.writeTextFile(`${dir}/empty.csv`, "");
      await Deno.writeTextFile(`${dir}/header.csv`, "a,b,y\n");
      await Deno.writeTextFile(
        `${dir}/short.csv`,
        "a,b,y\n1,2,x\n3,4,y\n5,z\n",
      );
      await Deno.writeTextFile(`${dir}/text.csv`, "a,b,y\n1,2,x\n3,red,y\n");
      await Deno.writeTextFile(`${dir}/nan.csv`, "a,b,y\n1,NaN,x\n3,4,y\n");
      await Deno.writeTextFile(`${dir}/one.csv`, "a,b,y\n1,2,x\n3,4,x\n");
      await Deno.writeTextFile(`${dir}/corrupt.json`, "{ not json");
      const model = await cli([
        "train",
        "iris.csv",
        "--epochs",
        "1",
        "--out",
        "m.json",
      ], dir);
      assert.equal(model.code, 0, model.stderr);
      const json = JSON.parse(await Deno.readTextFile(`${dir}/m.json`));
      await Deno.writeTextFile(
        `${dir}/old.json`,
        JSON.stringify({ ...json, version: 999 }),
      );
      await Deno.remove(`${dir}/m.json`);
      await Deno.writeTextFile(`${dir}/iris-model.json`, JSON.stringify(json));
      await Deno.mkdir(`${dir}/folder.csv`);
      const before = await files(dir);

      const cases: [string, string[], number, RegExp][] = [
        [
          "a missing file",
          ["train", "nope.csv"],
          1,
          /Cannot read 'nope.csv': no such file/,
        ],
        [
          "a directory",
          ["train", "folder.csv"],
          1,
          /'folder.csv': it is a directory/,
        ],
        [
          "an empty file",
          ["train", "empty.csv"],
          1,
          /'empty.csv': the file is empty/,
        ],
        [
          "a header only",
          ["train", "header.csv"],
          1,
          /'header.csv': it has a header but no data rows/,
        ],
        [
          "a short row",
          ["train", "short.csv"],
          1,
          /'short.csv' on line 4: expected 3 fields .* but got 2/,
        ],
        [
          "a text feature",
          ["train", "text.csv"],
          1,
          /'text.csv' on line 3, column 'b': the value is 'red'/,
        ],
        [
          "NaN",
          ["train", "nan.csv"],
          1,
          /'nan.csv' on line 2, column 'b': the value is 'NaN'/,
        ],
        [
          "a missing label",
          ["train", "iris.csv", "--label", "kind"],
          1,
          /label 'kind'.*its columns are 'sepal_length', .*'species'/,
        ],
        [
          "one class",
          ["train", "one.csv"],
          1,
          /label column 'y' has one class \('x'\)/,
        ],
        [
          "an unknown flag",
          ["train", "iris.csv", "--epoch", "3"],
          2,
          /Unknown flag '--epoch': did you mean '--epochs'\?/,
        ],
        [
          "zero epochs",
          ["train", "iris.csv", "--epochs", "0"],
          2,
          /'--epochs' must be a positive integer, got '0'/,
        ],
        [
          "a negative learning rate",
          ["train", "iris.csv", "--lr", "-0.1"],
          2,
          /'--lr' must be a positive number, got '-0.1'/,
        ],
        [
          "a zero learning rate",
          ["train", "iris.csv", "--lr", "0"],
          2,
          /'--lr' must be a positive number/,
        ],
        [
          "a zero batch",
          ["train", "iris.csv", "--batch", "0"],
          2,
          /'--batch' must be a positive integer/,
        ],
        [
          "a split of 1",
          ["train", "iris.csv", "--test-split", "1"],
          2,
          /'--test-split' must be a fraction between 0 and 1/,
        ],
        [
          "a split of 0",
          ["train", "iris.csv", "--test-split", "0"],
          2,
          /'--test-split' must be a fraction/,
        ],
        [
          "an unknown activation",
          ["train", "iris.csv", "--activation", "sigmod"],
          2,
          /Unknown activation 'sigmod': use one of 'sigmoid', 'tanh'/,
        ],
        [
          "an unknown cost",
          ["train", "iris.csv", "--cost", "mse"],
          2,
          /Unknown cost 'mse': use one of 'quadratic'/,
        ],
        [
          "an unknown optimizer",
          ["train", "iris.csv", "--optimizer", "adagrad"],
          2,
          /Unknown optimizer 'adagrad': use one of 'sgd'/,
        ],
        [
          "an unknown command",
          ["trian", "iris.csv"],
          2,
          /Unknown command 'trian': did you mean 'train'\?/,
        ],
        ["no data file", ["train"], 2, /Missing the data file/],
        [
          "a diverging run",
          ["train", "cars.csv", "--lr", "1000", "--out", "diverged.json"],
          1,
          /diverged in epoch \d+.*smaller learning rate/,
        ],
        [
          "a corrupt model",
          ["predict", "corrupt.json", "iris.csv"],
          1,
          /'corrupt.json': the file is not valid JSON/,
        ],
        [
          "a wrong-version model",
          ["evaluate", "old.json", "iris.csv"],
          1,
          /field 'version' is '999'/,
        ],
        [
          "a missing model",
          ["predict", "none.json", "iris.csv"],
          1,
          /Cannot read model 'none.json': no such file/,
        ],
        [
          "mismatched columns",
          ["predict", "iris-model.json", "cars.csv"],
          1,
          /'cars.csv': it lacks the feature column\(s\) 'sepal_length', .*; the model was trained on them/,
        ],
        [
          "evaluate without the label",
          ["evaluate", "iris-model.json", "xor.csv"],
          1,
          /no such column|lacks the feature/,
        ],
      ];
      const runs = await pool(cases.map(([, args]) => () => cli(args, dir)), 4);
      for (const [i, [name, , code, pattern]] of cases.entries()) {
        await t.step(name, () => {
          const run = runs[i]!;
          assert.equal(run.code, code, run.stderr);
          assert.match(run.stderr, pattern);
          const lines = run.stderr.trim().split("\n");
          assert.ok(lines.length <= 2, `more than two lines:\n${run.stderr}`);
          assert.doesNotMatch(run.stderr, /\s+at .*:\d+:\d+/);
        });
      }
      // No model, no temporary file was left behind by any of them.
      assert.deepEqual(await files(dir), before);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "train without -R or -W stops before any work with exit 2, one clear line and no file written",
  ignore: !canRun,
  async fn() {
    const dir = await workspace();
    try {
      const run = (perms: string[]) => cli(["train", "iris.csv"], dir, perms);
      const noRead = await run([]);
      assert.equal(noRead.code, 2);
      assert.match(
        noRead.stderr,
        /^error: Cannot read 'iris\.csv': Deno was not given read access; run with -R/,
      );
      const noWrite = await run([`--allow-read=${dir},${ROOT.pathname}`]);
      assert.equal(noWrite.code, 2);
      assert.match(
        noWrite.stderr,
        /^error: Cannot write 'iris\.model\.json': Deno was not given write access; run with -W/,
      );
      assert.equal(noWrite.stdout, "", "no training output before the error");
      for (const r of [noRead, noWrite]) {
        assert.doesNotMatch(r.stderr, /\n\s+at /);
      }
      assert.deepEqual(await files(dir), ["cars.csv", "iris.csv", "xor.csv"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

import assert from "node:assert/strict";
import { editDistance, nearest } from "../../cli/suggest.ts";
import { parseArgs } from "../../cli/args.ts";

Deno.test("nearest() suggests flags within a few edits, and nothing far off", () => {
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("lr", "l2"), 1);
  assert.equal(
    nearest("test-spilt", ["test", "test-split", "seed"]),
    "test-split",
  );
  assert.equal(nearest("optimiser", ["optimizer", "output"]), "optimizer");
  assert.equal(nearest("verbose", ["epochs", "batch", "json"]), undefined);
});

Deno.test("parseArgs() reads values, booleans, '--' and negative numbers, and rejects mistakes", () => {
  const specs = {
    lr: { type: "string", help: "" },
    json: { type: "boolean", help: "" },
  } as const;
  assert.deepEqual(
    parseArgs(["--lr", "-1", "a", "--json", "--", "--b"], specs),
    {
      flags: { lr: "-1", json: true },
      positionals: ["a", "--b"],
    },
  );
  assert.throws(() => parseArgs(["--lr"], specs), /Flag '--lr' needs a value/);
  assert.throws(() => parseArgs(["--json=1"], specs), /takes no value/);
  assert.throws(
    () => parseArgs(["--jsn"], specs),
    /Unknown flag '--jsn': did you mean '--json'\?/,
  );
});

Deno.test("parseArgs() refuses a flag as another flag's value and a flag given twice", () => {
  const specs = {
    out: { type: "string", help: "", value: "FILE" },
    lr: { type: "string", help: "" },
    json: { type: "boolean", help: "" },
  } as const;
  assert.throws(
    () => parseArgs(["--out", "--json"], specs),
    /Flag '--out' needs a value \(FILE\) but got the flag '--json'; if you mean the value, write --out=--json/,
  );
  assert.throws(() => parseArgs(["--out", "-h"], specs), /got the flag '-h'/);
  // = says it is meant; negative numbers and '-' are values
  assert.deepEqual(parseArgs(["--out=--json"], specs).flags, {
    out: "--json",
  });
  for (const v of ["-", "-0.5", "-.5", "-1e3"]) {
    assert.deepEqual(parseArgs(["--lr", v], specs).flags, { lr: v });
  }
  assert.throws(
    () => parseArgs(["--lr", "1", "--lr=2"], specs),
    /Flag '--lr' is given twice \('1' and '2'\); give it once/,
  );
});

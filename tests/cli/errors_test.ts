import assert from "node:assert/strict";
import { reportError, UsageError } from "../../cli/errors.ts";

/** reportError's exit code and what it printed. */
function report(error: unknown): { code: number; lines: string[] } {
  const lines: string[] = [], original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    return { code: reportError(error), lines };
  } finally {
    console.error = original;
  }
}

Deno.test("reportError() turns V8's allocation failures into one plain out-of-memory message", () => {
  for (
    const e of [
      new RangeError("Array buffer allocation failed"),
      new RangeError("Invalid typed array length: 4000000000000"),
      new RangeError("Invalid array length"),
    ]
  ) {
    const { code, lines } = report(e);
    assert.equal(code, 1);
    assert.equal(lines.length, 2);
    assert.match(
      lines[0]!,
      /^error: Out of memory: the data or the network is too large/,
    );
    assert.doesNotMatch(lines.join("\n"), /typed array|Array buffer/);
  }
});

Deno.test("reportError() exits 141 without a word when the reader of stdout went away", () => {
  assert.deepEqual(
    report(new Deno.errors.BrokenPipe("Broken pipe (os error 32)")),
    {
      code: 141,
      lines: [],
    },
  );
});

Deno.test("reportError() keeps exit 2 for usage and 1 for data, two lines at most", () => {
  const usage = report(new UsageError("Flag '--x' is wrong"));
  assert.equal(usage.code, 2);
  assert.deepEqual(usage.lines, [
    "error: Flag '--x' is wrong",
    "Run with --help for usage.",
  ]);
  const data = report(
    new Deno.errors.NotADirectory("Not a directory (os error 20)"),
  );
  assert.equal(data.code, 1);
  assert.equal(data.lines.length, 1);
});

import assert from "node:assert/strict";
import { runGradcheck } from "../../gradcheck/harness/main.ts";
import { activations, costs } from "../../mod.ts";
import { combinations } from "../../gradcheck/harness/mod.ts";

async function capture(
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const log = console.log, error = console.error;
  let out = "", err = "";
  console.log = (...a: unknown[]) => (out += a.join(" ") + "\n");
  console.error = (...a: unknown[]) => (err += a.join(" ") + "\n");
  try {
    return { code: await runGradcheck(args), out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}

Deno.test("combinations() lists every activation-cost pair as checked or skipped with a reason", () => {
  const { run, skipped } = combinations();
  for (const a of Object.keys(activations)) {
    for (const c of Object.keys(costs)) {
      const ran = run.some((r) => r.activation === a && r.cost === c);
      const skip = skipped.find((s) => s.activation === a && s.cost === c);
      assert.ok(ran !== (skip !== undefined), `${a}/${c}`);
      if (skip) assert.ok(skip.reason.length > 20);
    }
  }
  const depths = new Set(run.map((r) => r.stack.hidden.length + 1));
  assert.deepEqual([...depths].sort(), [1, 2, 3]);
  assert.ok(run.some((r) => r.stack.dropout > 0 && r.batch > 1));
  assert.ok(run.some((r) => r.batch === 1));
});

Deno.test("runGradcheck() prints one table and a summary, and returns 0 when all pass", async () => {
  const { code, out } = await capture([
    "--fast",
    "--no-chapter",
    "--seed",
    "3",
  ]);
  assert.equal(code, 0);
  assert.match(
    out,
    /combination +params +max rel error +verdict +kinks +backprop/,
  );
  assert.match(
    out,
    /sigmoid\/crossEntropy, depth 2 \+ dropout, m=4 \(fused\+generic\)/,
  );
  assert.match(out, /identity\/crossEntropy: cross-entropy takes ln a/);
  assert.match(out, /checks passed, 0 failed, 14 combinations skipped/);
});

Deno.test("runGradcheck() --json prints parseable results", async () => {
  const { code, out } = await capture(["--fast", "--no-chapter", "--json"]);
  assert.equal(code, 0);
  const json = JSON.parse(out);
  assert.equal(json.ok, true);
  assert.equal(json.skipped.length, 14);
  assert.ok(json.checks.length > 80);
});

Deno.test("runGradcheck() rejects bad flags with exit code 2 and a message", async () => {
  let r = await capture(["--method", "backward"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /Unknown method 'backward'/);
  r = await capture(["--epsilon=-1"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /Cannot use --epsilon '-1': expected a positive number/);
  r = await capture(["--bogus"]);
  assert.equal(r.code, 2);
  assert.equal((await capture(["--help"])).code, 0);
});

Deno.test("runSuite() reports a broken plug-in as failed, with its suspect and equation, reaches every kernel path and catches its canaries", async () => {
  const { runSuite } = await import("../../gradcheck/harness/suite.ts");
  const { formatSuite } = await import("../../gradcheck/harness/report.ts");
  const { Dense, Network, quadratic, sigmoid, tanh } = await import(
    "../../mod.ts"
  );
  const sloppy = {
    ...tanh,
    derivative: (z: number, a: number) => 1.01 * tanh.derivative(z, a),
  };
  const network = new Network([
    new Dense(2, 3, sloppy, { seed: 1 }),
    new Dense(3, 1, sigmoid, { seed: 2 }),
  ], quadratic);
  const r = await runSuite({
    method: "forward",
    seed: 0,
    fast: false,
    chapter: false,
    workers: 1,
    extra: [{
      name: "my sloppy tanh",
      network,
      x: [[1, -1], [0.5, 2]],
      y: [[1], [0]],
    }],
  });
  assert.equal(r.ok, false);
  const row = r.rows.find((x) => x.name === "my sloppy tanh")!;
  assert.equal(row.ok, false);
  assert.equal(row.equations!.violated!.equation, "BP2");
  const text = formatSuite(r, "forward", false);
  assert.match(text, /FAIL my sloppy tanh: suspect layer 0 Param '(W|b)'/);
  assert.match(text, /first equation violated: BP2 at layer 0/);
  assert.match(text, /Some gradients are wrong/);
  // the suite without the chapter reaches every kernel path, in every
  // batch regime of the dense kernels, and catches its canaries
  const { KERNEL_PATHS } = await import("../../tensor/kernels/paths.ts");
  const reached = new Set(r.rows.flatMap((x) => x.kernels));
  for (const path of KERNEL_PATHS) {
    assert.ok([...reached].some((k) => k.startsWith(`${path} `)), path);
  }
  for (const path of ["simd.nt", "simd.tn", "simd.nn"]) {
    for (const regime of ["m=1", "m even", "m odd"]) {
      assert.ok(reached.has(`${path} ${regime}`), `${path} ${regime}`);
    }
  }
  for (const path of ["gemmNT", "gemmTN", "gemmNN"]) {
    for (const regime of ["m odd", "m>256"]) {
      assert.ok(reached.has(`${path} ${regime}`), `${path} ${regime}`);
    }
  }
  assert.ok(reached.has("gemmNTSparse m>256") && reached.has("wasm.tn m=1"));
  assert.match(text, /Every kernel path was reached/);
  assert.deepEqual(r.canaries.map((c) => c.caught), [true, true, true]);
  assert.match(text, /3 of 3 caught/);
  for (const name of ["elu(α=0.5)", "leakyRelu(α=0.2)"]) {
    assert.ok(r.rows.some((x) => x.name.startsWith(name) && x.ok), name);
  }
});

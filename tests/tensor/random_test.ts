import assert from "node:assert/strict";
import { Dense, Random } from "../../mod.ts";

Deno.test("Random gives the same sequence for the same seed and another for another seed", () => {
  const a = new Random(42), b = new Random(42), c = new Random(43);
  const seqA = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(seqA, Array.from({ length: 5 }, () => b.uniform()));
  assert.notDeepEqual(seqA, Array.from({ length: 5 }, () => c.uniform()));
});

Deno.test("Random's normal deviates have mean 0 and variance 1 within sampling error", () => {
  const r = new Random(1), n = 200_000;
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = r.normal();
    s += v;
    s2 += v * v;
  }
  // Standard errors: 1/√n ≈ 0.0022 for the mean, √(2/n) ≈ 0.0032 for the variance.
  assert.ok(Math.abs(s / n) < 0.01, `mean ${s / n}`);
  assert.ok(Math.abs(s2 / n - 1) < 0.015, `variance ${s2 / n}`);
});

Deno.test("Random.int() is uniform over its range (chi-square, 9 degrees of freedom)", () => {
  const r = new Random(7), counts = new Array(10).fill(0), n = 100_000;
  for (let i = 0; i < n; i++) counts[r.int(10)]++;
  const chi2 = counts.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
  assert.ok(chi2 < 27.9, `chi-square ${chi2} (p = 0.001 critical value 27.88)`);
});

Deno.test("initialisers have the documented spread", () => {
  const sd = (init: "default" | "large" | "he" | "glorot") => {
    const w = new Dense(400, 300, "relu", { init, seed: 1 }).weights.data;
    return Math.sqrt(Array.from(w).reduce((s, v) => s + v * v, 0) / w.length);
  };
  const near = (got: number, want: number) =>
    assert.ok(Math.abs(got / want - 1) < 0.02, `${got} vs ${want}`);
  near(sd("large"), 1);
  near(sd("default"), 1 / Math.sqrt(400));
  near(sd("he"), Math.sqrt(2 / 400));
  near(sd("glorot"), Math.sqrt(6 / 700) / Math.sqrt(3)); // U(±L) has sd L/√3
});

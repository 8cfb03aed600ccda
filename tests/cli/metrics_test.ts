import assert from "node:assert/strict";
import { classificationReport, regressionReport } from "../../cli/metrics.ts";
import { Matrix } from "../../tensor/matrix.ts";

Deno.test("classificationReport() counts a hand-worked confusion matrix", () => {
  // True: a a a b b c; predicted: a a b b c c.
  const truth = [0, 0, 0, 1, 1, 2], guess = [0, 0, 1, 1, 2, 2];
  const out = Matrix.from(
    guess.map((g) => [0, 1, 2].map((k) => (k === g ? 0.8 : 0.1))),
  );
  const y = Matrix.from(
    truth.map((t) => [0, 1, 2].map((k) => (k === t ? 1 : 0))),
  );
  const r = classificationReport(out, y, ["a", "b", "c"]);
  assert.equal(r.accuracy, 4 / 6);
  assert.deepEqual(r.confusion, [[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
  // a: precision 2/2, recall 2/3; b: 1/2, 1/2; c: 1/2, 1/1.
  assert.deepEqual(r.perClass.map((c) => [c.precision, c.recall, c.support]), [
    [1, 2 / 3, 3],
    [0.5, 0.5, 2],
    [0.5, 1, 1],
  ]);
  assert.ok(Math.abs(r.perClass[0]!.f1 - 0.8) < 1e-12);
  assert.ok(Math.abs(r.perClass[2]!.f1 - 2 / 3) < 1e-12);
});

Deno.test("regressionReport() gives MSE, RMSE, MAE and R² of a hand-worked case", () => {
  // Errors 1, -2, 0, 1; truth 2, 4, 6, 8 (mean 5, SS_tot 20).
  const r = regressionReport([3, 2, 6, 9], [2, 4, 6, 8]);
  assert.equal(r.mse, 6 / 4);
  assert.equal(r.rmse, Math.sqrt(1.5));
  assert.equal(r.mae, 1);
  assert.equal(r.r2, 1 - 6 / 20);
});

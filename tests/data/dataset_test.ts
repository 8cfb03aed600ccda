import assert from "node:assert/strict";
import {
  type Dataset,
  fitScaling,
  oneHot,
  splitDataset,
  standardize,
} from "../../data/dataset.ts";
import { Matrix } from "../../tensor/matrix.ts";

/** 10 rows of class 0 and 5 of class 1; x holds the row number. */
function labelled(): Dataset {
  const classes = Array.from({ length: 15 }, (_, i) => (i < 10 ? 0 : 1));
  return {
    x: Matrix.from(classes.map((_, i) => [i])),
    y: oneHot(classes, 2),
    featureNames: ["i"],
    labelName: "c",
    classNames: ["a", "b"],
    task: "classification",
  };
}

Deno.test("splitDataset() holds out round(fraction * n) rows of each class, every row once", () => {
  const [train, test] = splitDataset(labelled(), 0.2, 7);
  const testRows = [...test.x.data], trainRows = [...train.x.data];
  assert.equal(testRows.filter((i) => i < 10).length, 2);
  assert.equal(testRows.filter((i) => i >= 10).length, 1);
  assert.deepEqual(
    [...testRows, ...trainRows].sort((a, b) => a - b),
    Array.from({ length: 15 }, (_, i) => i),
  );
  // Targets travel with their rows.
  for (const set of [train, test]) {
    for (let r = 0; r < set.x.rows; r++) {
      assert.equal(set.y.get(r, 1), set.x.get(r, 0) >= 10 ? 1 : 0);
    }
  }
});

Deno.test("splitDataset() is the same for the same seed and differs for another", () => {
  const a = splitDataset(labelled(), 0.4, 3)[1].x.data;
  const b = splitDataset(labelled(), 0.4, 3)[1].x.data;
  const c = splitDataset(labelled(), 0.4, 4)[1].x.data;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

Deno.test("splitDataset() rejects fractions outside (0, 1) and empty parts", () => {
  assert.throws(() => splitDataset(labelled(), 0, 1), /between 0 and 1/);
  assert.throws(() => splitDataset(labelled(), 1, 1), /between 0 and 1/);
  assert.throws(
    () => splitDataset(labelled(), 0.01, 1),
    /one part would be empty/,
  );
});

Deno.test("fitScaling() gives the population mean and std, and std 1 for a constant column", () => {
  // Column 0: 2, 4, 4, 4, 5, 5, 7, 9 has mean 5 and population std 2.
  const m = Matrix.from([2, 4, 4, 4, 5, 5, 7, 9].map((v) => [v, 3]));
  assert.deepEqual(fitScaling(m), { mean: [5, 3], std: [2, 1] });
});

Deno.test("standardize() maps each column to (v - mean) / std in place", () => {
  const m = Matrix.from([[2, 3], [9, 3]]);
  const out = standardize(m, { mean: [5, 3], std: [2, 1] });
  assert.equal(out, m);
  assert.deepEqual(m.toArray(), [[-1.5, 0], [2, 0]]);
  assert.throws(
    () => standardize(m, { mean: [0], std: [1] }),
    /has 2 columns but the scaling has 1/,
  );
});

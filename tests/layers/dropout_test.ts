import assert from "node:assert/strict";
import { Dropout, Matrix } from "../../mod.ts";

const ones = (rows: number, cols: number) =>
  new Matrix(rows, cols, new Float64Array(rows * cols).fill(1));

Deno.test("Dropout drops about `rate` of the inputs and scales survivors by 1/(1 − rate)", () => {
  const layer = new Dropout(1000, 0.3, { seed: 1 });
  const out = layer.forward(ones(100, 1000), true).data;
  const dropped = out.filter((v) => v === 0).length / out.length;
  // 100,000 Bernoulli(0.3) draws: standard error 0.0014.
  assert.ok(Math.abs(dropped - 0.3) < 0.01, `dropped ${dropped}`);
  assert.ok(out.every((v) => v === 0 || v === 1 / 0.7));
  // Inverted dropout keeps the expected activation: the mean stays near 1.
  const mean = out.reduce((s, v) => s + v, 0) / out.length;
  assert.ok(Math.abs(mean - 1) < 0.015, `mean ${mean}`);
});

Deno.test("Dropout is the identity at inference and passes gradients through the same mask", () => {
  const layer = new Dropout(4, 0.5, { seed: 3 });
  const x = Matrix.from([[1, 2, 3, 4]]);
  assert.equal(layer.forward(x, false), x);
  const y = layer.forward(x, true);
  const g = layer.backward(Matrix.from([[10, 10, 10, 10]]));
  for (let i = 0; i < 4; i++) {
    // ∂y_i/∂x_i is the mask entry, y_i / x_i.
    assert.equal(g.data[i], 10 * (y.data[i]! / x.data[i]!));
  }
});

Deno.test("Dropout masks are reproducible from the seed and differ between batches", () => {
  const a = new Dropout(50, 0.5, { seed: 9 }),
    b = new Dropout(50, 0.5, { seed: 9 });
  const first = a.forward(ones(2, 50), true).data.slice();
  assert.deepEqual(b.forward(ones(2, 50), true).data, first);
  assert.notDeepEqual(a.forward(ones(2, 50), true).data, first);
});

Deno.test("a frozen Dropout repeats one mask and leaves its own sequence untouched", () => {
  const a = new Dropout(50, 0.5, { seed: 4 }),
    b = new Dropout(50, 0.5, { seed: 4 });
  a.freeze(true);
  const frozen = a.forward(ones(1, 50), true).data.slice();
  assert.deepEqual(a.forward(ones(1, 50), true).data, frozen);
  a.freeze(false);
  assert.deepEqual(
    a.forward(ones(1, 50), true).data,
    b.forward(ones(1, 50), true).data,
  );
});

Deno.test("Dropout rejects a rate outside [0, 1)", () => {
  assert.throws(() => new Dropout(3, 1), /rate must be in \[0, 1\), got '1'/);
  assert.throws(
    () => new Dropout(0, 0.5),
    /size must be a positive integer, got '0'/,
  );
});

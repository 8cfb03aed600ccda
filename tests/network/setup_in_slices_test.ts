import assert from "node:assert/strict";
import { Matrix, Random } from "../../mod.ts";
import { SparseRows } from "../../tensor/kernels/mod.ts";
import {
  compressInSlices,
  finiteInSlices,
} from "../../network/setup_in_slices.ts";

function drain<T>(g: Generator<undefined, T, unknown>): [T, number] {
  let pauses = 0;
  for (;;) {
    const r = g.next();
    if (r.done) return [r.value, pauses];
    pauses++;
  }
}

Deno.test("compressInSlices() gives what SparseRows.compress gives, pausing between slices", () => {
  const random = new Random(4);
  for (
    const [rows, cols, zeros] of [[3, 5, 0.8], [1000, 300, 0.8], [
      50,
      100,
      0.3,
    ]] as const
  ) {
    const data = Float64Array.from(
      { length: rows * cols },
      () => random.uniform() < zeros ? 0 : random.uniform(),
    );
    const whole = new SparseRows(), sliced = new SparseRows();
    const ok = whole.compress(data, rows, cols, 0.5);
    const [okSliced, pauses] = drain(
      compressInSlices(sliced, data, rows, cols, 0.5),
    );
    assert.equal(okSliced, ok, `${rows}x${cols}`);
    if (rows * cols > 1 << 16) assert.ok(pauses > 4, `${pauses} pauses`);
    if (!ok) continue;
    const count = whole.start[rows]!;
    assert.deepEqual(
      sliced.start.subarray(0, rows + 1),
      whole.start.subarray(0, rows + 1),
    );
    assert.deepEqual(
      sliced.index.subarray(0, count),
      whole.index.subarray(0, count),
    );
    assert.deepEqual(
      sliced.value.subarray(0, count),
      whole.value.subarray(0, count),
    );
  }
});

Deno.test("finiteInSlices() names the row and column of a value past the first slice", () => {
  const m = new Matrix(1000, 100);
  m.data[700 * 100 + 42] = NaN; // entry 70042, in the second slice of 65536
  assert.throws(() => drain(finiteInSlices(m, "X")), {
    name: "RangeError",
    message:
      "Cannot use X: row 700, column 42 is 'NaN'; every value must be a finite number",
  });
});

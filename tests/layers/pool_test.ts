import assert from "node:assert/strict";
import { AvgPool2D, Matrix, MaxPool2D } from "../../mod.ts";
import { assertClose } from "../numeric.ts";
import { numericGradient, randomMatrix } from "./conv_oracle.ts";

/** Naive pooling over windows at y·s, x·s of every channel. */
function naivePool(
  x: Matrix,
  [c, h, w]: [number, number, number],
  k: number,
  s: number,
  reduce: (values: number[]) => number,
): number[] {
  const out: number[] = [];
  const oh = Math.floor((h - k) / s) + 1, ow = Math.floor((w - k) / s) + 1;
  for (let i = 0; i < x.rows; i++) {
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < oh; y++) {
        for (let q = 0; q < ow; q++) {
          const values: number[] = [];
          for (let u = 0; u < k; u++) {
            for (let v = 0; v < k; v++) {
              values.push(x.get(i, (ch * h + y * s + u) * w + q * s + v));
            }
          }
          out.push(reduce(values));
        }
      }
    }
  }
  return out;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const SHAPE: [number, number, number] = [2, 6, 7];
const CASES = [
  { name: "2x2, stride 2", size: 2, stride: 2 },
  { name: "3x3, stride 2 (overlapping)", size: 3, stride: 2 },
  { name: "2x2, stride 1 (overlapping)", size: 2, stride: 1 },
];

for (
  const [name, Pool, reduce] of [
    ["MaxPool2D", MaxPool2D, (v: number[]) => Math.max(...v)],
    ["AvgPool2D", AvgPool2D, mean],
  ] as const
) {
  Deno.test(`${name} gives the naive pooling and the finite differences of a weighted sum`, async (t) => {
    for (const c of CASES) {
      await t.step(c.name, () => {
        const pool = new Pool(SHAPE, c.size, { stride: c.stride });
        // distinct values (no ties), so max is differentiable everywhere
        const x = randomMatrix(2, 2 * 6 * 7, 5);
        const out = pool.forward(x, true);
        const expected = naivePool(x, SHAPE, c.size, c.stride, reduce);
        assert.equal(out.cols * out.rows, expected.length);
        expected.forEach((e, i) =>
          assertClose(out.data[i]!, e, { atol: 1e-15 }, `out[${i}]`)
        );
        const r = randomMatrix(2, pool.outputSize, 6);
        const L = (): number => {
          const a = pool.forward(x, true);
          return a.data.reduce((s, v, i) => s + v * r.data[i]!, 0);
        };
        L();
        const dx = pool.backward(r).data.slice();
        // L is piecewise linear in x: a larger step costs no truncation error
        // and keeps the rounding error of the differences far below 1e-8
        const numeric = numericGradient(x.data, L, 1e-5);
        dx.forEach((g, i) =>
          assertClose(g, numeric[i]!, { atol: 1e-8 }, `∂L/∂x[${i}]`)
        );
      });
    }
  });
}

Deno.test("MaxPool2D routes δ to the first of tied values and reports the winners as its kink state", () => {
  const pool = new MaxPool2D([1, 2, 2], 2);
  pool.forward(Matrix.from([[3, 1, 3, 0]]), true);
  assert.deepEqual([...pool.backward(Matrix.from([[5]])).data], [5, 0, 0, 0]);
  assert.deepEqual([...pool.kinkState()], [0]);
  pool.forward(Matrix.from([[3, 1, 3.000001, 0]]), true);
  assert.deepEqual([...pool.kinkState()], [2]);
});

Deno.test("pooling layers reject a window that does not fit", () => {
  assert.throws(
    () => new MaxPool2D([1, 3, 3], 4),
    /4x4 window does not fit the input 1x3x3/,
  );
  assert.throws(
    () => new AvgPool2D([1, 3, 3], 2, { stride: 0 }),
    /stride must be a positive integer, got '0'/,
  );
});

import assert from "node:assert/strict";
import { Matrix, MaxPool2D } from "../../mod.ts";
import { batchArrays } from "../../tensor/kernels/arena_views.ts";
import { Arena } from "../../tensor/kernels/arena.ts";
import { Random } from "../../tensor/random.ts";

/** A batch in WebAssembly memory, as a Conv2D hands it over. */
function inArena(m: number, n: number): Matrix {
  const arena = Arena.find(m * n * 8);
  assert.ok(arena, "no WebAssembly SIMD here");
  return new Matrix(m, n, batchArrays(arena, ["x"], m * n).x!);
}

/** The windows' maxima and winners, written out from the definition. */
function reference(
  x: Float64Array,
  m: number,
  [C, H, W]: readonly [number, number, number],
  s: number,
): { out: number[]; arg: number[] } {
  const OH = Math.floor((H - 2) / s) + 1, OW = Math.floor((W - 2) / s) + 1;
  const out: number[] = [], arg: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < C; c++) {
      for (let y = 0; y < OH; y++) {
        for (let q = 0; q < OW; q++) {
          let best = -1, max = NaN;
          for (const [u, v] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
            const e = c * H * W + (y * s + u) * W + q * s + v;
            const val = x[i * C * H * W + e]!;
            // the first value, then only a strictly greater one
            if (best < 0 || val > max) {
              max = val;
              best = e;
            }
          }
          out.push(max);
          arg.push(best);
        }
      }
    }
  }
  return { out, arg };
}

Deno.test("2x2 max-pooling in WebAssembly gives the definition's maxima and winners, ties and NaN included, as the TypeScript loop does", () => {
  const random = new Random(4);
  for (
    const [shape, s] of [[[3, 6, 8], 2], [[2, 7, 5], 1], [
      [1, 9, 9],
      2,
    ]] as const
  ) {
    const pool = new MaxPool2D([...shape], 2, { stride: s });
    const plainPool = new MaxPool2D([...shape], 2, { stride: s });
    const m = 3, n = pool.inputSize;
    const x = inArena(m, n);
    // few distinct values: many ties; some NaN, −0 and +0
    const values = [0, 0.5, 1, -0, NaN, -2];
    for (let i = 0; i < m * n; i++) {
      x.data[i] = values[Math.floor(random.uniform() * values.length)]!;
    }
    const plain = new Matrix(m, n, x.data.slice());
    const out = pool.forward(x, false);
    assert.ok(
      Arena.owning(out.data),
      "the outputs follow the input into the arena",
    );
    const want = reference(plain.data, m, shape, s);
    assert.deepEqual(Array.from(out.data), want.out);
    assert.deepEqual(Array.from(pool.kinkState()), want.arg);
    const outPlain = plainPool.forward(plain, false);
    assert.equal(Arena.owning(outPlain.data), undefined);
    assert.deepEqual(outPlain.data, out.data);
    assert.deepEqual(plainPool.kinkState(), pool.kinkState());
  }
});

Deno.test("max-pooling's backward pass in WebAssembly routes each gradient to its window's winner and sums overlaps, as the TypeScript loop does", () => {
  const random = new Random(11);
  for (const s of [1, 2]) {
    const shape = [2, 7, 6] as const;
    const pool = new MaxPool2D([...shape], 2, { stride: s });
    const plainPool = new MaxPool2D([...shape], 2, { stride: s });
    const m = 3, n = pool.inputSize, k = pool.outputSize;
    const x = inArena(m, n);
    for (let i = 0; i < m * n; i++) {
      x.data[i] = Math.round(4 * random.uniform());
    }
    pool.forward(x, true);
    plainPool.forward(new Matrix(m, n, x.data.slice()), true);
    const g = inArena(m, k);
    for (let i = 0; i < m * k; i++) g.data[i] = random.uniform() - 0.5;
    g.data[0] = -0; // −0 routed to a zeroed cell: +0, as 0 + −0 is
    const d = pool.backward(g);
    assert.ok(Arena.owning(d.data), "the input gradient is in the arena");
    // independently: every output's gradient added at its winner
    const arg = pool.kinkState(), want = new Float64Array(m * n);
    for (let o = 0; o < m * k; o++) {
      want[Math.floor(o / k) * n + arg[o]!]! += g.data[o]!;
    }
    assert.deepEqual(d.data, want);
    const dPlain = plainPool.backward(new Matrix(m, k, g.data.slice()));
    assert.equal(Arena.owning(dPlain.data), undefined);
    assert.deepEqual(dPlain.data, d.data);
    // a second batch overwrites, not adds to, the first one's gradient
    assert.deepEqual(pool.backward(g).data, want);
  }
});

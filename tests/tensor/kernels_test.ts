import assert from "node:assert/strict";
import {
  gemmNN,
  gemmNT,
  gemmNTSparse,
  gemmTN,
  gemmTNSparse,
  SparseRows,
} from "../../tensor/kernels/mod.ts";
import { Random } from "../../tensor/random.ts";

/** Naive triple loops: the independent reference, summed from 0 in p order. */
function naive(
  get: (i: number, j: number, p: number) => number,
  m: number,
  n: number,
  k: number,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += get(i, j, p);
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Random values; with `zeros`, that fraction of them exactly 0. */
function values(random: Random, length: number, zeros = 0): Float64Array {
  return Float64Array.from(
    { length },
    () => random.uniform() < zeros ? 0 : random.normal(),
  );
}

// odd sizes exercise every remainder loop of the 2x4 and 6-wide blocks
const SHAPES = [
  [1, 1, 1],
  [3, 5, 7],
  [2, 4, 4],
  [7, 13, 6],
  [10, 784, 30],
  [
    5,
    65,
    11,
  ],
  [1, 100, 1],
  [13, 9, 17],
] as const;

Deno.test("gemmNT() equals the naive A B^T bit for bit on odd shapes", () => {
  const random = new Random(11);
  for (const [m, k, n] of SHAPES) {
    for (const zeros of [0, 0.8]) {
      const A = values(random, m * k, zeros), B = values(random, n * k);
      const O = new Float64Array(m * n).fill(NaN);
      gemmNT(A, B, O, m, k, n);
      const want = naive((i, j, p) => A[i * k + p]! * B[j * k + p]!, m, n, k);
      assert.deepEqual(O, want, `shape ${m}x${k}x${n}, zeros ${zeros}`);
    }
  }
});

Deno.test("gemmNN() equals the naive A B bit for bit on odd shapes", () => {
  const random = new Random(12);
  for (const [m, k, n] of SHAPES) {
    const A = values(random, m * k, 0.3), B = values(random, k * n);
    const O = new Float64Array(m * n).fill(NaN);
    gemmNN(A, B, O, m, k, n);
    const want = naive((i, j, p) => A[i * k + p]! * B[p * n + j]!, m, n, k);
    assert.deepEqual(O, want, `shape ${m}x${k}x${n}`);
  }
});

Deno.test("gemmTN() equals the naive A^T B bit for bit on odd shapes", () => {
  const random = new Random(13);
  for (const [k, m, n] of SHAPES) {
    for (const zeros of [0, 0.8]) {
      const A = values(random, k * m), B = values(random, k * n, zeros);
      const O = new Float64Array(m * n).fill(NaN);
      gemmTN(A, B, O, k, m, n);
      const want = naive((i, j, p) => A[p * m + i]! * B[p * n + j]!, m, n, k);
      assert.deepEqual(O, want, `shape ${k}x${m}x${n}, zeros ${zeros}`);
    }
  }
});

Deno.test("the sparse kernels equal the naive products on pixel-like inputs, in one row tile or several", () => {
  const random = new Random(14);
  for (const m of [9, 150]) {
    const k = 97, n = 37, S = new SparseRows();
    const X = values(random, m * k, 0.8), W = values(random, n * k);
    const D = values(random, m * n);
    assert.ok(S.compress(X, m, k, 0.5));
    const Z = new Float64Array(m * n), G = new Float64Array(n * k).fill(NaN);
    gemmNTSparse(S, W, Z, m, k, n);
    assert.deepEqual(
      Z,
      naive((i, j, p) => X[i * k + p]! * W[j * k + p]!, m, n, k),
    );
    gemmTNSparse(D, S, G, m, n, k);
    assert.deepEqual(
      G,
      naive((i, j, p) => D[p * n + i]! * X[p * k + j]!, n, k, m),
    );
  }
});

Deno.test("SparseRows.compress() gives up on a dense matrix and lists the nonzeros of a sparse one", () => {
  const S = new SparseRows();
  assert.equal(S.compress(Float64Array.of(1, 2, 0, 4), 2, 2, 0.5), false);
  assert.ok(S.compress(Float64Array.of(0, 0, 5, 0, 0, 0, 0, 7), 2, 4, 0.5));
  assert.deepEqual([...S.start.subarray(0, 3)], [0, 1, 2]);
  assert.deepEqual([...S.index.subarray(0, 2)], [2, 3]);
  assert.deepEqual([...S.value.subarray(0, 2)], [5, 7]);
});

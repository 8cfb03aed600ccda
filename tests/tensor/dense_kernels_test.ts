import assert from "node:assert/strict";
import { instantiate } from "../../tensor/kernels/arena.ts";
import { wasmRuntime } from "../../tensor/kernels/wasm_runtime.ts";
import { Random } from "../../tensor/random.ts";

/**
 * Each dense kernel against a naive float64 loop, within the rounding bound
 * of a sum of k products in any order, with or without fused multiply-add:
 * |computed − exact| ≤ (k + 2)·u·Σ|a||b| (u the unit roundoff of the dtype;
 * the +2 covers the bias and the final rounding).
 */

const runtimes = [
  {
    name: "relaxed SIMD (or plain where absent)",
    rt: wasmRuntime({ fresh: true }),
  },
  { name: "plain SIMD", rt: wasmRuntime({ relaxed: false, fresh: true }) },
];

type Elem = "f64" | "f32";

/** Operands in a fresh memory, with views. */
function setup(rt: NonNullable<ReturnType<typeof wasmRuntime>>, bytes: number) {
  const pages = Math.ceil((bytes + 4096) / 65536);
  const memory = rt.shared
    ? new WebAssembly.Memory({ initial: pages, maximum: 16384, shared: true })
    : new WebAssembly.Memory({ initial: pages });
  return { memory, kernels: instantiate(rt, memory) };
}

function check(
  what: string,
  got: ArrayLike<number>,
  want: Float64Array,
  mag: Float64Array,
  terms: number,
  elem: Elem,
): void {
  const u = elem === "f64" ? 2 ** -53 : 2 ** -24;
  for (let i = 0; i < want.length; i++) {
    const bound = (terms + 2) * u * mag[i]!;
    const err = Math.abs(got[i]! - want[i]!);
    assert.ok(
      err <= bound,
      `${what}: element ${i} is ${got[i]} but should be ${
        want[i]
      } within ${bound}`,
    );
  }
}

/** Random values, rounded to the dtype. */
function values(random: Random, n: number, elem: Elem): Float64Array {
  const a = Float64Array.from({ length: n }, () => random.normal());
  return elem === "f32" ? Float64Array.from(new Float32Array(a)) : a;
}

const SHAPES = [
  [1, 1, 1],
  [3, 5, 7],
  [2, 4, 8],
  [5, 33, 9],
  [10, 30, 10],
  [7, 129, 37],
  [10, 784, 30],
  [33, 256, 70],
];

for (const { name, rt } of runtimes) {
  for (const elem of ["f64", "f32"] as const) {
    Deno.test(`${name}, ${elem}: the three dense products within the rounding bound of a naive float64 loop, same bits when split`, () => {
      if (rt === null) return; // no WebAssembly SIMD: nothing to test
      const random = new Random(elem === "f64" ? 31 : 32);
      const size = elem === "f64" ? 8 : 4;
      for (const [m, k, n] of SHAPES as [number, number, number][]) {
        const sizes = [m * k, n * k, n, m * n, m * n, n * k, m * k];
        const total = sizes.reduce((s, x) => s + x * size + 64, 0);
        const { memory, kernels } = setup(rt, total);
        let at = 64;
        const views: (Float64Array | Float32Array)[] = [];
        const offs: number[] = [];
        for (const len of sizes) {
          offs.push(at);
          views.push(
            elem === "f64"
              ? new Float64Array(memory.buffer, at, len)
              : new Float32Array(memory.buffer, at, len),
          );
          at += Math.ceil((len * size) / 64) * 64 + 64;
        }
        const [X, W, b, Z, D, G, I] = views as [
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
        ];
        const [pX, pW, pb, pZ, pD, pG, pI] = offs as [
          number,
          number,
          number,
          number,
          number,
          number,
          number,
        ];
        const x = values(random, m * k, elem), w = values(random, n * k, elem);
        const bb = values(random, n, elem), d = values(random, m * n, elem);
        X.set(x);
        W.set(w);
        b.set(bb);
        D.set(d);
        const nt = elem === "f64" ? kernels.ntF64 : kernels.ntF32;
        const nn = elem === "f64" ? kernels.nnF64 : kernels.nnF32;
        // forward Z = X W^T + b
        nt(pX, pW, pb, 1, pZ, m, k, n, 0, n);
        const want = new Float64Array(m * n), mag = new Float64Array(m * n);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = bb[j]!, a = Math.abs(bb[j]!);
            for (let p = 0; p < k; p++) {
              s += x[i * k + p]! * w[j * k + p]!;
              a += Math.abs(x[i * k + p]! * w[j * k + p]!);
            }
            want[i * n + j] = s;
            mag[i * n + j] = a;
          }
        }
        check(`X W^T + b at ${m}x${k}x${n}`, Z, want, mag, k, elem);
        // the same bits from a split into column ranges, and again
        const whole = Z.slice();
        Z.fill(0);
        const cut = Math.floor(n / 3);
        nt(pX, pW, pb, 1, pZ, m, k, n, cut, n);
        nt(pX, pW, pb, 1, pZ, m, k, n, 0, cut);
        assert.deepEqual(Z, whole, `X W^T split at ${cut}`);
        // BP4: G = D^T X (n x k), A read transposed from D (m x n)
        nn(pD, size, n * size, pX, pG, m, k, 0, n, 0, k);
        const wantG = new Float64Array(n * k), magG = new Float64Array(n * k);
        for (let j = 0; j < n; j++) {
          for (let p = 0; p < k; p++) {
            let s = 0, a = 0;
            for (let i = 0; i < m; i++) {
              s += d[i * n + j]! * x[i * k + p]!;
              a += Math.abs(d[i * n + j]! * x[i * k + p]!);
            }
            wantG[j * k + p] = s;
            magG[j * k + p] = a;
          }
        }
        check(`D^T X at ${m}x${k}x${n}`, G, wantG, magG, m, elem);
        const wholeG = G.slice();
        G.fill(0);
        nn(pD, size, n * size, pX, pG, m, k, 0, cut, 0, k);
        nn(pD, size, n * size, pX, pG, m, k, cut, n, 0, k);
        assert.deepEqual(G, wholeG, `D^T X split at row ${cut}`);
        // BP2: I = D W (m x k)
        nn(pD, n * size, size, pW, pI, n, k, 0, m, 0, k);
        const wantI = new Float64Array(m * k), magI = new Float64Array(m * k);
        for (let i = 0; i < m; i++) {
          for (let p = 0; p < k; p++) {
            let s = 0, a = 0;
            for (let j = 0; j < n; j++) {
              s += d[i * n + j]! * w[j * k + p]!;
              a += Math.abs(d[i * n + j]! * w[j * k + p]!);
            }
            wantI[i * k + p] = s;
            magI[i * k + p] = a;
          }
        }
        check(`D W at ${m}x${k}x${n}`, I, wantI, magI, n, elem);
        const wholeI = I.slice();
        I.fill(0);
        const kc = Math.floor(k / 3);
        nn(pD, n * size, size, pW, pI, n, k, 0, m, kc, k);
        nn(pD, n * size, size, pW, pI, n, k, 0, m, 0, kc);
        assert.deepEqual(I, wholeI, `D W split at column ${kc}`);
      }
    });
  }
}

Deno.test("Matrix's three products on the SIMD kernels within the rounding bound of naive float64 loops, operands untouched", async () => {
  const { Matrix, matmul, matmulTransA, matmulTransB } = await import(
    "../../tensor/matrix.ts"
  );
  const random = new Random(41);
  for (const [m, k, n] of [[1, 1, 1], [3, 7, 5], [9, 130, 17]]) {
    const rand = (r: number, c: number) =>
      new Matrix(r, c, values(random, r * c, "f64"));
    const naive = (
      get: (i: number, j: number, p: number) => [number, number],
      rows: number,
      cols: number,
      len: number,
    ) => {
      const want = new Float64Array(rows * cols);
      const mag = new Float64Array(rows * cols);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          for (let p = 0; p < len; p++) {
            const [x, y] = get(i, j, p);
            want[i * cols + j]! += x * y;
            mag[i * cols + j]! += Math.abs(x * y);
          }
        }
      }
      return { want, mag };
    };
    const a = rand(m!, k!), bt = rand(n!, k!), b = rand(k!, n!);
    const aCopy = a.data.slice();
    const out = new Matrix(m!, n!);
    matmulTransB(a, bt, out);
    let r = naive((i, j, p) => [a.get(i, p), bt.get(j, p)], m!, n!, k!);
    check(`A B^T at ${m}x${k}x${n}`, out.data, r.want, r.mag, k!, "f64");
    matmul(a, b, out);
    r = naive((i, j, p) => [a.get(i, p), b.get(p, j)], m!, n!, k!);
    check(`A B at ${m}x${k}x${n}`, out.data, r.want, r.mag, k!, "f64");
    const at = rand(k!, m!);
    matmulTransA(at, b, out);
    r = naive((i, j, p) => [at.get(p, i), b.get(p, j)], m!, n!, k!);
    check(`A^T B at ${m}x${k}x${n}`, out.data, r.want, r.mag, k!, "f64");
    assert.deepEqual(a.data, aCopy);
  }
});

Deno.test("add_bias_f32 equals Math.fround(z + b) widened to float64 bit for bit, at widths with and without a remainder of four", () => {
  for (const { name, rt } of runtimes) {
    if (!rt) continue;
    const random = new Random(13);
    const shapes = [[1, 1], [3, 7], [10, 30], [100, 101], [7, 4], [
      5,
      256,
    ]] as const;
    for (const [m, n] of shapes) {
      const { memory, kernels } = setup(rt, 4 * (m * n + n) + 8 * m * n + 256);
      const z32 = new Float32Array(memory.buffer, 64, m * n);
      const b = new Float32Array(memory.buffer, 64 + 4 * m * n, n);
      const zAt = Math.ceil((64 + 4 * (m * n + n)) / 64) * 64;
      const Z = new Float64Array(memory.buffer, zAt, m * n).fill(NaN);
      // magnitudes from 1e-8 to 1e8: most sums round, some exactly
      for (const x of [z32, b]) {
        for (let i = 0; i < x.length; i++) {
          x[i] = random.normal() * 10 ** Math.round(8 * random.normal());
        }
      }
      const want = new Float64Array(m * n);
      for (let i = 0; i < m * n; i += n) {
        for (let j = 0; j < n; j++) {
          want[i + j] = Math.fround(z32[i + j]! + b[j]!);
        }
      }
      kernels.addBiasF32(z32.byteOffset, b.byteOffset, Z.byteOffset, m, n);
      assert.deepEqual(Z, want, `${name}: add_bias_f32 ${m}x${n}`);
    }
  }
});

Deno.test("col_sums_f32 equals the TypeScript loop on a Float32Array bit for bit (each partial sum rounded to float32), with and without a remainder of four", () => {
  for (const { name, rt } of runtimes) {
    if (!rt) continue;
    const random = new Random(15);
    for (
      const [m, n] of [[1, 1], [3, 7], [10, 30], [100, 101], [7, 4]] as const
    ) {
      const { memory, kernels } = setup(rt, 8 * m * n + 4 * n + 256);
      const D = new Float64Array(memory.buffer, 64, m * n);
      const sAt = Math.ceil((64 + 8 * m * n) / 64) * 64;
      const S = new Float32Array(memory.buffer, sAt, n).fill(NaN);
      // magnitudes from 1e-8 to 1e8: the partial sums' roundings show
      for (let i = 0; i < D.length; i++) {
        D[i] = random.normal() * 10 ** Math.round(8 * random.normal());
      }
      const want = new Float32Array(n);
      for (let i = 0; i < m * n; i += n) {
        for (let j = 0; j < n; j++) want[j]! += D[i + j]!;
      }
      kernels.colSumsF32(D.byteOffset, S.byteOffset, m, n);
      assert.deepEqual(S, want, `${name}: col_sums_f32 ${m}x${n}`);
    }
  }
});

Deno.test("widen_f32 and narrow_f64 convert as typed array stores do, bit for bit, with and without a remainder of four", () => {
  for (const { name, rt } of runtimes) {
    if (!rt) continue;
    const random = new Random(14);
    for (const n of [1, 3, 4, 7, 64, 1001]) {
      const { memory, kernels } = setup(rt, 24 * n + 256);
      const x64 = new Float64Array(memory.buffer, 64, n);
      const at32 = Math.ceil((64 + 8 * n) / 64) * 64;
      const x32 = new Float32Array(memory.buffer, at32, n);
      const outAt = Math.ceil((at32 + 4 * n) / 64) * 64;
      // magnitudes from 1e-40 (float32 subnormals) to 1e40 (overflow to
      // ±Infinity), and values halfway between two float32s (ties to even)
      for (let i = 0; i < n; i++) {
        const v = random.normal() * 10 ** Math.round(20 * random.normal());
        x64[i] = i % 5 === 4 ? Math.fround(v) * (1 + 2 ** -24) : v;
        x32[i] = random.normal() * 10 ** Math.round(12 * random.normal());
      }
      const narrowed = new Float32Array(memory.buffer, outAt, n).fill(NaN);
      kernels.narrowF64(x64.byteOffset, narrowed.byteOffset, n);
      assert.deepEqual(
        narrowed,
        Float32Array.from(x64),
        `${name}: narrow ${n}`,
      );
      const widened = new Float64Array(memory.buffer, outAt, n).fill(NaN);
      kernels.widenF32(x32.byteOffset, widened.byteOffset, n);
      assert.deepEqual(widened, Float64Array.from(x32), `${name}: widen ${n}`);
    }
  }
});

Deno.test("add_bias_f64 and col_sums_f64 equal the TypeScript loops bit for bit, odd and even widths", () => {
  for (const { name, rt } of runtimes) {
    if (!rt) continue;
    const random = new Random(12);
    const shapes = [[1, 1], [3, 7], [10, 30], [100, 101], [7, 2]] as const;
    for (const [m, n] of shapes) {
      const { memory, kernels } = setup(rt, 8 * (2 * m * n + 2 * n) + 256);
      const at = (i: number) => 64 + 8 * i;
      const Z = new Float64Array(memory.buffer, at(0), m * n);
      const b = new Float64Array(memory.buffer, at(m * n), n);
      const D = new Float64Array(memory.buffer, at(m * n + n), m * n);
      const S = new Float64Array(memory.buffer, at(2 * m * n + n), n);
      // magnitudes from 1e-8 to 1e8: the order of the additions shows
      for (const x of [Z, b, D]) {
        for (let i = 0; i < x.length; i++) {
          x[i] = random.normal() * 10 ** Math.round(8 * random.normal());
        }
      }
      const want = Z.slice();
      for (let i = 0; i < m * n; i += n) {
        for (let j = 0; j < n; j++) want[i + j]! += b[j]!;
      }
      kernels.addBiasF64(Z.byteOffset, b.byteOffset, m, n);
      assert.deepEqual(Z, want, `${name}: add_bias ${m}x${n}`);
      const sums = new Float64Array(n);
      for (let i = 0; i < m * n; i += n) {
        for (let j = 0; j < n; j++) sums[j]! += D[i + j]!;
      }
      S.fill(NaN);
      kernels.colSumsF64(D.byteOffset, S.byteOffset, m, n);
      assert.deepEqual(S, sums, `${name}: col_sums ${m}x${n}`);
    }
  }
});

import assert from "node:assert/strict";
import {
  attachSparse,
  DenseKernels,
  SparseRows,
} from "../../tensor/kernels/mod.ts";
import { PACK_MIN_NONZEROS } from "../../tensor/kernels/dense_kernels.ts";
import {
  batchRegime,
  kernelCalls,
  kernelsSince,
} from "../../tensor/kernels/paths.ts";
import * as BYTES from "../../tensor/kernels/wasm_bytes.ts";
import { compileAll, GENERATED_PATH, MODULES } from "../../wasm/build.ts";
import { DENSE_WAT_PATHS, denseWat } from "../../wasm/gen_dense.ts";
import { Random } from "../../tensor/random.ts";
import { SPARSE_BLOCK } from "../../tensor/kernels/dispatch_sparse.ts";
import { F32, F64 } from "../../wasm/sparse_elem.ts";
import { sigmoid } from "../../activations/sigmoid.ts";

const root = new URL("../../", import.meta.url);

Deno.test("the generated dense WAT is what wasm/gen_dense.ts writes", async () => {
  for (const relaxed of [true, false]) {
    const path = relaxed ? DENSE_WAT_PATHS.relaxed : DENSE_WAT_PATHS.simd;
    assert.equal(
      await Deno.readTextFile(new URL(path, root)),
      denseWat(relaxed),
      `${path} is stale: run 'deno task wasm:build'`,
    );
  }
});

Deno.test("the embedded wasm bytes are those the WAT sources compile to", async () => {
  const sources = new Map<string, string>();
  for (const { path } of MODULES) {
    sources.set(path, await Deno.readTextFile(new URL(path, root)));
  }
  const fresh = await compileAll((p) => sources.get(p)!);
  assert.equal(fresh.size, 2 * MODULES.length);
  for (const [name, bytes] of fresh) {
    const embedded = Uint8Array.from(
      atob((BYTES as Record<string, string>)[name]!),
      (c) => c.charCodeAt(0),
    );
    assert.deepEqual(
      embedded,
      bytes,
      `${GENERATED_PATH} (${name}) is stale: run 'deno task wasm:build'`,
    );
  }
});

/** Pixel-like rows: 80% exact zeros. */
function pixels(random: Random, length: number): Float64Array {
  return Float64Array.from(
    { length },
    () => random.uniform() < 0.8 ? 0 : random.uniform(),
  );
}

/**
 * The naive loop's sum `Σ_p a(p)·b(p)`, every product and sum rounded to
 * float32 when `f32` (the float32 kernels' arithmetic).
 */
function naiveSum(
  f32: boolean,
  length: number,
  a: (p: number) => number,
  b: (p: number) => number,
): number {
  const r = f32 ? Math.fround : (x: number) => x;
  let s = 0;
  for (let p = 0; p < length; p++) s = r(s + r(r(a(p)) * r(b(p))));
  return s;
}

for (const dtype of ["float64", "float32"] as const) {
  const f32 = dtype === "float32";
  Deno.test(`the sparse wasm kernels in ${dtype} equal the naive products bit for bit, every remainder of their blocks`, () => {
    const random = new Random(21);
    // n_out covers the scalar forward's 10-, 6- and 1-wide blocks and the
    // SIMD kernels' blocks (the widest, then the rest in one block of whole
    // vectors and single columns: 24 and 22, 20, ..., 2, 1 in float64; 48
    // and 44, 40, ..., 4, 1 in float32); small batches leave columns with no
    // nonzero, the larger ones (m >= 40) pack W, for odd and even numbers
    // of inputs (k mod 4 = 0, 1, 2, 3); float32 takes the dense kernels
    // below that
    const shapes = [
      [1, 64, 1],
      [9, 97, 7],
      [17, 130, 37],
      [10, 784, 30],
      [3, 70, 16],
      [100, 200, 31],
      [40, 66, 50],
      [60, 101, 19],
      [50, 99, 75],
      [45, 64, 3],
      // float64 24 + 4, 22, 12 + 1, 20, 48 + 8, 8 + 1, 24 + 12, 24 + 16,
      // 24 + 14, 24 + 10, 72 + 20, 48 + 4; float32 28, 20 + 1 + 1, 12 + 1,
      // 20, 48 + 8, 8 + 1, 36, 40, 36 + 1 + 1, 32 + 1 + 1, 48 + 44, 48 + 4
      [48, 90, 28],
      [41, 77, 22],
      [55, 120, 13],
      [43, 85, 20],
      [42, 90, 56],
      [64, 70, 9],
      [46, 75, 36],
      [44, 80, 40],
      [47, 73, 38],
      [49, 68, 34],
      [52, 71, 92],
      [53, 66, 52],
    ];
    for (const [index, [m, k, nOut]] of shapes.entries()) {
      // odd shapes run the training forward pass, which compresses the
      // batch by columns for BP4 while the product runs
      const training = index % 2 === 1;
      const kernels = DenseKernels.create(k!, nOut!, dtype);
      assert.ok(kernels.inWasm);
      const W = kernels.weights;
      for (let i = 0; i < W.length; i++) W[i] = random.normal();
      const b = kernels.bias;
      for (let j = 0; j < b.length; j++) b[j] = random.normal();
      const X = pixels(random, m! * k!), S = new SparseRows();
      assert.ok(S.compress(X, m!, k!, 0.5));
      const input = { data: X, rows: m!, cols: k! };
      attachSparse(input, S);
      const buf = kernels.buffers(m!);
      const before = kernelCalls();
      kernels.forward(input, buf, training);
      // enough nonzeros per column: W packed for the SIMD kernel
      const packed = S.start[m!]! >= PACK_MIN_NONZEROS * k!;
      const path = !packed
        ? (f32 ? "simd.nt.f32" : "wasm.nt")
        : (f32 ? "wasm.nt.packed.f32" : "wasm.nt.packed");
      assert.deepEqual(kernelsSince(before), [`${path} ${batchRegime(m!)}`]);
      if (f32 && !packed) continue; // dense float32: dense_kernels_test.ts
      for (let i = 0; i < m!; i++) {
        for (let j = 0; j < nOut!; j++) {
          const s = naiveSum(
            f32,
            k!,
            (p) => X[i * k! + p]!,
            (p) => W[j * k! + p]!,
          );
          assert.equal(
            buf.z[i * nOut! + j],
            f32 ? Math.fround(s + b[j]!) : s + b[j]!,
            `Z[${i}][${j}] at ${m}x${k}x${nOut}`,
          );
        }
      }
      // σ fused into the float64 product against packed W: the same Z, and
      // A bit for bit the activation's own σ of it
      const z = buf.z.slice();
      const fused = kernels.forward(input, buf, training, true);
      assert.equal(fused, !f32 && packed, `fused σ at ${m}x${k}x${nOut}`);
      assert.deepEqual(buf.z, z, `Z with σ fused at ${m}x${k}x${nOut}`);
      if (fused) {
        const a = new Float64Array(z.length);
        sigmoid.apply!(z, a, z.length);
        assert.deepEqual(buf.a, a, `σ(Z) fused at ${m}x${k}x${nOut}`);
      }
      const D = buf.delta;
      for (let i = 0; i < D.length; i++) D[i] = random.normal();
      const sparseDelta = D.slice();
      const beforeBp4 = kernelCalls();
      kernels.backward(buf, false);
      const bp4 = !packed
        ? "wasm.tn"
        : (f32 ? "wasm.tn.csc.f32" : "wasm.tn.csc");
      assert.deepEqual(kernelsSince(beforeBp4), [`${bp4} ${batchRegime(m!)}`]);
      const G = kernels.weightGrad;
      for (let i = 0; i < nOut!; i++) {
        for (let j = 0; j < k!; j++) {
          const s = naiveSum(
            f32,
            m!,
            (p) => D[p * nOut! + i]!,
            (p) => X[p * k! + j]!,
          );
          assert.equal(
            G[i * k! + j],
            s,
            `dW[${i}][${j}] at ${m}x${k}x${nOut}`,
          );
        }
      }
      // ∂C/∂X = Δ W after the sparse BP4 (which rounded Δ itself in
      // float32) equals the dense path's, bit for bit: the same kernel on
      // the same Δ
      kernels.backward(buf, true);
      const sparseInputGrad = buf.inputGrad.slice();
      const dense = { data: X, rows: m!, cols: k! };
      kernels.forward(dense, buf);
      for (let i = 0; i < D.length; i++) D[i] = sparseDelta[i]!;
      kernels.backward(buf, true);
      assert.deepEqual(buf.inputGrad, sparseInputGrad, `at ${m}x${k}x${nOut}`);
    }
  });
}

Deno.test("BP4 after a training forward pass, then one that is not, reads the last batch's columns", () => {
  // the training pass compresses its batch by columns early; a later
  // forward pass (an evaluation, say) must not leave BP4 those columns
  const random = new Random(5), k = 90, n = 20;
  const kernels = DenseKernels.create(k, n, "float64");
  for (let i = 0; i < kernels.weights.length; i++) {
    kernels.weights[i] = random.normal();
  }
  const batch = (m: number) => {
    const X = pixels(random, m * k), S = new SparseRows();
    assert.ok(S.compress(X, m, k, 0.5));
    const input = { data: X, rows: m, cols: k };
    attachSparse(input, S);
    assert.ok(S.start[m]! >= PACK_MIN_NONZEROS * k, "not the packed path");
    return input;
  };
  for (const [m1, m2] of [[60, 60], [60, 45]]) {
    const first = batch(m1!), second = batch(m2!);
    kernels.forward(first, kernels.buffers(m1!), true);
    const buf = kernels.buffers(m2!);
    kernels.forward(second, buf, false);
    for (let i = 0; i < buf.delta.length; i++) buf.delta[i] = random.normal();
    kernels.backward(buf, false);
    const D = buf.delta, X = second.data, G = kernels.weightGrad;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const s = naiveSum(
          false,
          m2!,
          (p) => D[p * n + i]!,
          (p) => X[p * k + j]!,
        );
        assert.equal(G[i * k + j], s, `dW[${i}][${j}], batches ${m1}, ${m2}`);
      }
    }
  }
});

Deno.test("the sparse products split into parts of the kernels' widest block", () => {
  // parts narrower than the widest block would make extra passes over
  // the nonzeros; wider ones would not be parts of whole blocks
  assert.equal(SPARSE_BLOCK.float64, F64.widths[0]);
  assert.equal(SPARSE_BLOCK.float32, F32.widths[0]);
  for (const t of [F64, F32]) {
    assert.ok(t.widths[0]! / t.lanes <= 12, `${t.name}: at most 12 vectors`);
  }
});

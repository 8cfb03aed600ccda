import assert from "node:assert/strict";
import { SparseRows } from "../../tensor/kernels/mod.ts";
import { WasmDenseKernels } from "../../tensor/kernels/wasm_kernels.ts";
import { SPARSE_KERNELS_WASM } from "../../tensor/kernels/wasm_bytes.ts";
import { compileWat, WAT_PATH } from "../../wasm/build.ts";
import { Random } from "../../tensor/random.ts";

const root = new URL("../../", import.meta.url);

Deno.test("the embedded wasm bytes are those the WAT source compiles to", async () => {
  const source = await Deno.readTextFile(new URL(WAT_PATH, root));
  const fresh = await compileWat(source);
  const embedded = Uint8Array.from(
    atob(SPARSE_KERNELS_WASM),
    (c) => c.charCodeAt(0),
  );
  assert.deepEqual(
    embedded,
    fresh,
    "tensor/kernels/wasm_bytes.ts is stale: run 'deno task wasm:build'",
  );
});

/** Pixel-like rows: 80% exact zeros. */
function pixels(random: Random, length: number): Float64Array {
  return Float64Array.from(
    { length },
    () => random.uniform() < 0.8 ? 0 : random.uniform(),
  );
}

Deno.test("the wasm kernels equal the naive products bit for bit, every remainder of their blocks", () => {
  const random = new Random(21);
  // n_out covers the 10-, 6- and 1-wide blocks and their remainders
  for (
    const [m, k, nOut] of [[1, 64, 1], [9, 97, 7], [17, 130, 37], [10, 784, 30]]
  ) {
    const kernels = WasmDenseKernels.create(nOut!, k!)!;
    const W = kernels.weights;
    for (let i = 0; i < W.length; i++) W[i] = random.normal();
    const X = pixels(random, m! * k!), S = new SparseRows();
    assert.ok(S.compress(X, m!, k!, 0.5));
    const Z = new Float64Array(m! * nOut!);
    assert.ok(kernels.forward(S, m!, Z));
    for (let i = 0; i < m!; i++) {
      for (let j = 0; j < nOut!; j++) {
        let s = 0;
        for (let p = 0; p < k!; p++) s += X[i * k! + p]! * W[j * k! + p]!;
        assert.equal(Z[i * nOut! + j], s, `Z[${i}][${j}] at ${m}x${k}x${nOut}`);
      }
    }
    const D = Float64Array.from({ length: m! * nOut! }, () => random.normal());
    kernels.backward(D, m!);
    const G = kernels.weightGrad;
    for (let i = 0; i < nOut!; i++) {
      for (let j = 0; j < k!; j++) {
        let s = 0;
        for (let p = 0; p < m!; p++) s += D[p * nOut! + i]! * X[p * k! + j]!;
        assert.equal(G[i * k! + j], s, `dW[${i}][${j}] at ${m}x${k}x${nOut}`);
      }
    }
  }
});

Deno.test("the wasm kernels decline a batch larger than their scratch space", () => {
  const kernels = WasmDenseKernels.create(3, 64)!;
  const m = 300, S = new SparseRows();
  assert.ok(S.compress(new Float64Array(m * 64), m, 64, 0.5));
  assert.equal(kernels.forward(S, m, new Float64Array(m * 3)), false);
});

/**
 * `deno task bench`: the first layer's products at the chapter's shape
 * (mini-batch 10, 784 inputs, 30 neurons), dense and with pixel-like
 * sparse inputs: the TypeScript loops, the scalar sparse WebAssembly
 * kernels and the SIMD dense ones, which decides `SPARSE_WASM_DENSITY`.
 * GFLOP/s = 2·m·k·n / time; `deno task bench:kernels` has every shape.
 *
 * @module
 */
import {
  attachSparse,
  DenseKernels,
  gemmNN,
  gemmNT,
  gemmTN,
  SparseRows,
} from "../tensor/kernels/mod.ts";
import { Random } from "../tensor/random.ts";

const random = new Random(5);
function values(length: number, zeros = 0): Float64Array {
  return Float64Array.from(
    { length },
    () => random.uniform() < zeros ? 0 : random.normal(),
  );
}

const m = 10, k = 784, n = 30;
const X = values(m * k), W = values(n * k);
const D = values(m * n), Z = new Float64Array(m * n);
const G = new Float64Array(n * k), back = new Float64Array(m * k);
console.log(`each product does ${2 * m * k * n} flops (10x784x30)`);

Deno.bench("TypeScript forward X W^T, dense X", { group: "forward" }, () => {
  gemmNT(X, W, Z, m, k, n);
});
Deno.bench("TypeScript BP4 D^T X, dense X", { group: "bp4" }, () => {
  gemmTN(D, X, G, m, n, k);
});
Deno.bench("TypeScript BP2 D W", { group: "bp2" }, () => {
  gemmNN(D, W, back, m, n, k);
});

/** A layer's kernels, and an input with the given share of zeros. */
function layer(zeros: number, sparse: boolean) {
  const kernels = DenseKernels.create(k, n, "float64");
  kernels.weights.set(W);
  const data = values(m * k, zeros);
  const input = { data, rows: m, cols: k };
  if (sparse) {
    const S = new SparseRows();
    S.compress(data, m, k, 1);
    attachSparse(input, S);
  }
  const buf = kernels.buffers(m);
  buf.delta.set(D);
  return { kernels, input, buf };
}

for (const zeros of [0, 0.6, 0.7, 0.8]) {
  for (const sparse of zeros ? [true] : [false]) {
    const { kernels, input, buf } = layer(zeros, sparse);
    const what = `${Math.round(zeros * 100)}% zeros`;
    Deno.bench(`layer forward + BP4, ${what}`, { group: "layer" }, () => {
      kernels.forward(input, buf);
      kernels.backward(buf, false);
    });
  }
}

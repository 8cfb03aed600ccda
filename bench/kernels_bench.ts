/**
 * `deno task bench`: the kernels on the shapes of the chapter's MNIST
 * network at mini-batch 10 (`Z = X W^T`, BP4's `Δ^T X`, BP2's `Δ W`), dense
 * and with pixel-like sparse inputs. GFLOP/s = 2·m·k·n / time.
 *
 * @module
 */
import {
  gemmNN,
  gemmNT,
  gemmNTSparse,
  gemmTN,
  gemmTNSparse,
  SparseRows,
} from "../tensor/kernels/mod.ts";
import { WasmDenseKernels } from "../tensor/kernels/wasm_kernels.ts";
import { Random } from "../tensor/random.ts";

const random = new Random(5);
function values(length: number, zeros = 0): Float64Array {
  return Float64Array.from(
    { length },
    () => random.uniform() < zeros ? 0 : random.normal(),
  );
}

const m = 10, k = 784, n = 30;
const X = values(m * k), Xsparse = values(m * k, 0.8), W = values(n * k);
const D = values(m * n), Z = new Float64Array(m * n);
const G = new Float64Array(n * k), back = new Float64Array(m * k);
const flops = 2 * m * k * n;
console.log(`each kernel does ${flops} flops (10x784x30)`);

Deno.bench("gemmNT forward X W^T, dense X", { group: "forward" }, () => {
  gemmNT(X, W, Z, m, k, n);
});
Deno.bench("gemmNT forward X W^T, 80% zeros", { group: "forward" }, () => {
  gemmNT(Xsparse, W, Z, m, k, n);
});
Deno.bench("gemmTN BP4 D^T X, dense X", { group: "bp4" }, () => {
  gemmTN(D, X, G, m, n, k);
});
Deno.bench("gemmTN BP4 D^T X, 80% zeros", { group: "bp4" }, () => {
  gemmTN(D, Xsparse, G, m, n, k);
});
// the first layer's own path: input compressed once, then TS or WASM
const S = new SparseRows();
S.compress(Xsparse, m, k, 0.5);
const wasm = WasmDenseKernels.create(n, k)!;
wasm.weights.set(W);
Deno.bench("forward, compressed X, TypeScript", { group: "sparse" }, () => {
  gemmNTSparse(S, W, Z, m, k, n);
});
Deno.bench("forward, compressed X, WebAssembly", { group: "sparse" }, () => {
  wasm.forward(S, m, Z);
});
Deno.bench("BP4, compressed X, TypeScript", { group: "sparse" }, () => {
  gemmTNSparse(D, S, G, m, n, k);
});
Deno.bench("BP4, compressed X, WebAssembly", { group: "sparse" }, () => {
  wasm.backward(D, m);
});
Deno.bench("gemmNN BP2 D W", { group: "bp2" }, () => {
  gemmNN(D, W, back, m, n, k);
});

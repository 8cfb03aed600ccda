/**
 * `deno task bench:sparse`: the first layer's two products on real MNIST
 * batches (about 19% nonzero pixels), as a Dense layer runs them: with the
 * batch's compressed rows attached, as `train()` attaches them (float64:
 * the scalar sparse kernels for small batches, the SIMD ones against packed
 * W and by compressed columns from 4 nonzeros per input column on; float32:
 * the SIMD sparse ones from there on, the dense ones below), and without
 * (the SIMD dense kernels), in float64 and float32, one thread. Prints
 * microseconds per call (the best of several timed loops: the host's noise
 * only ever adds time), GFLOP/s over the nonzeros' products, and the dense
 * kernels' GFLOP/s over all of theirs. `--threads 2` splits the products
 * between threads as a layer with `threads: 2` does; `--batches 10` times
 * that batch size only. `--pad 2` frames each 28 x 28 digit with two rows
 * and columns of zeros, 32 x 32 = 1,024 inputs, as LeNet reads MNIST (rows
 * of ∂C/∂W then 8,192 or 4,096 bytes apart: every row of a block of them in
 * one L1 set).
 *
 * Usage: deno task bench:sparse [--threads 1] [--batches 10,100] [--pad 0]
 *
 * @module
 */
import {
  attachSparse,
  DenseKernels,
  type DType,
  SparseRows,
} from "../tensor/kernels/mod.ts";
import { kernelCalls, kernelsSince } from "../tensor/kernels/paths.ts";
import { startThreads } from "../tensor/kernels/threads.ts";
import { Random } from "../tensor/random.ts";
import { loadMnist } from "./mnist_data.ts";
import { benchArgs } from "./bench_args.ts";

const values = benchArgs("bench:sparse", {
  threads: { type: "string", default: "1" },
  batches: { type: "string", default: "10,100" },
  pad: { type: "string", default: "0" },
});
const threads = Number(values.threads), pad = Number(values.pad);
const batches = values.batches.split(",").map(Number);
if (
  !(Number.isInteger(threads) && threads >= 1) ||
  !(Number.isInteger(pad) && pad >= 0 && pad <= 16) ||
  !batches.every((m) => Number.isInteger(m) && m >= 1 && m <= 1000)
) {
  console.error(
    `bench:sparse: "--threads" must be a whole number >= 1, "--batches" whole numbers from 1 to 1000 and "--pad" a whole number from 0 to 16, not "${values.threads}", "${values.batches}" and "${values.pad}"`,
  );
  Deno.exit(2);
}
const side = 28 + 2 * pad, k = side * side;
const xTrain = framed(loadMnist().xTrain, pad);

/** The 28 x 28 digits of `x` framed by `pad` rows and columns of zeros. */
function framed(x: Float64Array, pad: number): Float64Array {
  if (pad === 0) return x;
  const count = 1000, out = new Float64Array(count * k);
  for (let d = 0; d < count; d++) {
    for (let r = 0; r < 28; r++) {
      const from = d * 784 + r * 28, to = d * k + (r + pad) * side + pad;
      out.set(x.subarray(from, from + 28), to);
    }
  }
  return out;
}

/** Best microseconds per call of `f` over `rounds` loops of `reps` calls. */
function best(f: () => void, reps: number, rounds = 7): number {
  let t = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let q = 0; q < reps; q++) f();
    t = Math.min(t, ((performance.now() - start) / reps) * 1000);
  }
  return t;
}

/** A layer's forward and BP4 on `m` rows, sparse or dense: µs and path. */
async function time(dtype: DType, m: number, n: number, sparse: boolean) {
  // workers stop after a quarter of a second idle: have them running
  await startThreads(threads);
  const kernels = DenseKernels.create(k, n, dtype);
  kernels.threads = threads;
  const random = new Random(1);
  for (let i = 0; i < kernels.weights.length; i++) {
    kernels.weights[i] = random.normal();
  }
  const data = xTrain.subarray(0, m * k), rows = new SparseRows();
  rows.compress(data, m, k, 1);
  const input = { data, rows: m, cols: k };
  if (sparse) attachSparse(input, rows);
  const buf = kernels.buffers(m);
  const before = kernelCalls();
  kernels.forward(input, buf);
  for (let i = 0; i < buf.delta.length; i++) buf.delta[i] = random.normal();
  kernels.backward(buf, false);
  const paths = kernelsSince(before).map((p) => p.split(" ")[0]).join("+");
  const reps = Math.max(3, Math.round(2e6 / (m * n)));
  return {
    forward: best(() => kernels.forward(input, buf), reps),
    bp4: best(() => kernels.backward(buf, false), reps),
    nonzeros: rows.start[m]!,
    paths,
  };
}

const rows: string[][] = [];
// a first layer, so that the workers start on its arena
DenseKernels.create(k, 10, "float64");
const running = await startThreads(threads);
for (const dtype of ["float64", "float32"] as const) {
  for (const m of batches) {
    for (const n of [30, 100, 256, 1024]) {
      const s = await time(dtype, m, n, true);
      const d = await time(dtype, m, n, false);
      const sparseFlops = 2 * s.nonzeros * n, denseFlops = 2 * m * k * n;
      const gf = (flops: number, us: number) => (flops / us / 1e3).toFixed(1);
      rows.push([
        dtype,
        `${m}x${k}x${n}`,
        (s.nonzeros / (m * k) * 100).toFixed(0) + "%",
        s.paths,
        s.forward.toFixed(1),
        gf(sparseFlops, s.forward),
        s.bp4.toFixed(1),
        gf(sparseFlops, s.bp4),
        d.forward.toFixed(1),
        gf(denseFlops, d.forward),
        d.bp4.toFixed(1),
        gf(denseFlops, d.bp4),
        s.paths === d.paths
          ? "(the same kernels)"
          : ((d.forward + d.bp4) / (s.forward + s.bp4)).toFixed(2),
      ]);
    }
  }
}
const head = [
  "dtype",
  "m x n_in x n_out",
  "nonzero",
  "paths with the rows attached",
  "sparse fwd µs",
  "GFLOP/s",
  "sparse BP4 µs",
  "GFLOP/s",
  "dense fwd µs",
  "GFLOP/s",
  "dense BP4 µs",
  "GFLOP/s",
  "dense ÷ sparse time",
];
console.log(`| ${head.join(" | ")} |`);
console.log(`|${head.map(() => "---").join("|")}|`);
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log(
  "\nµs: best of 7 timed loops per call, " +
    `${running} thread${running > 1 ? "s" : ""}; GFLOP/s: 2·nonzeros·n_out ` +
    "for the sparse kernels, 2·m·n_in·n_out for the dense ones; BP4 includes " +
    "BP3's column sum (and the float32 rounding of Δ).",
);

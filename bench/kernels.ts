/**
 * `deno task bench:kernels`: GFLOP/s of a Dense layer's three products
 * (forward `X Wᵀ`, BP4 `Δᵀ X`, BP2 `Δ W`) at the layer shapes of the
 * issue's table (`bench/scale.ts`), ours in float64 and float32 on one
 * thread and on all cores, beside OpenBLAS's dgemm/sgemm through NumPy at
 * the same shapes (1 thread; skipped with a note without python3 + numpy),
 * and the peak of WebAssembly SIMD multiply-adds on this CPU (a loop of
 * independent multiply-adds, no memory traffic).
 *
 * Usage: deno task bench:kernels [--threads N] [--skip-numpy]
 *
 * @module
 */
import process from "node:process";
import { join } from "node:path";
import { Arena } from "../tensor/kernels/arena.ts";
import { denseNN, denseNT } from "../tensor/kernels/dispatch.ts";
import type { DType } from "../tensor/kernels/dense_kernels.ts";
import { wasmRuntime } from "../tensor/kernels/wasm_runtime.ts";
import { startThreads, workerParts } from "../tensor/kernels/threads.ts";
import { Random } from "../tensor/random.ts";
import { findPython, numpyEnv } from "./python.ts";
import { benchArgs } from "./bench_args.ts";

const values = benchArgs("bench:kernels", {
  threads: {
    type: "string",
    default: String(navigator.hardwareConcurrency),
  },
  "skip-numpy": { type: "boolean", default: false },
});
const allThreads = Number(values.threads);
const here = new URL(".", import.meta.url).pathname;

/** The layer shapes [m, n_in, n_out] of the table. */
export const SHAPES: readonly [number, number, number][] = [
  [10, 784, 30],
  [10, 30, 10],
  [100, 784, 30],
  [10, 784, 100],
  [100, 784, 100],
  [10, 784, 256],
  [10, 256, 256],
  [100, 784, 256],
  [100, 256, 256],
  [100, 256, 10],
  [100, 784, 1024],
  [100, 1024, 10],
];

const rt = wasmRuntime();
if (rt === null) {
  console.log("No WebAssembly SIMD in this runtime: nothing to measure");
  Deno.exit(0);
}
const arena = Arena.find(1 << 20)!;
const running = await startThreads(allThreads);

/**
 * Milliseconds: the process's CPU time on one thread (less sensitive to
 * other work on a shared machine), the wall clock with several.
 */
function clock(threads: number): number {
  if (threads > 1) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** GFLOP/s of f, best of 5 timings of enough calls for about 20 ms. */
function rate(f: () => void, flops: number, threads: number): number {
  for (let i = 0; i < 20; i++) f();
  const reps = Math.max(1, Math.round(4e7 / flops));
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = clock(threads);
    for (let i = 0; i < reps; i++) f();
    best = Math.min(best, (clock(threads) - t) / reps);
  }
  return flops / best / 1e6;
}

function peak(): { f64: number; f32: number } {
  const k = arena.kernels, turns = 1 << 22;
  const time = (f: () => void) => {
    f();
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t = clock(1);
      f();
      best = Math.min(best, clock(1) - t);
    }
    return best;
  };
  return {
    f64: 48 * turns / time(() => k.peakF64(turns, 1)) / 1e6,
    f32: 96 * turns / time(() => k.peakF32(turns, 1)) / 1e6,
  };
}

/** Ours: [forward, BP4, BP2] GFLOP/s. */
function ours(
  m: number,
  k: number,
  n: number,
  dtype: DType,
  threads: number,
): number[] {
  const size = dtype === "float64" ? 8 : 4, random = new Random(3);
  const alloc = (len: number) => {
    const at = arena.alloc(len * size)!;
    const v = dtype === "float64" ? arena.f64(at, len) : arena.f32(at, len);
    for (let i = 0; i < len; i++) v[i] = random.normal();
    return at;
  };
  const pX = alloc(m * k), pW = alloc(n * k), pb = alloc(n);
  const pZ = alloc(m * n), pD = alloc(m * n), pG = alloc(n * k);
  const pI = alloc(m * k);
  const flops = 2 * m * k * n;
  const out = [
    rate(
      () => denseNT(arena, dtype, threads, pX, pW, pb, pZ, m, k, n),
      flops,
      threads,
    ),
    rate(
      () =>
        denseNN(
          arena,
          dtype,
          threads,
          pD, // Δᵀ (n x m), as the layer transposes Δ for BP4
          m * size,
          size,
          pX,
          pG,
          n,
          m,
          k,
          "rows",
        ),
      flops,
      threads,
    ),
    rate(
      () =>
        denseNN(
          arena,
          dtype,
          threads,
          pD,
          n * size,
          size,
          pW,
          pI,
          m,
          n,
          k,
          "cols",
        ),
      flops,
      threads,
    ),
  ];
  for (const at of [pX, pW, pb, pZ, pD, pG, pI]) arena.free(at);
  return out;
}

const python = values["skip-numpy"] ? undefined : await findPython();
let blas: Record<string, { f64: number[]; f32: number[] }> | undefined;
if (python) {
  const out = await new Deno.Command(python, {
    args: [join(here, "gemm_numpy.py"), JSON.stringify(SHAPES)],
    env: numpyEnv(1),
    clearEnv: true,
    stdout: "piped",
  }).output();
  if (out.success) blas = JSON.parse(new TextDecoder().decode(out.stdout));
}
const cpu = /model name\s*:\s*(.*)/.exec(
  Deno.readTextFileSync("/proc/cpuinfo"),
)?.[1];
const p = peak();
console.log(
  `${navigator.hardwareConcurrency} CPUs (${cpu}); load ${
    Deno.loadavg().map((l) => l.toFixed(2)).join(" ")
  }; WebAssembly ${
    rt.relaxed ? "relaxed SIMD (fused multiply-add)" : "SIMD (mul + add)"
  }${
    blas ? "" : "; NumPy: not found (python3 with numpy), its columns skipped"
  }`,
);
console.log(
  `Peak of WebAssembly SIMD multiply-adds on one core: ${
    p.f64.toFixed(1)
  } GFLOP/s float64 (f64x2), ${p.f32.toFixed(1)} GFLOP/s float32 (f32x4)\n`,
);
console.log(
  `GFLOP/s; "all" = ${allThreads} threads (${running} running); BLAS = OpenBLAS through NumPy, 1 thread\n`,
);
console.log(
  "| m x n_in x n_out | product | f64 1 thread | f64 all | dgemm | f32 1 thread | f32 all | sgemm |",
);
console.log("|---|---|---|---|---|---|---|---|");
const names = ["forward X Wᵀ", "BP4 Δᵀ X", "BP2 Δ W"];
for (const [m, k, n] of SHAPES) {
  const r = [
    ours(m, k, n, "float64", 1),
    ours(m, k, n, "float64", allThreads),
    ours(m, k, n, "float32", 1),
    ours(m, k, n, "float32", allThreads),
  ];
  const b = blas?.[`${m},${k},${n}`];
  for (let q = 0; q < 3; q++) {
    const f = (x: number | undefined) => x === undefined ? "" : x.toFixed(1);
    console.log(
      `| ${m}x${k}x${n} | ${names[q]} | ${f(r[0]![q])} | ${f(r[1]![q])} | ${
        f(b?.f64[q])
      } | ${f(r[2]![q])} | ${f(r[3]![q])} | ${f(b?.f32[q])} |`,
    );
  }
}
console.log(`\nParts of split products computed by workers: ${workerParts()}`);

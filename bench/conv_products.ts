/**
 * The three products of chapter 6's convolution (20 filters 5x5 on 28x28,
 * batch 10: F = 20, E = 25, m·P = 5,760) on the WebAssembly SIMD kernels,
 * one thread, in both lowerings: im2col transposed (`K colsT`,
 * `Δbig colsTᵀ`, `Kᵀ Δbig`, what Conv2D runs) and im2col by rows
 * (`cols Kᵀ`, `Δtᵀ cols` as `Δbig cols`), as seconds per epoch of 800
 * batches and GFLOP/s.
 *
 * Usage: deno run --frozen -R bench/conv_products.ts
 *
 * @module
 */
import { Arena } from "../tensor/kernels/arena.ts";
import { denseNN, denseNT } from "../tensor/kernels/dispatch.ts";

const F = 20, E = 25, N = 5760, flops = 2 * F * E * N;
for (const dtype of ["float64", "float32"] as const) {
  const s = dtype === "float64" ? 8 : 4;
  const arena = Arena.find(1 << 24);
  if (arena === undefined) throw new Error("No WebAssembly SIMD here");
  const alloc = (n: number) => {
    const at = arena.alloc(n * s)!;
    const v = dtype === "float64" ? arena.f64(at, n) : arena.f32(at, n);
    for (let i = 0; i < n; i++) v[i] = Math.sin(i);
    return at;
  };
  const K = alloc(F * E), colsT = alloc(E * N), cols = alloc(N * E);
  const big = alloc(F * N), zt = alloc(N * F), gK = alloc(F * E);
  const dcolsT = alloc(E * N);
  const time = (name: string, f: () => void) => {
    for (let i = 0; i < 20; i++) f();
    const n = 400, t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    const ms = (performance.now() - t0) / n;
    console.log(
      `${dtype} ${name.padEnd(34)} ${(ms * 0.8).toFixed(3)} s/epoch  ${
        (flops / ms / 1e6).toFixed(1)
      } GFLOP/s`,
    );
  };
  const nn = (
    pA: number,
    aRow: number,
    aCol: number,
    pB: number,
    pO: number,
    M: number,
    Kd: number,
    Nd: number,
  ) => denseNN(arena, dtype, 1, pA, aRow, aCol, pB, pO, M, Kd, Nd, "cols");
  time("forward K colsT (Conv2D)", () => nn(K, E * s, s, colsT, big, F, E, N));
  time(
    "forward cols Kᵀ",
    () => denseNT(arena, dtype, 1, cols, K, -1, zt, N, E, F),
  );
  time(
    "BP4 Δbig colsTᵀ (Conv2D)",
    () => denseNT(arena, dtype, 1, big, colsT, -1, gK, F, N, E),
  );
  time("BP4 Δbig cols", () => nn(big, N * s, s, cols, gK, F, N, E));
  time("BP2 Kᵀ Δbig (Conv2D)", () => nn(K, s, E * s, big, dcolsT, E, F, N));
}

/**
 * Which kernel paths have run: one counter bump per kernel call at each
 * dispatch point, so that a gradient check can say which code paths
 * computed the gradient it judged (and a test can require every path).
 *
 * @module
 */

/**
 * The kernel paths the Dense and Conv2D layers dispatch to. A new path
 * (SIMD, float32, threads) is added here and counted where it is chosen.
 *
 * @example
 * ```ts
 * import { KERNEL_PATHS } from "./paths.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(KERNEL_PATHS.includes("gemmNTSparse"));
 * ```
 */
export const KERNEL_PATHS: readonly string[] = Object.freeze([
  // TypeScript, where WebAssembly is missing (plainKernels)
  "gemmNT", // forward Z = A Wᵀ
  "gemmNTSparse", // forward, skipping the input's zeros
  "gemmTN", // BP4 ∂C/∂W = Δᵀ A
  "gemmTNSparse", // BP4, sparse input
  "gemmNN", // BP2's Δ W for the layer below
  // WebAssembly, float64
  "wasm.nt", // forward, sparse input (pixels), scalar
  "wasm.nt.packed", // forward, sparse input, SIMD against packed W
  "wasm.tn", // BP4, sparse input, scalar
  "wasm.tn.csc", // BP4, sparse input by columns, SIMD
  "simd.nt", // forward, SIMD dense
  "simd.tn", // BP4, SIMD dense
  "simd.nn", // BP2's Δ W, SIMD dense
  // split between Workers over shared memory
  "simd.nt.threads",
  "simd.tn.threads",
  "simd.nn.threads",
  // WebAssembly, float32 (checked against a float64 copy)
  "wasm.nt.packed.f32", // forward, sparse input, SIMD against packed W
  "wasm.tn.csc.f32", // BP4, sparse input by columns
  "simd.nt.f32",
  "simd.tn.f32",
  "simd.nn.f32",
  // Conv2D in TypeScript, where WebAssembly is missing (plainKernels)
  "conv.gemmNT", // forward cols Kᵀ (im2col)
  "conv.scatterNT", // forward, the input's nonzeros scattered to windows
  "conv.gemmTN", // BP4 Δtᵀ cols
  "conv.scatterTN", // BP4, sparse input
  "conv.gemmNN", // BP2's Δt K, then col2im
  // Conv2D in WebAssembly (im2col transposed), float64 and float32, on the
  // calling thread or split between Workers
  "simd.conv.z", // forward K colsT
  "simd.conv.dk", // BP4 Δbig colsTᵀ
  "simd.conv.dx", // BP2's Kᵀ Δbig, then col2im
  "simd.conv.z.threads",
  "simd.conv.dk.threads",
  "simd.conv.dx.threads",
  "simd.conv.z.f32",
  "simd.conv.dk.f32",
  "simd.conv.dx.f32",
  "simd.conv.z.f32.threads",
  "simd.conv.dk.f32.threads",
  "simd.conv.dx.f32.threads",
]);

/** Per path, calls per regime (indexed like `REGIMES`): no allocation per call. */
const calls = new Map<string, Float64Array>();
const REGIMES = ["m=1", "m even", "m odd", "m>256"] as const;

function regimeIndex(m: number): number {
  return m === 1 ? 0 : m > 256 ? 3 : m % 2 === 0 ? 1 : 2;
}

/**
 * The batch-size regime of a call: the register-blocked kernels take rows
 * in pairs (`m even`), with a tail for the last (`m=1`, `m odd`); the
 * WebAssembly scratch holds at most 256 rows (`m>256` falls back).
 *
 * @param m Rows of the batch.
 * @returns `"m=1"`, `"m even"`, `"m odd"` or `"m>256"`.
 *
 * @example
 * ```ts
 * import { batchRegime } from "./paths.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual([1, 4, 5, 300].map(batchRegime), ["m=1", "m even", "m odd", "m>256"]);
 * ```
 */
export function batchRegime(m: number): string {
  return REGIMES[regimeIndex(m)]!;
}

/**
 * Counts one call of a kernel path for a batch of m rows.
 *
 * @param path The path's name (one of {@linkcode KERNEL_PATHS}).
 * @param m Rows of the batch.
 *
 * @example
 * ```ts
 * import { countKernel, kernelCalls } from "./paths.ts";
 * import assert from "node:assert/strict";
 *
 * const before = kernelCalls().get("gemmNN m odd") ?? 0;
 * countKernel("gemmNN", 3);
 * assert.equal(kernelCalls().get("gemmNN m odd"), before + 1);
 * ```
 */
export function countKernel(path: string, m: number): void {
  let c = calls.get(path);
  if (c === undefined) calls.set(path, c = new Float64Array(REGIMES.length));
  c[regimeIndex(m)]!++;
}

/**
 * A copy of the counters: `"<path> <regime>"` → calls so far.
 *
 * @returns The counts.
 *
 * @example
 * ```ts
 * import { kernelCalls, kernelsSince } from "./paths.ts";
 * import { Dense } from "../../layers/mod.ts";
 * import { Matrix } from "../matrix.ts";
 * import assert from "node:assert/strict";
 *
 * const before = kernelCalls();
 * new Dense(2, 3, "tanh").forward(Matrix.from([[1, 2]]), false);
 * assert.deepEqual(kernelsSince(before), ["simd.nt m=1"]);
 * ```
 */
export function kernelCalls(): Map<string, number> {
  const out = new Map<string, number>();
  for (const [path, c] of calls) {
    c.forEach((n, r) => n > 0 && out.set(`${path} ${REGIMES[r]}`, n));
  }
  return out;
}

/**
 * The paths called since a snapshot of {@linkcode kernelCalls}, sorted.
 *
 * @param before The snapshot.
 * @returns `"<path> <regime>"` names.
 *
 * @example
 * ```ts
 * import { countKernel, kernelCalls, kernelsSince } from "./paths.ts";
 * import assert from "node:assert/strict";
 *
 * const before = kernelCalls();
 * countKernel("wasm.nt", 4);
 * assert.deepEqual(kernelsSince(before), ["wasm.nt m even"]);
 * ```
 */
export function kernelsSince(before: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const [key, n] of kernelCalls()) {
    if (n > (before.get(key) ?? 0)) out.push(key);
  }
  return out.sort();
}

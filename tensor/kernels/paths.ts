/**
 * Which kernel paths have run: one counter bump per kernel call at each
 * dispatch point, so that a gradient check can say which code paths
 * computed the gradient it judged (and a test can require every path).
 *
 * @module
 */

/**
 * The kernel paths a Dense layer dispatches to. A new path (SIMD,
 * float32, threads) is added here and counted where it is chosen.
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
  "gemmNT", // forward Z = A Wᵀ, dense TypeScript
  "gemmNTSparse", // forward, TypeScript, skipping the input's zeros
  "wasm.nt", // forward, WebAssembly, sparse input
  "gemmTN", // BP4 ∂C/∂W = Δᵀ A, dense TypeScript
  "gemmTNSparse", // BP4, TypeScript, sparse input
  "wasm.tn", // BP4, WebAssembly, sparse input
  "gemmNN", // BP2's Δ W for the layer below
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
 * Counts a Dense layer's forward (`"nt"`) or BP4 (`"tn"`) product by the
 * path it took: WebAssembly, sparse TypeScript or dense TypeScript.
 *
 * @param op `"nt"` (forward) or `"tn"` (BP4).
 * @param wasm Whether it ran in WebAssembly.
 * @param sparse Whether the input was taken as sparse.
 * @param m Rows of the batch.
 *
 * @example
 * ```ts
 * import { countDense, kernelCalls, kernelsSince } from "./paths.ts";
 * import assert from "node:assert/strict";
 *
 * const before = kernelCalls();
 * countDense("tn", false, true, 300);
 * assert.deepEqual(kernelsSince(before), ["gemmTNSparse m>256"]);
 * ```
 */
export function countDense(
  op: "nt" | "tn",
  wasm: boolean,
  sparse: boolean,
  m: number,
): void {
  const nt = op === "nt";
  countKernel(
    wasm
      ? (nt ? "wasm.nt" : "wasm.tn")
      : sparse
      ? (nt ? "gemmNTSparse" : "gemmTNSparse")
      : (nt ? "gemmNT" : "gemmTN"),
    m,
  );
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
 * assert.deepEqual(kernelsSince(before), ["gemmNT m=1"]);
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

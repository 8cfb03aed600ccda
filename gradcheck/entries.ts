/**
 * Which entries of each Param a check perturbs.
 *
 * @module
 */
import type { Param } from "../layers/mod.ts";
import { Random } from "../tensor/mod.ts";
import type { NumericJob } from "./numeric.ts";

/**
 * One job per Param: every entry, or `sample` entries drawn without
 * replacement with a seeded generator (sorted ascending).
 *
 * @param params The Params.
 * @param sample Entries per Param at most (`Infinity` for all).
 * @param seed The seed of the draw.
 * @returns The jobs, in Param order.
 *
 * @example
 * ```ts
 * import { selectEntries } from "./entries.ts";
 * import assert from "node:assert/strict";
 *
 * const p = { name: "W", shape: [10], value: new Float64Array(10), grad: new Float64Array(10) };
 * assert.equal(selectEntries([p], Infinity, 0)[0]!.indices.length, 10);
 * assert.equal(selectEntries([p], 3, 0)[0]!.indices.length, 3);
 * ```
 */
export function selectEntries(
  params: readonly Param[],
  sample: number,
  seed: number,
): NumericJob[] {
  if (!(sample >= 1)) {
    throw new RangeError(
      `Cannot sample '${sample}' entries per Param: use a number >= 1`,
    );
  }
  const random = new Random(seed);
  return params.map((p, param) => {
    const n = p.value.length;
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    if (sample >= n) return { param, indices: all };
    const k = Math.floor(sample);
    // partial Fisher-Yates: the first k slots are a uniform draw
    for (let i = 0; i < k; i++) {
      const j = i + random.int(n - i);
      const t = all[i]!;
      all[i] = all[j]!;
      all[j] = t;
    }
    return { param, indices: all.slice(0, k).sort() };
  });
}

/**
 * Typed-array views carved out of one arena block, and the rule that gives
 * the block back: only when nothing can reach any of its views. Every view
 * keeps a holder alive (through a WeakMap), and the holder's collection
 * frees the block. So an array a caller still holds (a layer's weights, an
 * output of an evicted batch size) never aliases memory that another layer
 * reuses. Shared by the Dense and Conv2D kernels.
 *
 * @module
 */
import type { Arena } from "./arena.ts";

/** A parameter array of either dtype. */
export type FloatArray = Float64Array | Float32Array;

const keep = new WeakMap<object, object>();
const freer = new FinalizationRegistry<{ arena: Arena; at: number }>(
  ({ arena, at }) => arena.free(at),
);

/**
 * Frees the block at `at` once none of `views` is reachable.
 *
 * @param arena The arena of the block.
 * @param at The block's offset.
 * @param views Every object that must keep the block alive.
 */
export function hold(arena: Arena, at: number, views: readonly object[]): void {
  const holder = {};
  freer.register(holder, { arena, at });
  for (const v of views) keep.set(v, holder);
}

/**
 * Makes `other` (a view of the same block made after the fact, such as an
 * Int32Array over a float32 view) keep the block of `view` alive as well.
 *
 * @param view A view returned by {@linkcode carve}.
 * @param other Another object that must keep the block alive.
 */
export function holdAlso(view: object, other: object): void {
  const holder = keep.get(view);
  if (holder !== undefined) keep.set(other, holder);
}

/** One view of a block: its name, length (elements) and element bytes. */
export type ViewSpec = readonly [name: string, length: number, bytes: 4 | 8];

/** Bytes a view takes in a block (64-byte aligned). */
function rounded(length: number, bytes: number): number {
  return Math.ceil((length * bytes) / 64) * 64;
}

/**
 * Views of one block of the arena, each 64-byte aligned, held together (see
 * {@linkcode hold}); plain typed arrays when there is no arena or it is
 * full (`at` is then -1).
 *
 * @param arena The arena, or undefined for plain arrays.
 * @param specs The views, in order.
 * @param holders Objects that keep the block alive besides its views.
 * @returns The block's offset (-1 for plain arrays) and its views by name.
 *
 * @example
 * ```ts
 * import { carve } from "./arena_views.ts";
 * import { Arena } from "./arena.ts";
 * import assert from "node:assert/strict";
 *
 * const { at, views } = carve(Arena.find(1024), [["w", 3, 8], ["g", 5, 4]]);
 * assert.equal(views.w!.length, 3);
 * assert.ok(views.g instanceof Float32Array);
 * if (at >= 0) assert.equal(views.g!.byteOffset, at + 64);
 * ```
 */
export function carve(
  arena: Arena | undefined,
  specs: readonly ViewSpec[],
  holders: readonly object[] = [],
): { at: number; views: Record<string, FloatArray> } {
  const total = specs.reduce((s, [, n, b]) => s + rounded(n, b), 0);
  const at = arena?.alloc(total);
  const views: Record<string, FloatArray> = {};
  if (arena === undefined || at === undefined) {
    for (const [name, n, b] of specs) {
      views[name] = b === 8 ? new Float64Array(n) : new Float32Array(n);
    }
    return { at: -1, views };
  }
  let off = at;
  for (const [name, n, b] of specs) {
    views[name] = b === 8 ? arena.f64(off, n) : arena.f32(off, n);
    off += rounded(n, b);
  }
  hold(arena, at, [...holders, ...Object.values(views)]);
  return { at, views };
}

/**
 * Most bytes of a layer's per-batch matrices that go into the arena: a
 * training batch fits, an evaluation of thousands of rows gets plain
 * arrays instead of growing the shared memory for good.
 */
export const BATCH_ARENA_BYTES: number = 8 * 1024 * 1024;

/**
 * A layer's float64 matrices for one batch size: views of the arena when
 * they fit in {@linkcode BATCH_ARENA_BYTES} (so that the WebAssembly
 * kernels read and write them in place), else plain arrays.
 *
 * @param arena The layer's arena, or undefined.
 * @param names The matrices.
 * @param length Elements of each.
 * @returns The arrays by name.
 *
 * @example
 * ```ts
 * import { batchArrays } from "./arena_views.ts";
 * import assert from "node:assert/strict";
 *
 * const { z, a } = batchArrays(undefined, ["z", "a"], 6);
 * assert.equal(z!.length + a!.length, 12);
 * ```
 */
export function batchArrays(
  arena: Arena | undefined,
  names: readonly string[],
  length: number,
): Record<string, Float64Array> {
  const fits = names.length * length * 8 <= BATCH_ARENA_BYTES;
  const specs = names.map((n) => [n, length, 8] as const);
  return carve(fits ? arena : undefined, specs).views as Record<
    string,
    Float64Array
  >;
}

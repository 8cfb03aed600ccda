/**
 * The per-batch-size buffers every layer and kernel keeps: made at the
 * first batch of a size, reused after, and only the last few sizes kept
 * (training, validation and a last short batch fit; an evaluation of
 * thousands of rows does not stay).
 *
 * @module
 */

/**
 * A cache of values by batch size that forgets every size once a fifth one
 * arrives (by default).
 *
 * @typeParam T The buffers of one size.
 *
 * @example
 * ```ts
 * import { ByBatchSize } from "./by_batch_size.ts";
 * import assert from "node:assert/strict";
 *
 * const cache = new ByBatchSize((m: number) => new Float64Array(m));
 * assert.equal(cache.get(10), cache.get(10));
 * assert.equal(cache.get(3).length, 3);
 * ```
 */
export class ByBatchSize<T> {
  readonly #make: (m: number) => T;
  readonly #keep: number;
  readonly #bySize = new Map<number, T>();

  /**
   * @param make Makes the buffers of batch size `m`.
   * @param keep How many sizes to hold before forgetting them all.
   */
  constructor(make: (m: number) => T, keep = 4) {
    this.#make = make;
    this.#keep = keep;
  }

  /**
   * The buffers for batch size `m`, made at its first call.
   *
   * @param m The batch size.
   * @returns The same object for the same `m` until the cache is cleared.
   */
  get(m: number): T {
    let value = this.#bySize.get(m);
    if (value === undefined) {
      if (this.#bySize.size >= this.#keep) this.#bySize.clear();
      value = this.#make(m);
      this.#bySize.set(m, value);
    }
    return value;
  }
}

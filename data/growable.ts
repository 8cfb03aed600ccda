/**
 * A Float64Array that grows as values are appended.
 *
 * @module
 */

/**
 * An append-only Float64Array with amortised O(1) `push`.
 *
 * @example
 * ```ts
 * import { GrowableArray } from "./growable.ts";
 * import assert from "node:assert/strict";
 *
 * const a = new GrowableArray(1);
 * a.push(1);
 * a.push(2);
 * assert.deepEqual(a.take(), Float64Array.of(1, 2));
 * ```
 */
export class GrowableArray {
  #data: Float64Array;
  #length = 0;

  /**
   * Creates an empty array.
   *
   * @param capacity Values to make room for at first.
   */
  constructor(capacity: number) {
    this.#data = new Float64Array(Math.max(1, capacity));
  }

  /** The number of values pushed. */
  get length(): number {
    return this.#length;
  }

  /**
   * Appends a value, doubling the storage when full.
   *
   * @param value The value.
   */
  push(value: number): void {
    if (this.#length === this.#data.length) this.reserve(2 * this.#length);
    this.#data[this.#length++] = value;
  }

  /**
   * Makes room for at least `capacity` values in all.
   *
   * @param capacity The total capacity wanted.
   */
  reserve(capacity: number): void {
    if (capacity <= this.#data.length) return;
    const next = new Float64Array(capacity);
    next.set(this.#data.subarray(0, this.#length));
    this.#data = next;
  }

  /**
   * The values pushed: a view when at most 1/8 of the storage is unused,
   * else a trimmed copy.
   *
   * @returns The values.
   */
  take(): Float64Array {
    const used = this.#data.subarray(0, this.#length);
    return this.#length * 8 >= this.#data.length * 7 ? used : used.slice();
  }
}

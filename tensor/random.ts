/**
 * A small seeded pseudo-random generator (xoshiro128**), so that every
 * source of randomness in the library (initial weights, shuffles, dropout
 * masks, gradcheck directions) is reproducible bit for bit from a seed.
 *
 * @module
 */

/** A generator's state as JSON-safe data. */
export interface RandomState {
  /** The four 32-bit words of xoshiro128** (not all zero). */
  words: [number, number, number, number];
  /** The second normal deviate of the last Box-Muller pair, if unused. */
  spare: number | null;
}

/** Seeded generator of uniform and normal deviates. */
export class Random {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spare = NaN;

  /**
   * Seeds the generator; the same seed gives the same sequence on every
   * platform.
   *
   * @param seed Any finite number; it is mixed with splitmix32.
   * @throws {RangeError} If the seed is not finite.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * import assert from "node:assert/strict";
   *
   * assert.equal(new Random(7).uniform(), new Random(7).uniform());
   * ```
   */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new RangeError(
        `Cannot seed generator: seed must be finite, got '${seed}'`,
      );
    }
    // splitmix32 over the seed's integer and fractional parts.
    let x = (Math.floor(seed) ^ Math.round((seed % 1) * 0x7fffffff)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next();
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /**
   * An independent copy in the same state: it yields the same sequence as
   * this generator would, without moving this one on.
   *
   * @returns The copy.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * import assert from "node:assert/strict";
   *
   * const r = new Random(4);
   * const copy = r.clone();
   * assert.equal(copy.normal(), r.normal());
   * ```
   */
  clone(): Random {
    const copy = new Random(0);
    copy.#s0 = this.#s0;
    copy.#s1 = this.#s1;
    copy.#s2 = this.#s2;
    copy.#s3 = this.#s3;
    copy.#spare = this.#spare;
    return copy;
  }

  /**
   * The generator's state, so that a restored generator continues the
   * same sequence.
   *
   * @returns The state as plain data.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * import assert from "node:assert/strict";
   *
   * const r = new Random(4);
   * r.normal();
   * const copy = new Random(0);
   * copy.setState(JSON.parse(JSON.stringify(r.getState())));
   * assert.equal(copy.normal(), r.normal());
   * assert.equal(copy.uniform(), r.uniform());
   * ```
   */
  getState(): RandomState {
    return {
      words: [this.#s0, this.#s1, this.#s2, this.#s3],
      spare: Number.isNaN(this.#spare) ? null : this.#spare,
    };
  }

  /**
   * Restores a state from {@linkcode Random.getState}.
   *
   * @param state The saved state.
   * @throws {TypeError} If it is not a valid state; the generator is then
   * unchanged.
   */
  setState(state: unknown): void {
    const s = state as Partial<Record<keyof RandomState, unknown>> | null;
    const words = typeof s === "object" && s !== null ? s.words : undefined;
    if (
      !Array.isArray(words) || words.length !== 4 ||
      !words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) ||
      words.every((w) => w === 0)
    ) {
      throw new TypeError(
        "Cannot restore generator: field 'words' must be four 32-bit unsigned integers, not all zero",
      );
    }
    const spare = s!.spare;
    if (
      spare !== null && (typeof spare !== "number" || !Number.isFinite(spare))
    ) {
      throw new TypeError(
        `Cannot restore generator: field 'spare' must be a number or null, got '${
          String(spare)
        }'`,
      );
    }
    [this.#s0, this.#s1, this.#s2, this.#s3] = words as number[] as [
      number,
      number,
      number,
      number,
    ];
    this.#spare = spare ?? NaN;
  }

  /**
   * The next 32 random bits as an unsigned integer.
   *
   * @returns An integer in `[0, 2^32)`.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * import assert from "node:assert/strict";
   *
   * const u = new Random(1).nextUint32();
   * assert.ok(Number.isInteger(u) && u >= 0 && u < 2 ** 32);
   * ```
   */
  nextUint32(): number {
    const s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    this.#s2 = (s2 ^ s0) >>> 0;
    this.#s3 = (s3 ^ s1) >>> 0;
    this.#s1 = (s1 ^ this.#s2) >>> 0;
    this.#s0 = (s0 ^ this.#s3) >>> 0;
    this.#s2 = (this.#s2 ^ t) >>> 0;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /**
   * A uniform deviate with 53 random bits.
   *
   * @returns A number in `[0, 1)`.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * import assert from "node:assert/strict";
   *
   * const u = new Random(3).uniform();
   * assert.ok(u >= 0 && u < 1);
   * ```
   */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A standard normal deviate N(0, 1) by the Box-Muller transform.
   *
   * @returns A normally distributed number.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * import assert from "node:assert/strict";
   *
   * assert.ok(Number.isFinite(new Random(5).normal()));
   * ```
   */
  normal(): number {
    if (!Number.isNaN(this.#spare)) {
      const v = this.#spare;
      this.#spare = NaN;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * A uniform integer in `[0, n)`, without modulo bias.
   *
   * @param n The exclusive upper bound, an integer in `[1, 2^32]`.
   * @returns The integer.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * import assert from "node:assert/strict";
   *
   * assert.ok(new Random(2).int(10) < 10);
   * ```
   */
  int(n: number): number {
    const limit = 4294967296 - (4294967296 % n);
    let u = this.nextUint32();
    while (u >= limit) u = this.nextUint32();
    return u % n;
  }

  /**
   * Shuffles `items` in place (Fisher-Yates).
   *
   * @param items The array to shuffle.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * import assert from "node:assert/strict";
   *
   * const a = Uint32Array.of(0, 1, 2, 3);
   * new Random(9).shuffle(a);
   * assert.deepEqual([...a].sort(), [0, 1, 2, 3]);
   * ```
   */
  shuffle(items: { length: number; [i: number]: number }): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

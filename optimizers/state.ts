/**
 * Per-Param optimizer state, allocated on the first step only, and its
 * JSON-safe export and checked import.
 *
 * @module
 */
import type { Param } from "../layers/types.ts";

/**
 * A zero-initialised `Float64Array` per Param, created once.
 */
export class ParamState {
  #map = new WeakMap<Param, Float64Array>();

  /**
   * The state array of `p`.
   *
   * @param p The Param.
   * @returns Its state, zero at first.
   */
  of(p: Param): Float64Array {
    let s = this.#map.get(p);
    if (s === undefined) {
      s = new Float64Array(p.value.length);
      this.#map.set(p, s);
    }
    return s;
  }

  /**
   * The state of every Param as plain arrays, in order.
   *
   * @param params The Params.
   * @returns One array per Param (zeros for a Param never stepped).
   */
  export(params: readonly Param[]): number[][] {
    return params.map((p) =>
      Array.from(this.#map.get(p) ?? p.value.map(() => 0))
    );
  }

  /**
   * Replaces the state of every Param; the arrays must match the Params'
   * sizes.
   *
   * @param params The Params.
   * @param arrays One array of finite numbers per Param.
   * @param where The slot, for messages (`"Adam state slot 'm'"`).
   * @throws {TypeError} On a count, size or value that does not fit.
   */
  import(params: readonly Param[], arrays: unknown, where: string): void {
    if (!Array.isArray(arrays) || arrays.length !== params.length) {
      throw new TypeError(
        `Cannot restore ${where}: expected ${params.length} arrays (one per Param) but got ${
          Array.isArray(arrays) ? arrays.length : `'${typeof arrays}'`
        }; was the state saved from another network?`,
      );
    }
    const values = params.map((p, i) => {
      const a: unknown = arrays[i];
      if (!Array.isArray(a) || a.length !== p.value.length) {
        throw new TypeError(
          `Cannot restore ${where}: Param ${i} ('${p.name}', shape [${
            p.shape.join(", ")
          }]) has ${p.value.length} values but the state has ${
            Array.isArray(a) ? a.length : `'${typeof a}'`
          }`,
        );
      }
      return Float64Array.from(a, (x: unknown, j) => {
        if (typeof x !== "number" || !Number.isFinite(x)) {
          throw new TypeError(
            `Cannot restore ${where}: Param ${i} has '${
              String(x)
            }' at index ${j}; expected a finite number`,
          );
        }
        return x;
      });
    });
    params.forEach((p, i) => this.#map.set(p, values[i]!));
  }
}

/**
 * Per-Param optimizer state, allocated on the first step only.
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
}

/**
 * The element types of the sparse kernels (`gen_sparse_nt.ts`,
 * `gen_sparse_tn.ts`): the text that differs between float64 and float32.
 * The compressed pixels' values are float64 in both; a float32 kernel
 * rounds each to float32 once, as a float32 layer rounds its input.
 *
 * @module
 */
import { add, get, i32, set, whileLoop } from "./wat_text.ts";

/** One element type. */
export interface Elem {
  /** `f64` or `f32`: the scalar type, and the functions' name suffix. */
  readonly name: "f64" | "f32";
  /** Bytes per element. */
  readonly size: 8 | 4;
  /** Elements per v128. */
  readonly lanes: 2 | 4;
  /** `f64x2` or `f32x4`. */
  readonly vec: "f64x2" | "f32x4";
  /**
   * Block widths (outputs at a time), widest first: 12 vectors at most
   * (12 accumulators, the value and the address fit x64's 16 vector
   * registers; 13 measured no faster, and 8 took 1.2x as long). A part's
   * columns go in blocks of the widest (`SPARSE_BLOCK` of
   * `tensor/kernels/dispatch_sparse.ts` must match), then what is left in one
   * block of whole vectors (and single columns): each block is a pass over
   * all the nonzeros, so 100 outputs make five passes (24 · 4, 4).
   */
  readonly widths: readonly number[];
  /** The value at `p` (a float64 of compressed rows or columns) as a scalar. */
  value(p: string): string;
}

/** float64: two lanes. */
export const F64: Elem = {
  name: "f64",
  size: 8,
  lanes: 2,
  vec: "f64x2",
  widths: [24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 1],
  value: (p) => `(f64.load ${p})`,
};

/** float32: four lanes. */
export const F32: Elem = {
  name: "f32",
  size: 4,
  lanes: 4,
  vec: "f32x4",
  widths: [48, 44, 40, 36, 32, 28, 24, 20, 16, 12, 8, 4, 1],
  value: (p) => `(f32.demote_f64 (f64.load ${p}))`,
};

/** The local declarations of the widest block's accumulators. */
export function accumulatorLocals(t: Elem): string {
  return accumulators(t, t.widths[0]!).map((a) => `(local $${a} v128)`)
    .join(" ");
}

/** The names of a block's accumulators (one for a block of 1). */
export function accumulators(t: Elem, width: number): string[] {
  return Array.from(
    { length: Math.max(1, width / t.lanes) },
    (_, q) => `acc${q}`,
  );
}

/**
 * A block's sums over the nonzeros from `ti` to `te` (the pointers to their
 * indices and float64 values, `ti` and `tv`, advanced past them): the
 * accumulators zeroed, then, per nonzero, each accumulator plus the value
 * times the vector at `address(index)` (a scalar for a block of 1),
 * multiplied then added.
 *
 * @param t The element type.
 * @param width The block's outputs.
 * @param label The loop's label.
 * @param address The text of the first vector's byte address, from the
 * text of the nonzero's index.
 * @returns WebAssembly text for a function with the locals `a`, `v`, `s`,
 * `ti`, `te`, `tv` and `acc0`... .
 */
export function sumNonzeros(
  t: Elem,
  width: number,
  label: string,
  address: (index: string) => string,
): string {
  const accs = accumulators(t, width);
  const zero = width === 1
    ? set("s", `(${t.name}.const 0)`)
    : accs.map((a) => set(a, "(v128.const i64x2 0 0)")).join("\n        ");
  const update = width === 1
    ? set(
      "s",
      `(${t.name}.add ${get("s")} (${t.name}.mul ${
        t.value(get("tv"))
      } (${t.name}.load ${get("a")})))`,
    )
    : [
      set("v", `(${t.vec}.splat ${t.value(get("tv"))})`),
      ...accs.map((a, q) =>
        set(
          a,
          `(${t.vec}.add ${get(a)} (${t.vec}.mul ${
            get("v")
          } (v128.load offset=${16 * q} ${get("a")})))`,
        )
      ),
    ].join("\n          ");
  return `${zero}
        ${
    whileLoop(
      label,
      `(i32.ge_u ${get("ti")} ${get("te")})`,
      `${set("a", address(`(i32.load ${get("ti")})`))}
          ${update}
          ${set("ti", add(get("ti"), i32(4)))}
          ${set("tv", add(get("tv"), i32(8)))}`,
    )
  }`;
}

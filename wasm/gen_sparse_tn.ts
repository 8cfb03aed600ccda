/**
 * Writes `tn_csc_f64` and `tn_csc_f32`, the first layer's sparse BP4 (see
 * `gen_sparse.ts`): `O = Aᵀ B` (`A` = Δ, `k x m`, in the element type; `B`
 * = the pixels, `k x n`, as compressed columns from `csr_to_csc`; `O` =
 * ∂C/∂W, `m x n`) for the rows `i0 <= i < i1` and the columns
 * `c0 <= c < c1` of O. For a block of rows of
 * O and one column `c` of B, the sums `Σ_p A[p][i] B[p][c]` over the
 * column's nonzero rows `p` stay in registers; the block's columns of A
 * (24 or 48 values of each of the batch's rows) stay in the L1 cache while
 * `c` runs.
 *
 * @module
 */
import { add, get, i32, set, whileLoop } from "./wat_text.ts";
import {
  accumulatorLocals,
  accumulators,
  type Elem,
  sumNonzeros,
} from "./sparse_elem.ts";

/** One block width's loop over the rows of O. */
function tnBlock(t: Elem, width: number): string {
  const l = `w${width}`, accs = accumulators(t, width);
  const stores = width === 1
    ? `(${t.name}.store ${get("oc")} ${get("s")})`
    : accs.flatMap((a) =>
      Array.from({ length: t.lanes }, (_, lane) =>
        `(${t.name}.store ${get("oc")} (${t.vec}.extract_lane ${lane} ${
          get(a)
        }))
          ${set("oc", add(get("oc"), get("nb")))}`)
    ).join("\n          ");
  return `;; ${width} row${width > 1 ? "s" : ""} of O at a time
    ${
    whileLoop(
      l,
      `(i32.gt_s ${add(get("i"), i32(width))} ${get("i1")})`,
      `${set("base", add(get("pA"), `(i32.mul ${get("i")} ${i32(t.size)})`))}
      ${set("ti", add(get("pI"), `(i32.shl ${get("first")} ${i32(2)})`))}
      ${set("tv", add(get("pV"), `(i32.shl ${get("first")} ${i32(3)})`))}
      ${set("cs", add(get("pS"), `(i32.shl ${get("c0")} ${i32(2)})`))}
      ${set("o", add(get("pO"), `(i32.mul ${get("i")} ${get("nb")})`))}
      ${set("oe", add(get("o"), `(i32.mul ${get("c1")} ${i32(t.size)})`))}
      ${set("o", add(get("o"), `(i32.mul ${get("c0")} ${i32(t.size)})`))}
      ${
        whileLoop(
          `${l}c`,
          `(i32.ge_u ${get("o")} ${get("oe")})`,
          `${
            set(
              "te",
              add(
                get("pI"),
                `(i32.shl (i32.load offset=4 ${get("cs")}) ${i32(2)})`,
              ),
            )
          }
        ${sumNonzeros(t, width, `${l}t`, (index) => add(get("base"), index))}
        ${set("oc", get("o"))}
        ${stores}
        ${set("cs", add(get("cs"), i32(4)))}
        ${set("o", add(get("o"), i32(t.size)))}`,
        )
      }
      ${set("i", add(get("i"), i32(width)))}`,
    )
  }`;
}

/**
 * The `tn_csc_<t>` function.
 *
 * @param t The element type of A and O.
 * @returns WebAssembly text of one function.
 *
 * @example
 * ```ts
 * import { tnCsc } from "./gen_sparse_tn.ts";
 * import { F32 } from "./sparse_elem.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(tnCsc(F32).includes('(export "tn_csc_f32")'));
 * ```
 */
export function tnCsc(t: Elem): string {
  return `
  ;; O (m x n) = A^T B, A (k x m) dense, B (k x n) as CSC from csr_to_csc
  ;; (pS: starts, pI: row byte offsets in A, pV: float64 values); only the
  ;; rows i0 <= i < i1 and columns c0 <= c < c1 of O (a thread's part).
  ;; ${t.name} A and O.
  (func (export "tn_csc_${t.name}")
    (param $pA i32) (param $pO i32) (param $pS i32) (param $pI i32)
    (param $pV i32) (param $k i32) (param $m i32) (param $n i32)
    (param $i0 i32) (param $i1 i32) (param $c0 i32) (param $c1 i32)
    (local $first i32) (local $i i32) (local $nb i32) (local $base i32) (local $ti i32)
    (local $te i32) (local $tv i32) (local $cs i32) (local $o i32)
    (local $oe i32) (local $oc i32) (local $a i32) (local $s ${t.name})
    (local $v v128)
    ${accumulatorLocals(t)}
    ${set("nb", `(i32.mul ${get("n")} ${i32(t.size)})`)}
    ${
    set(
      "first",
      `(i32.load ${add(get("pS"), `(i32.shl ${get("c0")} ${i32(2)})`)})`,
    )
  }
    ${set("i", get("i0"))}
    ${t.widths.map((w) => tnBlock(t, w)).join("\n    ")}
  )`;
}

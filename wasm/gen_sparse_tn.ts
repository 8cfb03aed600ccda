/**
 * Writes `tn_csc_f64` and `tn_csc_f32`, the first layer's sparse BP4 (see
 * `gen_sparse.ts`): `O = Aᵀ B` (`A` = Δ, `k x m`, in the element type; `B`
 * = the pixels, `k x n`, as compressed columns from `csr_to_csc`; `O` =
 * ∂C/∂W, `m x n`) for the rows `i0 <= i < i1` and the columns
 * `c0 <= c < c1` of O. For a block of rows of
 * O and one column `c` of B, the sums `Σ_p A[p][i] B[p][c]` over the
 * column's nonzero rows `p` stay in registers; the block's columns of A
 * (24 or 48 values of each of the batch's rows) stay in the L1 cache while
 * `c` runs. Columns go two at a time: the first one's sums wait in locals
 * while the second one's are summed, then each row of the block gets both
 * in one store. One column at a time, each row's cache line was written
 * once per column, and with the rows 4,096 bytes apart or a multiple of it
 * (512 or 1,024 inputs) the block's 24 or 48 rows all fall in one L1 set:
 * BP4 took 1.5-2.4 times as long there (`bench:sparse --pad 2`).
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
import { TRANSPOSE } from "./gen_sparse_nt.ts";

/** `i8x16.shuffle` byte lists that pair two columns' sums row by row:
 * float64 (x[0], y[0]) and (x[1], y[1]); float32 (x[0], y[0], x[1], y[1])
 * and (x[2], y[2], x[3], y[3]). */
const PAIR = {
  f64: TRANSPOSE.f64,
  f32: [TRANSPOSE.f32lo, TRANSPOSE.f32hi],
} as const;

/** The names of the previous column's sums (one per accumulator). */
function previous(t: Elem, width: number): string[] {
  return accumulators(t, width).map((_, q) => `prev${q}`);
}

/**
 * The stores of two columns' sums (`prev*` for column c, the accumulators
 * for c + 1) into O's rows of the block, two elements a row: half as many
 * stores as one column at a time, each row's cache line touched half as
 * often (rows `n_in · size` bytes apart: at a multiple of 4,096 all the
 * block's rows fall in one L1 set).
 */
function pairStores(t: Elem, width: number): string {
  const accs = accumulators(t, width), prev = previous(t, width);
  const next = set("oc", add(get("oc"), get("nb")));
  const shuffle = (bytes: string, q: number) =>
    `(i8x16.shuffle ${bytes} ${get(prev[q]!)} ${get(accs[q]!)})`;
  return accs.flatMap((_, q) => {
    if (t.lanes === 2) {
      return PAIR.f64.flatMap((bytes) => [
        `(v128.store ${get("oc")} ${shuffle(bytes, q)})`,
        next,
      ]);
    }
    return PAIR.f32.flatMap((bytes) => [
      set("v", shuffle(bytes, q)),
      `(v128.store64_lane 0 ${get("oc")} ${get("v")})`,
      next,
      `(v128.store64_lane 1 ${get("oc")} ${get("v")})`,
      next,
    ]);
  }).join("\n          ");
}

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
  // the end of column c's nonzeros (cs points at its start)
  const columnEnd = set(
    "te",
    add(get("pI"), `(i32.shl (i32.load offset=4 ${get("cs")}) ${i32(2)})`),
  );
  const sums = sumNonzeros(
    t,
    width,
    `${l}t`,
    (index) => add(get("base"), index),
  );
  // one-row blocks store each column's sum; the others store two columns'
  // at a time: the first one's sums wait in prev* (half = 1), and a last
  // odd column is stored alone
  const body = width === 1
    ? `${columnEnd}
        ${sums}
        ${set("oc", get("o"))}
        ${stores}`
    : `${columnEnd}
        ${sums}
        (if ${get("half")}
          (then
            ${set("oc", `(i32.sub ${get("o")} ${i32(t.size)})`)}
            ${pairStores(t, width)}
            ${set("half", i32(0))})
          (else
            (if (i32.lt_u ${add(get("o"), i32(t.size))} ${get("oe")})
              (then
                ${
      accs.map((a, q) => set(previous(t, width)[q]!, get(a))).join(" ")
    }
                ${set("half", i32(1))})
              (else
                ${set("oc", get("o"))}
                ${stores}))))`;
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
      ${set("half", i32(0))}
      ${
        whileLoop(
          `${l}c`,
          `(i32.ge_u ${get("o")} ${get("oe")})`,
          `${body}
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
    (local $half i32)
    (local $v v128)
    ${accumulatorLocals(t)}
    ${previous(t, t.widths[0]!).map((p) => `(local $${p} v128)`).join(" ")}
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

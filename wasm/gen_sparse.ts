/**
 * Writes the WebAssembly text of the first layer's sparse products in
 * SIMD, which `wasm/gen_dense.ts` puts into the dense modules (see
 * `tensor/kernels/dense_kernels.ts`), in float64 and float32:
 *
 * - `nt_packed_*` (`gen_sparse_nt.ts`): the forward `Z = X Wᵀ`, X as
 *   compressed rows, against W packed transposed by blocks of rows, so that
 *   each nonzero pixel multiplies a vector of contiguous weights; in
 *   float64 with the bias and σ too. It packs a block (`pack_*`), then
 *   runs the rows against it (`nt_rows_*`); a split over the batch's rows
 *   calls those two apart;
 * - `csr_to_csc` (here): a batch of pixel rows, compressed by rows (CSR),
 *   compressed by columns (CSC) instead; each column's entries keep the
 *   rows' order, and each stores its row's byte offset in Δ
 *   (`row · rowBytes`) beside its value;
 * - `tn_csc_*` (`gen_sparse_tn.ts`): BP4 `∂C/∂W = Δᵀ X`, X as compressed
 *   columns, a block of ∂C/∂W's rows summed in registers per column;
 * - `gather_rows` (here): a batch's rows of the data set's compressed rows,
 *   a `memory.copy` per row.
 *
 * Every sum adds the same products (multiplied, then added: no fused
 * multiply-add; in float32, each rounded to float32) in the same order (a
 * row's columns, or the batch's rows, ascending) as the naive loop that
 * skips no zeros, so the result is bit for bit that loop's, whatever part of
 * the output a thread computes. The older scalar kernels
 * (`wasm/sparse_kernels.wat`, float64 only) loaded each nonzero's other
 * factors from different rows, and their BP4 wrote each product into ∂C/∂W.
 *
 * @module
 */
import { add, get, i32, set, whileLoop } from "./wat_text.ts";
import { F32, F64 } from "./sparse_elem.ts";
import { ntPacked, ntRows, packPanels } from "./gen_sparse_nt.ts";
import { tnCsc } from "./gen_sparse_tn.ts";

/** The `csr_to_csc` function. */
function csrToCsc(): string {
  const word = (p: string) => `(i32.load ${p})`;
  const at4 = (base: string, x: string) =>
    add(get(base), `(i32.shl ${x} ${i32(2)})`);
  return `
  ;; CSR (pS: m + 1 starts, pI: columns, pV: values) to CSC (pCS: n + 1
  ;; starts, pRI: row · rowBytes, pCV: values), rows in order per column.
  (func (export "csr_to_csc")
    (param $pS i32) (param $pI i32) (param $pV i32) (param $m i32)
    (param $n i32) (param $rowBytes i32) (param $pCS i32) (param $pRI i32)
    (param $pCV i32)
    (local $t i32) (local $to i32) (local $c i32) (local $q i32)
    (local $pos i32) (local $p i32) (local $s i32) (local $r i32)
    ;; count each column's entries in pCS[c + 1]
    (memory.fill ${get("pCS")} ${i32(0)}
      (i32.shl ${add(get("n"), i32(1))} ${i32(2)}))
    ${set("t", i32(0))}
    ${set("to", word(at4("pS", get("m"))))}
    ${
    whileLoop(
      "count",
      `(i32.ge_s ${get("t")} ${get("to")})`,
      `${set("q", at4("pCS", add(word(at4("pI", get("t"))), i32(1))))}
      (i32.store ${get("q")} ${add(word(get("q")), i32(1))})
      ${set("t", add(get("t"), i32(1)))}`,
    )
  }
    ;; running sums: pCS[c] is where column c starts
    ${set("c", i32(1))}
    ${set("s", i32(0))}
    ${
    whileLoop(
      "sum",
      `(i32.gt_s ${get("c")} ${get("n")})`,
      `${set("q", at4("pCS", get("c")))}
      ${set("s", add(get("s"), word(get("q"))))}
      (i32.store ${get("q")} ${get("s")})
      ${set("c", add(get("c"), i32(1)))}`,
    )
  }
    ;; every row's entries into their columns, rows in order; pCS[c] is
    ;; column c's next free place
    ${set("p", i32(0))}
    ${set("r", i32(0))}
    ${
    whileLoop(
      "row",
      `(i32.ge_s ${get("p")} ${get("m")})`,
      `${set("t", word(at4("pS", get("p"))))}
      ${set("to", `(i32.load offset=4 ${at4("pS", get("p"))})`)}
      ${
        whileLoop(
          "entry",
          `(i32.ge_s ${get("t")} ${get("to")})`,
          `${set("q", at4("pCS", word(at4("pI", get("t")))))}
        ${set("pos", word(get("q")))}
        (i32.store ${get("q")} ${add(get("pos"), i32(1))})
        (i32.store ${at4("pRI", get("pos"))} ${get("r")})
        (f64.store ${add(get("pCV"), `(i32.shl ${get("pos")} ${i32(3)})`)}
          (f64.load ${add(get("pV"), `(i32.shl ${get("t")} ${i32(3)})`)}))
        ${set("t", add(get("t"), i32(1)))}`,
        )
      }
      ${set("p", add(get("p"), i32(1)))}
      ${set("r", add(get("r"), get("rowBytes")))}`,
    )
  }
    ;; pCS[c] now holds column c + 1's start: shift the starts up by one
    ${set("c", get("n"))}
    ${
    whileLoop(
      "shift",
      `(i32.le_s ${get("c")} ${i32(0)})`,
      `${set("q", at4("pCS", get("c")))}
      (i32.store ${get("q")} (i32.load offset=0 (i32.sub ${get("q")} ${
        i32(4)
      })))
      ${set("c", `(i32.sub ${get("c")} ${i32(1)})`)}`,
    )
  }
    (i32.store ${get("pCS")} ${i32(0)})
  )`;
}

/** The `gather_rows` function. */
function gatherRows(): string {
  const word = (p: string) => `(i32.load ${p})`;
  const at = (base: string, x: string, shift: number) =>
    add(get(base), `(i32.shl ${x} ${i32(shift)})`);
  return `
  ;; rows order[0..m) (i32 at pOrd) of compressed rows (pSS, pSI, pSV) into
  ;; compressed rows (pDS, pDI, pDV): a memory.copy per row for the column
  ;; indices and one for the values
  (func (export "gather_rows")
    (param $pOrd i32) (param $m i32) (param $pSS i32) (param $pSI i32)
    (param $pSV i32) (param $pDS i32) (param $pDI i32) (param $pDV i32)
    (local $r i32) (local $row i32) (local $from i32) (local $len i32)
    (local $count i32)
    ${set("r", i32(0))}
    ${set("count", i32(0))}
    ${
    whileLoop(
      "row",
      `(i32.ge_s ${get("r")} ${get("m")})`,
      `${set("row", word(at("pOrd", get("r"), 2)))}
      ${set("from", word(at("pSS", get("row"), 2)))}
      ${
        set(
          "len",
          `(i32.sub (i32.load offset=4 ${at("pSS", get("row"), 2)}) ${
            get("from")
          })`,
        )
      }
      (i32.store ${at("pDS", get("r"), 2)} ${get("count")})
      (memory.copy ${at("pDI", get("count"), 2)} ${at("pSI", get("from"), 2)}
        (i32.shl ${get("len")} ${i32(2)}))
      (memory.copy ${at("pDV", get("count"), 3)} ${at("pSV", get("from"), 3)}
        (i32.shl ${get("len")} ${i32(3)}))
      ${set("count", add(get("count"), get("len")))}
      ${set("r", add(get("r"), i32(1)))}`,
    )
  }
    (i32.store ${at("pDS", get("m"), 2)} ${get("count")})
  )`;
}

/**
 * The text of `pack_*`, `nt_rows_*`, `nt_packed_*`, `csr_to_csc`,
 * `tn_csc_*` and `gather_rows` (`*`: `f64` and `f32`).
 *
 * @returns WebAssembly text: functions for a module importing `env.memory`.
 *
 * @example
 * ```ts
 * import { sparseWat } from "./gen_sparse.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(sparseWat().includes('(export "tn_csc_f32")'));
 * ```
 */
export function sparseWat(): string {
  return [
    packPanels(F64),
    packPanels(F32),
    ntRows(F64),
    ntRows(F32),
    ntPacked(F64),
    ntPacked(F32),
    csrToCsc(),
    tnCsc(F64),
    tnCsc(F32),
    gatherRows(),
  ].join("\n");
}

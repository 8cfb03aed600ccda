/**
 * Writes `nt_packed_f64` and `nt_packed_f32` (and their halves), the first
 * layer's sparse forward product (see `gen_sparse.ts`): `O = A Bᵀ` (`A` =
 * the pixels, `m x k`, as compressed rows; `B` = W, `n x k`, in the element
 * type; `O` = Z, `m x n`) for the columns `j0 <= j < j1` of O. A block of W's rows is
 * first packed transposed (`k x width`, at `pP + j·k·size`), so that each
 * nonzero `A[i][c]` multiplies `width` contiguous weights; the sums stay in
 * registers and are stored once per row of O. In float64 the bias is added
 * to them before the store (the one rounding of adding it afterwards), and
 * σ applied to the block's rows while they are in L1 (the `sigmoid_f64`
 * of `gen_sigmoid.ts`, which gives each value the same operations however
 * the values are cut). `pack_*` and `nt_rows_*` do the two halves for any
 * rows, so that a thread split over the batch's rows packs W once.
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

/** `i8x16.shuffle` byte lists that transpose a tile of v128 rows (and,
 * in `gen_sparse_tn.ts`, pair two columns' sums row by row). */
export const TRANSPOSE: {
  readonly f64: readonly [string, string];
  readonly f32lo: string;
  readonly f32hi: string;
} = {
  /** 2 x 2 float64: (x0, y0) and (x1, y1). */
  f64: [
    "0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23",
    "8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31",
  ],
  /** 4 x 4 float32, step 1: interleave the low and the high halves. */
  f32lo: "0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23",
  f32hi: "8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31",
} as const;

const step = (p: string, bytes: string) => set(p, add(get(p), bytes));

/**
 * One tile: `lanes` rows of W (v128 loads `rp`, `rp + kb`, ...) into `lanes`
 * panel rows at `dst + 16·g`.
 */
function tile(t: Elem, g: number, wb: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < t.lanes; r++) {
    out.push(set(`x${r}`, `(v128.load ${get("rp")})`), step("rp", get("kb")));
  }
  const store = (c: number, value: string) =>
    `(v128.store offset=${c * wb + 16 * g} ${get("dst")} ${value})`;
  const shuffle = (bytes: string, a: string, b: string) =>
    `(i8x16.shuffle ${bytes} ${get(a)} ${get(b)})`;
  if (t.lanes === 2) {
    out.push(
      store(0, shuffle(TRANSPOSE.f64[0], "x0", "x1")),
      store(1, shuffle(TRANSPOSE.f64[1], "x0", "x1")),
    );
    return out;
  }
  // (x0[0] x1[0] x0[1] x1[1]), (x0[2] x1[2] x0[3] x1[3]), same for x2, x3
  out.push(
    set("y0", shuffle(TRANSPOSE.f32lo, "x0", "x1")),
    set("y1", shuffle(TRANSPOSE.f32hi, "x0", "x1")),
    set("y2", shuffle(TRANSPOSE.f32lo, "x2", "x3")),
    set("y3", shuffle(TRANSPOSE.f32hi, "x2", "x3")),
    store(0, shuffle(TRANSPOSE.f64[0], "y0", "y2")),
    store(1, shuffle(TRANSPOSE.f64[1], "y0", "y2")),
    store(2, shuffle(TRANSPOSE.f64[0], "y1", "y3")),
    store(3, shuffle(TRANSPOSE.f64[1], "y1", "y3")),
  );
  return out;
}

/** The copy of rows `j..j+width` of W into the panel, transposed. */
function pack(t: Elem, width: number, l: string): string {
  const wb = t.size * width, s = t.size;
  const copy = (to: string, from: string) =>
    `(${t.name}.store ${to} (${t.name}.load ${from}))`;
  const start = `${
    set("src", add(get("pW"), `(i32.mul ${get("j")} ${get("kb")})`))
  }
      ${set("dst", get("panel"))}`;
  if (width === 1) {
    return `;; row j of W, as it is
      ${start}
      ${set("se", add(get("src"), get("kb")))}
      ${
      whileLoop(
        `${l}p`,
        `(i32.ge_u ${get("src")} ${get("se")})`,
        `${copy(get("dst"), get("src"))}
        ${step("src", i32(s))}
        ${step("dst", i32(s))}`,
      )
    }`;
  }
  const tiles = [set("rp", get("src"))];
  for (let g = 0; g < width / t.lanes; g++) tiles.push(...tile(t, g, wb));
  const last = [set("rp", get("src"))];
  for (let q = 0; q < width; q++) {
    last.push(
      `(${t.name}.store offset=${s * q} ${get("dst")} (${t.name}.load ${
        get("rp")
      }))`,
      step("rp", get("kb")),
    );
  }
  return `;; rows j..j+${width} of W transposed, panel[c][jj] = W[j+jj][c]:
      ;; tiles of ${t.lanes} x ${t.lanes}, then the last k mod ${t.lanes} columns
      ${start}
      ${set("se", add(get("src"), `(i32.and ${get("kb")} ${i32(-16)})`))}
      ${
    whileLoop(
      `${l}p`,
      `(i32.ge_u ${get("src")} ${get("se")})`,
      `${tiles.join("\n        ")}
        ${step("src", i32(16))}
        ${step("dst", i32(t.lanes * wb))}`,
    )
  }
      ${set("se", add(get("se"), `(i32.and ${get("kb")} ${i32(15)})`))}
      ${
    whileLoop(
      `${l}e`,
      `(i32.ge_u ${get("src")} ${get("se")})`,
      `${last.join("\n        ")}
        ${step("src", i32(s))}
        ${step("dst", i32(wb))}`,
    )
  }`;
}

/** One block width's loop over the columns of O: the panels packed. */
function packBlock(t: Elem, width: number): string {
  const l = `p${width}`;
  return `;; ${width} column${width > 1 ? "s" : ""} of O at a time
    ${
    whileLoop(
      l,
      `(i32.gt_s ${add(get("j"), i32(width))} ${get("j1")})`,
      `${set("panel", add(get("pP"), `(i32.mul ${get("j")} ${get("kb")})`))}
      ${pack(t, width, l)}
      ${set("j", add(get("j"), i32(width)))}`,
    )
  }`;
}

/** One block width's loop over the columns of O: rows r0..r1 against the
 * packed panel. */
function rowsBlock(t: Elem, width: number): string {
  const l = `n${width}`, wb = t.size * width, accs = accumulators(t, width);
  const outRow = add(`(i32.mul ${get("r")} ${get("n")})`, get("j"));
  // float64: + b[j] before the store, when there is a bias (the same one
  // rounding as add_bias_f64 after the product)
  const fuse = t.name === "f64";
  const biasAt = add(get("pBias"), `(i32.shl ${get("j")} ${i32(3)})`);
  const bias = (q: number) => `(v128.load offset=${16 * q} ${biasAt})`;
  const stores = width === 1
    ? `${
      fuse
        ? `(if (i32.ge_s ${get("pBias")} ${i32(0)}) (then ${
          set("s", `(f64.add ${get("s")} (f64.load ${biasAt}))`)
        }))`
        : ""
    }
          (${t.name}.store ${get("o")} ${get("s")})`
    : `${
      fuse
        ? `(if (i32.ge_s ${get("pBias")} ${i32(0)}) (then ${
          accs.map((a, q) => set(a, `(f64x2.add ${get(a)} ${bias(q)})`))
            .join(" ")
        }))`
        : ""
    }
          ${
      accs.map((a, q) => `(v128.store offset=${16 * q} ${get("o")} ${get(a)})`)
        .join("\n          ")
    }`;
  // float64: A = σ(Z) on the block's rows, in L1 still
  const sigmoid = !fuse ? "" : `(if (i32.ge_s ${get("pA")} ${i32(0)}) (then
        ${set("r", get("r0"))}
        ${
    whileLoop(
      `${l}s`,
      `(i32.ge_s ${get("r")} ${get("r1")})`,
      `${set("o", `(i32.shl ${outRow} ${i32(3)})`)}
          (call $sigmoid_f64 ${add(get("pO"), get("o"))} ${
        add(get("pA"), get("o"))
      } ${i32(width)})
          ${set("r", add(get("r"), i32(1)))}`,
    )
  }))`;
  const rowStart = (r: string) =>
    `(i32.load ${add(get("pS"), `(i32.shl ${r} ${i32(2)})`)})`;
  const rowEnd = `(i32.load offset=4 ${
    add(get("pS"), `(i32.shl ${get("r")} ${i32(2)})`)
  })`;
  return `;; ${width} column${width > 1 ? "s" : ""} of O at a time
    ${
    whileLoop(
      l,
      `(i32.gt_s ${add(get("j"), i32(width))} ${get("j1")})`,
      `${set("panel", add(get("pP"), `(i32.mul ${get("j")} ${get("kb")})`))}
      ;; the rows of A against the panel
      ${set("r", get("r0"))}
      ${set("ti", add(get("pI"), `(i32.shl ${rowStart(get("r0"))} ${i32(2)})`))}
      ${set("tv", add(get("pV"), `(i32.shl ${rowStart(get("r0"))} ${i32(3)})`))}
      ${
        whileLoop(
          `${l}r`,
          `(i32.ge_s ${get("r")} ${get("r1")})`,
          `${set("te", add(get("pI"), `(i32.shl ${rowEnd} ${i32(2)})`))}
        ${
            sumNonzeros(
              t,
              width,
              `${l}t`,
              (index) => add(get("panel"), `(i32.mul ${index} ${i32(wb)})`),
            )
          }
        ${set("o", add(get("pO"), `(i32.mul ${outRow} ${i32(t.size)})`))}
        ${stores}
        ${set("r", add(get("r"), i32(1)))}`,
        )
      }
      ${sigmoid}
      ${set("j", add(get("j"), i32(width)))}`,
    )
  }`;
}

/**
 * The `pack_<t>` function: the panels of the columns `j0 <= j < j1` of O
 * (W's rows, transposed by blocks) at `pP + j·k·size`, for `nt_rows_<t>`.
 * `j0` is a multiple of the widest block, and `j1` one too or `n`, so that
 * the blocks are those of a pack of all of W.
 *
 * @param t The element type of W and the panels.
 * @returns WebAssembly text of one function.
 *
 * @example
 * ```ts
 * import { packPanels } from "./gen_sparse_nt.ts";
 * import { F64 } from "./sparse_elem.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(packPanels(F64).includes('(export "pack_f64")'));
 * ```
 */
export function packPanels(t: Elem): string {
  return `
  ;; the panels of rows j0 <= j < j1 of B (n x k, ${t.name}, at pW) at pP
  (func $pack_${t.name} (export "pack_${t.name}")
    (param $pW i32) (param $k i32) (param $j0 i32) (param $j1 i32)
    (param $pP i32)
    (local $j i32) (local $kb i32) (local $panel i32) (local $src i32)
    (local $se i32) (local $dst i32) (local $rp i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    ${set("kb", `(i32.mul ${get("k")} ${i32(t.size)})`)}
    ${set("j", get("j0"))}
    ${t.widths.map((w) => packBlock(t, w)).join("\n    ")}
  )`;
}

/**
 * The `nt_rows_<t>` function: the rows `r0 <= r < r1` of O's columns
 * `j0 <= j < j1`, against panels that `pack_<t>` wrote (`j0` and `j1` as
 * there). A split over rows: each part passes over its own rows' nonzeros
 * only, so two threads share any number of columns evenly.
 *
 * @param t The element type of the panels and O.
 * @returns WebAssembly text of one function.
 *
 * @example
 * ```ts
 * import { ntRows } from "./gen_sparse_nt.ts";
 * import { F64 } from "./sparse_elem.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ntRows(F64).includes('(export "nt_rows_f64")'));
 * ```
 */
export function ntRows(t: Elem): string {
  return `
  ;; O (m x n) = A B^T for O's rows r0 <= r < r1 and columns j0 <= j < j1,
  ;; A (m x k) as CSR (pS, pI, pV: float64 values), B packed at pP. ${t.name} O.
  ;; float64: with pBias >= 0, O += 1 bias^T; with pA >= 0, σ(O) at pA.
  (func $nt_rows_${t.name} (export "nt_rows_${t.name}")
    (param $pO i32) (param $pS i32) (param $pI i32) (param $pV i32)
    (param $k i32) (param $n i32) (param $j0 i32) (param $j1 i32)
    (param $r0 i32) (param $r1 i32) (param $pP i32) (param $pBias i32)
    (param $pA i32)
    (local $j i32) (local $kb i32) (local $panel i32) (local $r i32)
    (local $ti i32) (local $te i32) (local $tv i32) (local $a i32)
    (local $o i32) (local $s ${t.name}) (local $v v128)
    ${accumulatorLocals(t)}
    ${set("kb", `(i32.mul ${get("k")} ${i32(t.size)})`)}
    ${set("j", get("j0"))}
    ${t.widths.map((w) => rowsBlock(t, w)).join("\n    ")}
  )`;
}

/**
 * The `nt_packed_<t>` function: for each widest block of the columns
 * `j0 <= j < j1` of O (and the rest), its panel packed, then every row of
 * A against it (the panel still in cache).
 *
 * @param t The element type of W, O and the packed panels.
 * @returns WebAssembly text of one function.
 *
 * @example
 * ```ts
 * import { ntPacked } from "./gen_sparse_nt.ts";
 * import { F64 } from "./sparse_elem.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ntPacked(F64).includes('(export "nt_packed_f64")'));
 * ```
 */
export function ntPacked(t: Elem): string {
  const w = t.widths[0]!;
  return `
  ;; O (m x n) = A B^T, A (m x k) as CSR (pS, pI, pV: float64 values), B
  ;; (n x k) dense at pW; only the columns j0 <= j < j1 of O (a thread's
  ;; part), packing the rows of B they need at pP + j·k·${t.size}. ${t.name} B, O.
  ;; float64: with pBias >= 0, O += 1 bias^T; with pA >= 0, σ(O) at pA.
  (func (export "nt_packed_${t.name}")
    (param $pW i32) (param $pO i32) (param $pS i32) (param $pI i32)
    (param $pV i32) (param $m i32) (param $k i32) (param $n i32)
    (param $j0 i32) (param $j1 i32) (param $pP i32) (param $pBias i32)
    (param $pA i32)
    (local $j i32) (local $je i32)
    ${set("j", get("j0"))}
    ${
    whileLoop(
      "b",
      `(i32.ge_s ${get("j")} ${get("j1")})`,
      `${set("je", add(get("j"), i32(w)))}
      (if (i32.gt_s ${get("je")} ${get("j1")}) (then ${set("je", get("j1"))}))
      (call $pack_${t.name} ${get("pW")} ${get("k")} ${get("j")} ${get("je")} ${
        get("pP")
      })
      (call $nt_rows_${t.name} ${get("pO")} ${get("pS")} ${get("pI")} ${
        get("pV")
      } ${get("k")} ${get("n")} ${get("j")} ${get("je")} (i32.const 0) ${
        get("m")
      } ${get("pP")} ${get("pBias")} ${get("pA")})
      ${set("j", get("je"))}`,
    )
  }
  )`;
}

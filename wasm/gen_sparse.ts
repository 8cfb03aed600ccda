/**
 * Writes the WebAssembly text of the first layer's sparse products in
 * SIMD, which `wasm/gen_dense.ts` puts into the dense modules (see
 * `tensor/kernels/dense_kernels.ts`):
 *
 * - `nt_packed`: the forward `O = A Bᵀ` (`A` = the pixels, `m x k`, as
 *   compressed rows; `B` = W, `n x k`; `O` = Z, `m x n`) for the columns
 *   `j0 <= j < j1` of O. A block of 16, 8, 4, 2 or 1 rows of W is first
 *   packed transposed (`k x width`, at `pP + j·k·8`), so that each nonzero
 *   `A[i][c]` multiplies `width` contiguous weights; the sums stay in
 *   registers, two per f64x2, and are stored once per row of O.
 * - `csr_to_csc`: a batch of pixel rows, compressed by rows (CSR), compressed
 *   by columns (CSC) instead; each column's entries keep the rows' order, and
 *   each stores its row's byte offset in Δ (`row · rowBytes`) beside its
 *   value.
 * - `tn_csc`: BP4 `O = Aᵀ B` (`A` = Δ, `k x m`; `B` = the pixels, `k x n`,
 *   as compressed columns; `O` = ∂C/∂W, `m x n`) for the rows
 *   `i0 <= i < i1` of O. For a block of 16, 8, 4, 2 or 1 rows of O and one
 *   column `c` of B, the sums `Σ_p A[p][i] B[p][c]` over the column's nonzero
 *   rows `p` stay in registers; the block's columns of A (16 values of each
 *   of the batch's rows) stay in the L1 cache while `c` runs.
 *
 * Every sum adds the same products (multiplied, then added: no fused
 * multiply-add) in the same order (a row's columns, or the batch's rows,
 * ascending) as the naive loop that skips no zeros, so the result is bit for
 * bit the same, whatever part of O a thread computes. The older scalar
 * kernels (`wasm/sparse_kernels.wat`) loaded each of a nonzero's products'
 * other factor from a different row, and BP4's wrote each product into O.
 *
 * @module
 */
import { add, get, i32, set } from "./wat_text.ts";

/** Block widths (rows of O at a time), widest first. */
const WIDTHS = [16, 8, 4, 2, 1] as const;

/** `while (cond) body` as a block and a loop named `l`. */
function whileLoop(l: string, exitIf: string, body: string): string {
  return `(block $${l}d (loop $${l}l
      (br_if $${l}d ${exitIf})
      ${body}
      (br $${l}l)))`;
}

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

/** One block width's loop over the rows of O in `tn_csc`. */
function tnBlock(width: number): string {
  const pairs = width / 2, l = `w${width}`;
  const accs = Array.from({ length: Math.max(1, pairs) }, (_, q) => `acc${q}`);
  const zero = width === 1
    ? set("s", "(f64.const 0)")
    : accs.map((a) => set(a, "(v128.const i64x2 0 0)")).join("\n          ");
  const update = width === 1
    ? set(
      "s",
      `(f64.add ${get("s")} (f64.mul (f64.load ${get("a")}) (f64.load ${
        get("tv")
      })))`,
    )
    : [
      set("v", `(f64x2.splat (f64.load ${get("tv")}))`),
      ...accs.map((a, q) =>
        set(
          a,
          `(f64x2.add ${get(a)} (f64x2.mul (v128.load offset=${16 * q} ${
            get("a")
          }) ${get("v")}))`,
        )
      ),
    ].join("\n            ");
  const stores = width === 1
    ? `(f64.store ${get("oc")} ${get("s")})`
    : accs.flatMap((a) =>
      [0, 1].map((lane) =>
        `(f64.store ${get("oc")} (f64x2.extract_lane ${lane} ${get(a)}))
          ${set("oc", add(get("oc"), get("nb")))}`
      )
    ).join("\n          ");
  return `;; ${width} row${width > 1 ? "s" : ""} of O at a time
    ${
    whileLoop(
      l,
      `(i32.gt_s ${add(get("i"), i32(width))} ${get("i1")})`,
      `${set("base", add(get("pA"), `(i32.shl ${get("i")} ${i32(3)})`))}
      ${set("ti", get("pI"))}
      ${set("tv", get("pV"))}
      ${set("cs", get("pS"))}
      ${set("o", add(get("pO"), `(i32.mul ${get("i")} ${get("nb")})`))}
      ${set("oe", add(get("o"), `(i32.shl ${get("n")} ${i32(3)})`))}
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
        ${zero}
        ${
            whileLoop(
              `${l}t`,
              `(i32.ge_u ${get("ti")} ${get("te")})`,
              `${set("a", add(get("base"), `(i32.load ${get("ti")})`))}
          ${update}
          ${set("ti", add(get("ti"), i32(4)))}
          ${set("tv", add(get("tv"), i32(8)))}`,
            )
          }
        ${set("oc", get("o"))}
        ${stores}
        ${set("cs", add(get("cs"), i32(4)))}
        ${set("o", add(get("o"), i32(8)))}`,
        )
      }
      ${set("i", add(get("i"), i32(width)))}`,
    )
  }`;
}

/** The `tn_csc` function. */
function tnCsc(): string {
  return `
  ;; O (m x n) = A^T B, A (k x m) dense, B (k x n) as CSC from csr_to_csc
  ;; (pS: starts, pI: row byte offsets in A, pV: values); only the rows
  ;; i0 <= i < i1 of O (a thread's part).
  (func (export "tn_csc")
    (param $pA i32) (param $pO i32) (param $pS i32) (param $pI i32)
    (param $pV i32) (param $k i32) (param $m i32) (param $n i32)
    (param $i0 i32) (param $i1 i32)
    (local $i i32) (local $nb i32) (local $base i32) (local $ti i32)
    (local $te i32) (local $tv i32) (local $cs i32) (local $o i32)
    (local $oe i32) (local $oc i32) (local $a i32) (local $s f64)
    (local $v v128)
    ${Array.from({ length: 8 }, (_, q) => `(local $acc${q} v128)`).join(" ")}
    ${set("nb", `(i32.shl ${get("n")} ${i32(3)})`)}
    ${set("i", get("i0"))}
    ${WIDTHS.map(tnBlock).join("\n    ")}
  )`;
}

/** `nt_packed`'s copy of rows `j..j+width` of W into the panel, transposed. */
function pack(width: number, l: string): string {
  const wb = 8 * width;
  const step = (p: string, bytes: string) => set(p, add(get(p), bytes));
  if (width === 1) {
    return `;; row j of W, as it is
      ${set("src", add(get("pW"), `(i32.mul ${get("j")} ${get("kb")})`))}
      ${set("se", add(get("src"), get("kb")))}
      ${set("dst", get("panel"))}
      ${
      whileLoop(
        `${l}p`,
        `(i32.ge_u ${get("src")} ${get("se")})`,
        `(f64.store ${get("dst")} (f64.load ${get("src")}))
        ${step("src", i32(8))}
        ${step("dst", i32(8))}`,
      )
    }`;
  }
  const low = "0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23";
  const high = "8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31";
  const pairs: string[] = [set("rp", get("src"))];
  const odd: string[] = [set("rp", get("src"))];
  for (let q = 0; q < width / 2; q++) {
    pairs.push(
      set("x", `(v128.load ${get("rp")})`),
      step("rp", get("kb")),
      set("y", `(v128.load ${get("rp")})`),
      step("rp", get("kb")),
      `(v128.store offset=${16 * q} ${get("dst")}
          (i8x16.shuffle ${low} ${get("x")} ${get("y")}))`,
      `(v128.store offset=${wb + 16 * q} ${get("dst")}
          (i8x16.shuffle ${high} ${get("x")} ${get("y")}))`,
    );
  }
  for (let q = 0; q < width; q++) {
    odd.push(
      `(f64.store offset=${8 * q} ${get("dst")} (f64.load ${get("rp")}))`,
      step("rp", get("kb")),
    );
  }
  return `;; rows j..j+${width} of W transposed, panel[c][jj] = W[j+jj][c]:
      ;; two columns of two rows at a time, then an odd last column
      ${set("src", add(get("pW"), `(i32.mul ${get("j")} ${get("kb")})`))}
      ${set("se", add(get("src"), `(i32.and ${get("kb")} ${i32(-16)})`))}
      ${set("dst", get("panel"))}
      ${
    whileLoop(
      `${l}p`,
      `(i32.ge_u ${get("src")} ${get("se")})`,
      `${pairs.join("\n        ")}
        ${step("src", i32(16))}
        ${step("dst", i32(2 * wb))}`,
    )
  }
      (if (i32.and ${get("kb")} ${i32(8)})
        (then
        ${odd.join("\n        ")}))`;
}

/** One block width's loop over the columns of O in `nt_packed`. */
function ntBlock(width: number): string {
  const pairs = width / 2, l = `n${width}`, wb = 8 * width;
  const accs = Array.from({ length: Math.max(1, pairs) }, (_, q) => `acc${q}`);
  const zero = width === 1
    ? set("s", "(f64.const 0)")
    : accs.map((a) => set(a, "(v128.const i64x2 0 0)")).join("\n          ");
  const update = width === 1
    ? set(
      "s",
      `(f64.add ${get("s")} (f64.mul (f64.load ${get("tv")}) (f64.load ${
        get("a")
      })))`,
    )
    : [
      set("v", `(f64x2.splat (f64.load ${get("tv")}))`),
      ...accs.map((a, q) =>
        set(
          a,
          `(f64x2.add ${get(a)} (f64x2.mul ${get("v")} (v128.load offset=${
            16 * q
          } ${get("a")})))`,
        )
      ),
    ].join("\n            ");
  const stores = width === 1
    ? `(f64.store ${get("o")} ${get("s")})`
    : accs.map((a, q) => `(v128.store offset=${16 * q} ${get("o")} ${get(a)})`)
      .join("\n          ");
  return `;; ${width} column${width > 1 ? "s" : ""} of O at a time
    ${
    whileLoop(
      l,
      `(i32.gt_s ${add(get("j"), i32(width))} ${get("j1")})`,
      `${set("panel", add(get("pP"), `(i32.mul ${get("j")} ${get("kb")})`))}
      ${pack(width, l)}
      ;; every row of A against the panel
      ${set("r", i32(0))}
      ${set("ti", get("pI"))}
      ${set("tv", get("pV"))}
      ${
        whileLoop(
          `${l}r`,
          `(i32.ge_s ${get("r")} ${get("m")})`,
          `${
            set(
              "te",
              add(
                get("pI"),
                `(i32.shl (i32.load offset=4 ${
                  add(get("pS"), `(i32.shl ${get("r")} ${i32(2)})`)
                }) ${i32(2)})`,
              ),
            )
          }
        ${zero}
        ${
            whileLoop(
              `${l}t`,
              `(i32.ge_u ${get("ti")} ${get("te")})`,
              `${
                set(
                  "a",
                  add(
                    get("panel"),
                    `(i32.mul (i32.load ${get("ti")}) ${i32(wb)})`,
                  ),
                )
              }
          ${update}
          ${set("ti", add(get("ti"), i32(4)))}
          ${set("tv", add(get("tv"), i32(8)))}`,
            )
          }
        ${
            set(
              "o",
              add(
                get("pO"),
                `(i32.shl ${
                  add(`(i32.mul ${get("r")} ${get("n")})`, get("j"))
                } ${i32(3)})`,
              ),
            )
          }
        ${stores}
        ${set("r", add(get("r"), i32(1)))}`,
        )
      }
      ${set("j", add(get("j"), i32(width)))}`,
    )
  }`;
}

/** The `nt_packed` function. */
function ntPacked(): string {
  return `
  ;; O (m x n) = A B^T, A (m x k) as CSR (pS, pI, pV), B (n x k) dense at
  ;; pW; only the columns j0 <= j < j1 of O (a thread's part), packing the
  ;; rows of B they need at pP + j·k·8.
  (func (export "nt_packed")
    (param $pW i32) (param $pO i32) (param $pS i32) (param $pI i32)
    (param $pV i32) (param $m i32) (param $k i32) (param $n i32)
    (param $j0 i32) (param $j1 i32) (param $pP i32)
    (local $j i32) (local $kb i32) (local $panel i32) (local $jj i32)
    (local $src i32) (local $se i32) (local $dst i32) (local $r i32)
    (local $ti i32) (local $te i32) (local $tv i32) (local $a i32)
    (local $o i32) (local $rp i32) (local $s f64) (local $v v128)
    (local $x v128) (local $y v128)
    ${Array.from({ length: 8 }, (_, q) => `(local $acc${q} v128)`).join(" ")}
    ${set("kb", `(i32.shl ${get("k")} ${i32(3)})`)}
    ${set("j", get("j0"))}
    ${WIDTHS.map(ntBlock).join("\n    ")}
  )`;
}

/**
 * The text of `nt_packed`, `csr_to_csc` and `tn_csc`.
 *
 * @returns WebAssembly text: functions for a module importing `env.memory`.
 *
 * @example
 * ```ts
 * import { sparseWat } from "./gen_sparse.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(sparseWat().includes('(export "nt_packed")'));
 * ```
 */
export function sparseWat(): string {
  return [ntPacked(), csrToCsc(), tnCsc()].join("\n");
}

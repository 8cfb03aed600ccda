/**
 * Writes the WebAssembly text of the dense SIMD kernels: one module with a
 * relaxed-SIMD fused multiply-add (`wasm/dense_relaxed.wat`) and one with
 * plain SIMD `mul` + `add` (`wasm/dense_simd.wat`), each with float64
 * (f64x2) and float32 (f32x4) versions of two products:
 *
 * - `nt_*`: `O = A Bᵀ (+ bias)`, the forward `Z = X Wᵀ + 1 bᵀ`, dot products
 *   along the rows of both, a 2 x 4 block of vector accumulators;
 * - `nn_*`: `O = A B` with `A` read through strides, so that it is BP2's
 *   `Δ W` (A row-major) and BP4's `Δᵀ X` (A transposed) alike, a 2-row by
 *   four-vector block of outputs.
 *
 * Every output element is computed by the same operations in the same
 * order whatever block, cache chunk or partition it falls in (the column
 * tails use the same vector instruction on one lane), so splitting the
 * output between threads changes no bit. `deno task wasm:build` runs this,
 * then compiles the `.wat` files.
 *
 * @module
 */
import { add, get, i32, mul, set } from "./wat_text.ts";
import { sigmoidTableWat, sigmoidWat } from "./gen_sigmoid.ts";
import { maxPoolWat } from "./gen_pool.ts";
import {
  addBias32Wat,
  colSums32Wat,
  convertWat,
  elementwiseWat,
  maxPoolBackWat,
  rowVectorWat,
} from "./gen_elementwise.ts";
import { convWat } from "./gen_conv.ts";
import { sparseWat } from "./gen_sparse.ts";
import { sigmoid32Wat } from "./gen_sigmoid32.ts";

/** The element type of a kernel. */
type Elem = "f64" | "f32";

interface Types {
  /** Scalar type. */
  t: Elem;
  /** Vector shape, `f64x2` or `f32x4`. */
  v: string;
  /** Lanes per vector. */
  lanes: number;
  /** Bytes per element. */
  size: number;
  /** log2 of size. */
  shift: number;
  /** `load64_splat` or `load32_splat`. */
  splat: string;
}

const TYPES: Record<Elem, Types> = {
  f64: {
    t: "f64",
    v: "f64x2",
    lanes: 2,
    size: 8,
    shift: 3,
    splat: "v128.load64_splat",
  },
  f32: {
    t: "f32",
    v: "f32x4",
    lanes: 4,
    size: 4,
    shift: 2,
    splat: "v128.load32_splat",
  },
};

/** `a b + c` as the module does it. */
function madd(
  T: Types,
  relaxed: boolean,
  a: string,
  b: string,
  c: string,
): string {
  return relaxed
    ? `(${T.v}.relaxed_madd ${a} ${b} ${c})`
    : `(${T.v}.add (${T.v}.mul ${a} ${b}) ${c})`;
}

/** The sum of a vector's lanes, in a fixed order. */
function hsum(T: Types, x: string): string {
  const lane = (i: number) => `(${T.v}.extract_lane ${i} ${x})`;
  if (T.lanes === 2) return `(f64.add ${lane(0)} ${lane(1)})`;
  return `(f32.add (f32.add ${lane(0)} ${lane(1)}) (f32.add ${lane(2)} ${
    lane(3)
  }))`;
}

/**
 * The NT kernel: `O[i][j] = Σ_p A[i][p] B[j][p] (+ bias[j])` for all rows
 * `i < m` and `j0 <= j < j1`. Element order: vector lanes over the first
 * `k - k mod lanes` terms, lanes summed, the remaining terms one by one,
 * then the bias.
 */
function nt(T: Types, relaxed: boolean): string {
  const R = 2, C = 4;
  const accs: string[] = [];
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) accs.push(`s${r}${c}`);
  }
  const block = (rows: number, cols: number): string => {
    const out: string[] = [];
    for (let r = 0; r < rows; r++) {
      out.push(
        set(`a${r}`, add(get("pA"), mul(add(get("i"), i32(r)), get("kb")))),
      );
    }
    for (let c = 0; c < cols; c++) {
      out.push(
        set(`b${c}`, add(get("pB"), mul(add(get("j"), i32(c)), get("kb")))),
      );
    }
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        out.push(set(`s${r}${c}`, "(v128.const i64x2 0 0)"));
      }
    }
    out.push(set("p", i32(0)));
    const body: string[] = [];
    for (let r = 0; r < rows; r++) {
      body.push(set(`x${r}`, `(v128.load ${add(get(`a${r}`), get("p"))})`));
    }
    for (let c = 0; c < cols; c++) {
      body.push(set("w", `(v128.load ${add(get(`b${c}`), get("p"))})`));
      for (let r = 0; r < rows; r++) {
        body.push(
          set(
            `s${r}${c}`,
            madd(T, relaxed, get(`x${r}`), get("w"), get(`s${r}${c}`)),
          ),
        );
      }
    }
    out.push(`(block $pd (loop $pl
      (br_if $pd (i32.ge_u ${get("p")} ${get("kv")}))
      ${body.join("\n      ")}
      ${set("p", add(get("p"), i32(16)))}
      (br $pl)))`);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        out.push(set("t", hsum(T, get(`s${r}${c}`))));
        out.push(`(block $td (loop $tl
      (br_if $td (i32.ge_u ${get("p")} ${get("kb")}))
      ${
          set(
            "t",
            `(${T.t}.add ${get("t")} (${T.t}.mul (${T.t}.load ${
              add(get(`a${r}`), get("p"))
            }) (${T.t}.load ${add(get(`b${c}`), get("p"))})))`,
          )
        }
      ${set("p", add(get("p"), i32(T.size)))}
      (br $tl)))`);
        out.push(set("p", get("kv")));
        const at = `(i32.shl ${add(get("j"), i32(c))} ${i32(T.shift)})`;
        out.push(
          `(if ${get("hasBias")} (then ${
            set(
              "t",
              `(${T.t}.add ${get("t")} (${T.t}.load ${add(get("pBias"), at)}))`,
            )
          }))`,
        );
        out.push(
          `(${T.t}.store ${
            add(get("pO"), add(mul(add(get("i"), i32(r)), get("nb")), at))
          } ${get("t")})`,
        );
      }
    }
    return out.join("\n    ");
  };
  const jLoop = (rows: number, name: string) => `
    ${set("j", get("jc"))}
    (block $${name}4d (loop $${name}4l
      (br_if $${name}4d (i32.gt_s ${add(get("j"), i32(C))} ${get("je")}))
      ${block(rows, C)}
      ${set("j", add(get("j"), i32(C)))}
      (br $${name}4l)))
    (block $${name}1d (loop $${name}1l
      (br_if $${name}1d (i32.ge_s ${get("j")} ${get("je")}))
      ${block(rows, 1)}
      ${set("j", add(get("j"), i32(1)))}
      (br $${name}1l)))`;
  return `
  ;; O (m x n) = A (m x k) B (n x k)^T (+ bias), columns j0 <= j < j1
  (func (export "nt_${T.t}")
    (param $pA i32) (param $pB i32) (param $pBias i32) (param $hasBias i32)
    (param $pO i32) (param $m i32) (param $k i32) (param $n i32)
    (param $j0 i32) (param $j1 i32)
    (local $kb i32) (local $kv i32) (local $nb i32) (local $chunk i32)
    (local $jc i32) (local $je i32) (local $i i32) (local $j i32) (local $p i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $x0 v128) (local $x1 v128) (local $w v128) (local $t ${T.t})
    ${accs.map((s) => `(local $${s} v128)`).join(" ")}
    ${set("kb", `(i32.shl ${get("k")} ${i32(T.shift)})`)}
    ${
    set(
      "kv",
      `(i32.shl (i32.and ${get("k")} ${i32(-T.lanes)}) ${i32(T.shift)})`,
    )
  }
    ${set("nb", `(i32.shl ${get("n")} ${i32(T.shift)})`)}
    ;; rows of B in chunks of about 128 KiB, which stay in L2 while every
    ;; row of A passes over them
    ${
    set(
      "chunk",
      `(i32.and (i32.div_u ${i32(131072)} (i32.add ${get("kb")} ${i32(1)})) ${
        i32(-4)
      })`,
    )
  }
    (if (i32.lt_s ${get("chunk")} ${i32(4)}) (then ${set("chunk", i32(4))}))
    ${set("jc", get("j0"))}
    (block $cd (loop $cl
      (br_if $cd (i32.ge_s ${get("jc")} ${get("j1")}))
      ${set("je", add(get("jc"), get("chunk")))}
      (if (i32.gt_s ${get("je")} ${get("j1")}) (then ${set("je", get("j1"))}))
      ${set("i", i32(0))}
      (block $id (loop $il
        (br_if $id (i32.gt_s ${add(get("i"), i32(R))} ${get("m")}))
        ${jLoop(2, "two")}
        ${set("i", add(get("i"), i32(R)))}
        (br $il)))
      (if (i32.lt_s ${get("i")} ${get("m")}) (then
        ${jLoop(1, "one")}))
      ${set("jc", get("je"))}
      (br $cl)))
  )`;
}

/**
 * The NN kernel: `O[r][c] = Σ_p A(r, p) B[p][c]` for `r0 <= r < r1`,
 * `c0 <= c < c1`, where `A(r, p)` is at `pA + r·aRow + p·aCol` (bytes), `B`
 * is `K x N` and `O` is `M x N`, both row-major. Element order: `p`
 * increasing, one multiply-add each (a lone column uses the vector
 * instruction on one lane, the same operation).
 */
function nn(T: Types, relaxed: boolean): string {
  const R = 2, V = 4, L = T.lanes;
  const accs: string[] = [];
  for (let r = 0; r < R; r++) {
    for (let v = 0; v < V; v++) accs.push(`s${r}${v}`);
  }
  /** rows x vecs outputs; lone: one element in lane 0. */
  const block = (rows: number, vecs: number, lone: boolean): string => {
    const out: string[] = [];
    for (let r = 0; r < rows; r++) {
      out.push(
        set(`a${r}`, add(get("pA"), mul(add(get("r"), i32(r)), get("aRow")))),
      );
      for (let v = 0; v < vecs; v++) {
        out.push(set(`s${r}${v}`, "(v128.const i64x2 0 0)"));
      }
    }
    out.push(set("b", add(get("pB"), `(i32.shl ${get("c")} ${i32(T.shift)})`)));
    out.push(set("p", i32(0)));
    const body: string[] = [];
    for (let r = 0; r < rows; r++) {
      body.push(set(`x${r}`, `(${T.splat} ${get(`a${r}`)})`));
      body.push(set(`a${r}`, add(get(`a${r}`), get("aCol"))));
    }
    for (let v = 0; v < vecs; v++) {
      const load = lone
        ? `(${T.splat} ${get("b")})`
        : `(v128.load offset=${16 * v} ${get("b")})`;
      body.push(set("w", load));
      for (let r = 0; r < rows; r++) {
        body.push(
          set(
            `s${r}${v}`,
            madd(T, relaxed, get(`x${r}`), get("w"), get(`s${r}${v}`)),
          ),
        );
      }
    }
    out.push(`(block $pd (loop $pl
      (br_if $pd (i32.ge_s ${get("p")} ${get("K")}))
      ${body.join("\n      ")}
      ${set("b", add(get("b"), get("nb")))}
      ${set("p", add(get("p"), i32(1)))}
      (br $pl)))`);
    for (let r = 0; r < rows; r++) {
      const o = add(
        get("pO"),
        add(
          mul(add(get("r"), i32(r)), get("nb")),
          `(i32.shl ${get("c")} ${i32(T.shift)})`,
        ),
      );
      if (lone) {
        out.push(
          `(${T.t}.store ${o} (${T.v}.extract_lane 0 ${get(`s${r}0`)}))`,
        );
      } else {
        for (let v = 0; v < vecs; v++) {
          out.push(`(v128.store offset=${16 * v} ${o} ${get(`s${r}${v}`)})`);
        }
      }
    }
    return out.join("\n    ");
  };
  const cLoop = (rows: number, name: string) => `
    ${set("c", get("cc"))}
    (block $${name}vd (loop $${name}vl
      (br_if $${name}vd (i32.gt_s ${add(get("c"), i32(V * L))} ${get("ce")}))
      ${block(rows, V, false)}
      ${set("c", add(get("c"), i32(V * L)))}
      (br $${name}vl)))
    (block $${name}1d (loop $${name}1l
      (br_if $${name}1d (i32.gt_s ${add(get("c"), i32(L))} ${get("ce")}))
      ${block(rows, 1, false)}
      ${set("c", add(get("c"), i32(L)))}
      (br $${name}1l)))
    (block $${name}sd (loop $${name}sl
      (br_if $${name}sd (i32.ge_s ${get("c")} ${get("ce")}))
      ${block(rows, 1, true)}
      ${set("c", add(get("c"), i32(1)))}
      (br $${name}sl)))`;
  return `
  ;; O (M x N) = A (M x K, strides aRow, aCol in bytes) B (K x N), rows
  ;; r0 <= r < r1 and columns c0 <= c < c1
  (func (export "nn_${T.t}")
    (param $pA i32) (param $aRow i32) (param $aCol i32) (param $pB i32)
    (param $pO i32) (param $K i32) (param $N i32)
    (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32)
    (local $nb i32) (local $chunk i32) (local $cc i32) (local $ce i32)
    (local $r i32) (local $c i32) (local $p i32) (local $b i32)
    (local $a0 i32) (local $a1 i32)
    (local $x0 v128) (local $x1 v128) (local $w v128)
    ${accs.map((s) => `(local $${s} v128)`).join(" ")}
    ${set("nb", `(i32.shl ${get("N")} ${i32(T.shift)})`)}
    ;; columns of B in chunks of about 128 KiB, which stay in L2 while every
    ;; row of A passes over them
    ${
    set(
      "chunk",
      `(i32.and (i32.div_u ${i32(131072 / T.size)} (i32.add ${get("K")} ${
        i32(1)
      })) ${i32(-(V * L))})`,
    )
  }
    (if (i32.lt_s ${get("chunk")} ${i32(V * L)}) (then ${
    set("chunk", i32(V * L))
  }))
    ${set("cc", get("c0"))}
    (block $cd (loop $cl
      (br_if $cd (i32.ge_s ${get("cc")} ${get("c1")}))
      ${set("ce", add(get("cc"), get("chunk")))}
      (if (i32.gt_s ${get("ce")} ${get("c1")}) (then ${set("ce", get("c1"))}))
      ${set("r", get("r0"))}
      (block $id (loop $il
        (br_if $id (i32.gt_s ${add(get("r"), i32(R))} ${get("r1")}))
        ${cLoop(2, "two")}
        ${set("r", add(get("r"), i32(R)))}
        (br $il)))
      (if (i32.lt_s ${get("r")} ${get("r1")}) (then
        ${cLoop(1, "one")}))
      ${set("cc", get("ce"))}
      (br $cl)))
  )`;
}

/**
 * The peak of the machine's multiply-adds: `n` turns of twelve independent
 * chains `s ← s·b + a` (no memory traffic; the product depends on the
 * previous turn, so neither half can be hoisted), the lanes' sum returned
 * so that nothing is optimised away. Flops = 12 · 2 · lanes · n.
 */
function peak(T: Types, relaxed: boolean): string {
  const accs = Array.from({ length: 12 }, (_, i) => `s${i}`);
  return `
  ;; the multiply-add peak: n turns of 12 independent vector multiply-adds
  (func (export "peak_${T.t}") (param $n i32) (param $x ${T.t}) (result ${T.t})
    (local $a v128) (local $b v128) (local $t v128)
    ${accs.map((s) => `(local $${s} v128)`).join(" ")}
    ${set("a", `(${T.v}.splat ${get("x")})`)}
    ${set("b", `(${T.v}.splat (${T.t}.const 0.999))`)}
    (block $d (loop $l
      (br_if $d (i32.eqz ${get("n")}))
      ${
    accs.map((s) => set(s, madd(T, relaxed, get(s), get("b"), get("a")))).join(
      "\n      ",
    )
  }
      ${set("n", `(i32.sub ${get("n")} ${i32(1)})`)}
      (br $l)))
    ${set("t", get("s0"))}
    ${
    accs.slice(1).map((s) => set("t", `(${T.v}.add ${get("t")} ${get(s)})`))
      .join("\n    ")
  }
    ${hsum(T, get("t"))}
  )`;
}

/**
 * SGD on float32 weights, computed as the scalar TypeScript loop computes
 * it on a `Float32Array`: each weight and gradient widened to float64,
 * `shrink·w − η·g` (or `w − η·g`) in float64, then rounded to float32, two
 * weights at a time. The same IEEE operations, so the same bits.
 */
function sgdF32(): string {
  const step = (decay: boolean) => {
    const w = `(f64x2.promote_low_f32x4 (v128.load64_zero ${get("w")}))`;
    const g = `(f64x2.promote_low_f32x4 (v128.load64_zero ${get("g")}))`;
    const eg = `(f64x2.mul ${get("e")} ${g})`;
    const value = decay
      ? `(f64x2.sub (f64x2.mul ${get("s")} ${w}) ${eg})`
      : `(f64x2.sub ${w} ${eg})`;
    const ws = `(f64.promote_f32 (f32.load ${get("w")}))`;
    const gs = `(f64.promote_f32 (f32.load ${get("g")}))`;
    const one = decay
      ? `(f64.sub (f64.mul ${get("shrink")} ${ws}) (f64.mul ${
        get("eta")
      } ${gs}))`
      : `(f64.sub ${ws} (f64.mul ${get("eta")} ${gs}))`;
    const name = decay ? "d" : "p";
    return `(block $${name}2d (loop $${name}2l
        (br_if $${name}2d (i32.ge_u ${get("w")} ${get("end2")}))
        (v128.store64_lane 0 ${get("w")} (f32x4.demote_f64x2_zero ${value}))
        ${set("w", add(get("w"), i32(8)))}
        ${set("g", add(get("g"), i32(8)))}
        (br $${name}2l)))
      (block $${name}1d (loop $${name}1l
        (br_if $${name}1d (i32.ge_u ${get("w")} ${get("end")}))
        (f32.store ${get("w")} (f32.demote_f64 ${one}))
        ${set("w", add(get("w"), i32(4)))}
        ${set("g", add(get("g"), i32(4)))}
        (br $${name}1l)))`;
  };
  return `
  ;; SGD on n float32 weights at pW with their gradient at pG, in float64
  ;; as the scalar loop on a Float32Array computes it (the same bits)
  (func (export "sgd_f32")
    (param $pW i32) (param $pG i32) (param $n i32)
    (param $shrink f64) (param $eta f64) (param $decay i32)
    (local $w i32) (local $g i32) (local $end2 i32) (local $end i32)
    (local $e v128) (local $s v128)
    ${set("w", get("pW"))}
    ${set("g", get("pG"))}
    ${set("end", add(get("pW"), `(i32.shl ${get("n")} ${i32(2)})`))}
    ${
    set(
      "end2",
      add(get("pW"), `(i32.shl (i32.and ${get("n")} ${i32(-2)}) ${i32(2)})`),
    )
  }
    ${set("e", `(f64x2.splat ${get("eta")})`)}
    ${set("s", `(f64x2.splat ${get("shrink")})`)}
    (if ${get("decay")}
      (then
      ${step(true)})
      (else
      ${step(false)}))
  )`;
}

/**
 * The module text.
 *
 * @param relaxed Use `relaxed_madd` (else `mul` then `add`).
 * @returns WebAssembly text.
 */
export function denseWat(relaxed: boolean): string {
  const kind = relaxed
    ? "relaxed-SIMD fused multiply-add"
    : "plain SIMD mul + add";
  return `;; Generated by wasm/gen_dense.ts (deno task wasm:build): do not edit.
;; Dense products with ${kind}, float64 and float32.
;; Pointers and strides are byte offsets into the imported memory.
(module
  (import "env" "memory" (memory 1 65536 shared))
${nt(TYPES.f64, relaxed)}
${nn(TYPES.f64, relaxed)}
${nt(TYPES.f32, relaxed)}
${nn(TYPES.f32, relaxed)}
${peak(TYPES.f64, relaxed)}
${peak(TYPES.f32, relaxed)}
${sgdF32()}
${sigmoidWat()}
${maxPoolWat()}
${maxPoolBackWat()}
${elementwiseWat()}
${rowVectorWat()}
${addBias32Wat()}
${convertWat()}
${colSums32Wat()}
${convWat()}
${sigmoid32Wat()}
${sparseWat()}
${sigmoidTableWat()}
)
`;
}

/** Where the generated modules go, from the repo root. */
export const DENSE_WAT_PATHS: { relaxed: string; simd: string } = {
  relaxed: "wasm/dense_relaxed.wat",
  simd: "wasm/dense_simd.wat",
};

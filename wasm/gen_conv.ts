/**
 * Writes the WebAssembly text of a Conv2D layer's data movement, which
 * `wasm/gen_dense.ts` puts into the dense modules beside the products it
 * feeds (see `tensor/kernels/conv_kernels.ts`):
 *
 * - `im2colt_*`: every window of `n` float64 images as a column of `colsT`
 *   (`channels·kh·kw x n·P`), zero where a window hangs over the border;
 * - `conv_out_*`: `z_{i,f,p} = Zbig_{f, i·P+p} + b_f`, the product's rows
 *   back to the layer's channel-major rows;
 * - `conv_delta_*`: `Δbig_{f, i·P+p} = δ_{i,f,p}` and BP3's
 *   `∂C/∂b_f += Σ_p δ_{i,f,p}`.
 *
 * The `_f32` versions write `colsT` and `Δbig` in float32 and read `Zbig`
 * and `b` in float32 (rounded and widened as the TypeScript loops do).
 *
 * @module
 */
import { add, get, i32, mul, set } from "./wat_text.ts";

/** The element type of `colsT`, `Zbig` and `Δbig`. */
type Elem = "f64" | "f32";

const SIZE: Record<Elem, number> = { f64: 8, f32: 4 };

/** A `for (x = from; x < to; x++)` loop named `l`. */
function range(l: string, x: string, from: string, to: string, body: string) {
  return `${set(x, from)}
    (block $${l}d (loop $${l}l
      (br_if $${l}d (i32.ge_s ${get(x)} ${to}))
      ${body}
      ${set(x, add(get(x), i32(1)))}
      (br $${l}l)))`;
}

/** Stores float64 `value` as element type `t` at `p`. */
function storeOne(t: Elem, p: string, value: string): string {
  return t === "f64"
    ? `(f64.store ${p} ${value})`
    : `(f32.store ${p} (f32.demote_f64 ${value}))`;
}

/** Stores the float64 pair `pair` as two elements of type `t` at `p`. */
function storePair(t: Elem, p: string, pair: string): string {
  return t === "f64"
    ? `(v128.store ${p} ${pair})`
    : `(v128.store64_lane 0 ${p} (f32x4.demote_f64x2_zero ${pair}))`;
}

/** Loads an element of type `t` at `p` as a float64. */
function loadOne(t: Elem, p: string): string {
  return t === "f64" ? `(f64.load ${p})` : `(f64.promote_f32 (f32.load ${p}))`;
}

/** Loads two elements of type `t` at `p` as a float64 pair. */
function loadPair(t: Elem, p: string): string {
  return t === "f64"
    ? `(v128.load ${p})`
    : `(f64x2.promote_low_f32x4 (v128.load64_zero ${p}))`;
}

/** `im2colt_t`: im2col transposed; see the module's comment. */
function im2colT(t: Elem): string {
  const sz = SIZE[t];
  const zeros = (from: string, to: string, l: string) =>
    range(
      l,
      "x",
      from,
      to,
      storeOne(
        t,
        add(get("dst"), `(i32.shl ${get("x")} ${i32(sz === 8 ? 3 : 2)})`),
        "(f64.const 0)",
      ),
    );
  const at = (x: string) => `(i32.shl ${x} ${i32(sz === 8 ? 3 : 2)})`;
  return `
  ;; im2col transposed of n float64 images (C x H x W at pX) into pC: row
  ;; (c, u, v) holds, for every image i and output position (y, x), the
  ;; input at (c, y·s+u−pt, x·s+v−pl), or 0 outside the image
  (func (export "im2colt_${t}")
    (param $pX i32) (param $pC i32) (param $n i32) (param $C i32)
    (param $H i32) (param $W i32) (param $kh i32) (param $kw i32)
    (param $s i32) (param $pt i32) (param $pl i32) (param $OH i32)
    (param $OW i32)
    (local $c i32) (local $u i32) (local $v i32) (local $i i32) (local $y i32)
    (local $x i32) (local $x0 i32) (local $x1 i32) (local $r i32)
    (local $a i32) (local $src i32) (local $dst i32) (local $q i32)
    ${set("dst", get("pC"))}
    ${
    range(
      "c",
      "c",
      i32(0),
      get("C"),
      range(
        "u",
        "u",
        i32(0),
        get("kh"),
        range(
          "v",
          "v",
          i32(0),
          get("kw"),
          `;; the x whose column v·... falls inside: x0 <= x < x1
      ${set("a", `(i32.sub ${get("pl")} ${get("v")})`)}
      ${
            set(
              "x0",
              `(select ${i32(0)} (i32.div_s (i32.add ${get("a")} (i32.sub ${
                get("s")
              } ${i32(1)})) ${get("s")}) (i32.le_s ${get("a")} ${i32(0)}))`,
            )
          }
      ${set("a", add(get("a"), `(i32.sub ${get("W")} ${i32(1)})`))}
      ${
            set(
              "x1",
              `(select ${i32(0)} (i32.add (i32.div_s ${get("a")} ${get("s")}) ${
                i32(1)
              }) (i32.lt_s ${get("a")} ${i32(0)}))`,
            )
          }
      (if (i32.gt_s ${get("x1")} ${get("OW")}) (then ${set("x1", get("OW"))}))
      (if (i32.gt_s ${get("x0")} ${get("OW")}) (then ${set("x0", get("OW"))}))
      (if (i32.lt_s ${get("x1")} ${get("x0")}) (then ${set("x1", get("x0"))}))
      ${
            range(
              "i",
              "i",
              i32(0),
              get("n"),
              range(
                "y",
                "y",
                i32(0),
                get("OH"),
                `${
                  set(
                    "r",
                    `(i32.sub (i32.add ${mul(get("y"), get("s"))} ${
                      get("u")
                    }) ${get("pt")})`,
                  )
                }
        (if (i32.or (i32.lt_s ${get("r")} ${i32(0)}) (i32.ge_s ${get("r")} ${
                  get("H")
                }))
          (then ${zeros(i32(0), get("OW"), "z")})
          (else
            ;; the input row, at the first x inside
            ${
                  set(
                    "src",
                    add(
                      get("pX"),
                      `(i32.shl ${
                        add(
                          mul(
                            add(
                              mul(
                                add(mul(get("i"), get("C")), get("c")),
                                get("H"),
                              ),
                              get("r"),
                            ),
                            get("W"),
                          ),
                          `(i32.sub ${
                            add(mul(get("x0"), get("s")), get("v"))
                          } ${get("pl")})`,
                        )
                      } ${i32(3)})`,
                    ),
                  )
                }
            ${zeros(i32(0), get("x0"), "zl")}
            ${set("x", get("x0"))}
            (if (i32.eq ${get("s")} ${i32(1)})
              (then
                ;; stride 1: a contiguous copy, two at a time
                (block $pd (loop $pl2
                  (br_if $pd (i32.ge_s (i32.add ${get("x")} ${i32(1)}) ${
                  get("x1")
                }))
                  ${
                  storePair(
                    t,
                    add(get("dst"), at(get("x"))),
                    "(v128.load " + get("src") + ")",
                  )
                }
                  ${set("src", add(get("src"), i32(16)))}
                  ${set("x", add(get("x"), i32(2)))}
                  (br $pl2)))))
            ${set("q", `(i32.shl ${get("s")} ${i32(3)})`)}
            (block $od (loop $ol
              (br_if $od (i32.ge_s ${get("x")} ${get("x1")}))
              ${
                  storeOne(
                    t,
                    add(get("dst"), at(get("x"))),
                    `(f64.load ${get("src")})`,
                  )
                }
              ${set("src", add(get("src"), get("q")))}
              ${set("x", add(get("x"), i32(1)))}
              (br $ol)))
            ${zeros(get("x1"), get("OW"), "zr")}))
        ${set("dst", add(get("dst"), at(get("OW"))))}`,
              ),
            )
          }`,
        ),
      ),
    )
  }
  )`;
}

/** Byte address of `Zbig`/`Δbig[f][i·P]` (elements of `sz` bytes) from
 * pointer `base`, for the loops' f and i. */
function bigAt(base: string, sz: number): string {
  return add(
    get(base),
    `(i32.mul ${
      add(mul(get("f"), mul(get("n"), get("P"))), mul(get("i"), get("P")))
    } ${i32(sz)})`,
  );
}

/** Byte address of the layer's float64 `z`/`δ[i][f][0]` from `base`. */
function rowAt(base: string): string {
  return add(
    get(base),
    `(i32.shl ${mul(add(mul(get("i"), get("F")), get("f")), get("P"))} ${
      i32(3)
    })`,
  );
}

/** `conv_out_t`: Zbig's rows (plus the bias) to channel-major rows. */
function convOut(t: Elem): string {
  const sz = SIZE[t];
  return `
  ;; z[i][f][p] = Zbig[f][i·P + p] + b[f] for n images: Zbig (F x n·P) at
  ;; pBig, b at pB, z (n x F·P, float64) at pZ
  (func (export "conv_out_${t}")
    (param $pBig i32) (param $pB i32) (param $pZ i32) (param $F i32)
    (param $n i32) (param $P i32)
    (local $f i32) (local $i i32) (local $p i32) (local $src i32)
    (local $dst i32) (local $b f64) (local $bv v128)
    ${
    range(
      "f",
      "f",
      i32(0),
      get("F"),
      `${
        set(
          "b",
          loadOne(t, add(get("pB"), `(i32.mul ${get("f")} ${i32(sz)})`)),
        )
      }
      ${set("bv", `(f64x2.splat ${get("b")})`)}
      ${
        range(
          "i",
          "i",
          i32(0),
          get("n"),
          `${set("src", bigAt("pBig", sz))}
        ${set("dst", rowAt("pZ"))}
        ${set("p", i32(0))}
        (block $pd (loop $pl
          (br_if $pd (i32.ge_s (i32.add ${get("p")} ${i32(1)}) ${get("P")}))
          (v128.store ${get("dst")} (f64x2.add ${loadPair(t, get("src"))} ${
            get("bv")
          }))
          ${set("src", add(get("src"), i32(2 * sz)))}
          ${set("dst", add(get("dst"), i32(16)))}
          ${set("p", add(get("p"), i32(2)))}
          (br $pl)))
        (if (i32.lt_s ${get("p")} ${get("P")})
          (then (f64.store ${get("dst")} (f64.add ${loadOne(t, get("src"))} ${
            get("b")
          }))))`,
        )
      }`,
    )
  }
  )`;
}

/** `conv_delta_t`: δ to Δbig, and BP3's sums. */
function convDelta(t: Elem): string {
  const sz = SIZE[t];
  return `
  ;; Δbig[f][i·P + p] = δ[i][f][p] for n images (δ, n x F·P float64, at
  ;; pD; Δbig, F x n·P, at pBig), and gb[f] += Σ_p δ[i][f][p] (float64 at
  ;; pGb), summed in two lanes of two vectors
  (func (export "conv_delta_${t}")
    (param $pD i32) (param $pBig i32) (param $pGb i32) (param $F i32)
    (param $n i32) (param $P i32)
    (local $f i32) (local $i i32) (local $p i32) (local $src i32)
    (local $dst i32) (local $d0 v128) (local $d1 v128) (local $s0 v128)
    (local $s1 v128) (local $sum f64) (local $g i32)
    ${
    range(
      "f",
      "f",
      i32(0),
      get("F"),
      `${set("g", add(get("pGb"), `(i32.shl ${get("f")} ${i32(3)})`))}
      ${
        range(
          "i",
          "i",
          i32(0),
          get("n"),
          `${set("src", rowAt("pD"))}
        ${set("dst", bigAt("pBig", sz))}
        ${set("s0", "(v128.const i64x2 0 0)")}
        ${set("s1", "(v128.const i64x2 0 0)")}
        ${set("p", i32(0))}
        (block $qd (loop $ql
          (br_if $qd (i32.ge_s (i32.add ${get("p")} ${i32(3)}) ${get("P")}))
          ${set("d0", `(v128.load ${get("src")})`)}
          ${set("d1", `(v128.load offset=16 ${get("src")})`)}
          ${storePair(t, get("dst"), get("d0"))}
          ${storePair(t, add(get("dst"), i32(2 * sz)), get("d1"))}
          ${set("s0", `(f64x2.add ${get("s0")} ${get("d0")})`)}
          ${set("s1", `(f64x2.add ${get("s1")} ${get("d1")})`)}
          ${set("src", add(get("src"), i32(32)))}
          ${set("dst", add(get("dst"), i32(4 * sz)))}
          ${set("p", add(get("p"), i32(4)))}
          (br $ql)))
        ${set("s0", `(f64x2.add ${get("s0")} ${get("s1")})`)}
        ${
            set(
              "sum",
              `(f64.add (f64x2.extract_lane 0 ${
                get("s0")
              }) (f64x2.extract_lane 1 ${get("s0")}))`,
            )
          }
        (block $td (loop $tl
          (br_if $td (i32.ge_s ${get("p")} ${get("P")}))
          ${storeOne(t, get("dst"), `(f64.load ${get("src")})`)}
          ${set("sum", `(f64.add ${get("sum")} (f64.load ${get("src")}))`)}
          ${set("src", add(get("src"), i32(8)))}
          ${set("dst", add(get("dst"), i32(sz)))}
          ${set("p", add(get("p"), i32(1)))}
          (br $tl)))
        (f64.store ${get("g")} (f64.add (f64.load ${get("g")}) ${get("sum")}))`,
        )
      }`,
    )
  }
  )`;
}

/**
 * The six functions: `im2colt_f64`, `im2colt_f32`, `conv_out_f64`,
 * `conv_out_f32`, `conv_delta_f64` and `conv_delta_f32`.
 *
 * @returns WebAssembly text of the functions.
 */
export function convWat(): string {
  return (["f64", "f32"] as const).map((t) =>
    im2colT(t) + convOut(t) + convDelta(t)
  ).join("\n");
}

/**
 * Writes the WebAssembly text of the element-wise batch loops that
 * `wasm/gen_dense.ts` puts into the dense modules: ReLU, the σ′ products of
 * BP1/BP2 for ReLU and the logistic σ, a bias added to every row (float64,
 * and float32 widened to float64) and BP3's column sums, and max-pooling's
 * backward routing.
 * Each computes what its TypeScript loop computes, operation for operation
 * (the same bits), two values per vector instruction; a TypeScript loop
 * that sees both arena views and plain arrays also runs several times
 * slower than one that sees one kind, so taking the arena's batches here
 * keeps both fast.
 *
 * @module
 */
import { add, get, i32, set } from "./wat_text.ts";

/**
 * A loop over `n` float64 values, two at a time, then the odd one.
 *
 * @param name The function's export name.
 * @param params Its pointer parameters (each advanced by the loop).
 * @param vector The stored pair, from `v(p)` (the pair at `p`).
 * @param scalar The stored odd value, from `s(p)` (the value at `p`).
 * @returns The function's text.
 */
function loop(
  name: string,
  params: readonly string[],
  vector: (v: (p: string) => string) => string,
  scalar: (s: (p: string) => string) => string,
): string {
  const out = params[params.length - 1]!;
  const v = (p: string) => `(v128.load ${get(p)})`;
  const s = (p: string) => `(f64.load ${get(p)})`;
  const step = (bytes: number) =>
    params.map((p) => set(p, add(get(p), i32(bytes)))).join("\n      ");
  return `
  (func (export "${name}")
    ${params.map((p) => `(param $${p} i32)`).join(" ")} (param $n i32)
    (local $end2 i32) (local $end i32) (local $zero v128) (local $one v128)
    ${set("zero", "(v128.const i64x2 0 0)")}
    ${set("one", "(f64x2.splat (f64.const 1))")}
    ${set("end", add(get(out), `(i32.shl ${get("n")} ${i32(3)})`))}
    ${
    set(
      "end2",
      add(get(out), `(i32.shl (i32.and ${get("n")} ${i32(-2)}) ${i32(3)})`),
    )
  }
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u ${get(out)} ${get("end2")}))
      (v128.store ${get(out)} ${vector(v)})
      ${step(16)}
      (br $l2)))
    (if (i32.lt_u ${get(out)} ${get("end")})
      (then (f64.store ${get(out)} ${scalar(s)})))
  )`;
}

/**
 * The `relu_f64`, `relu_grad_f64` and `sigmoid_grad_f64` functions.
 *
 * - `relu_f64(pZ, pA, n)`: `A = Z > 0 ? Z : +0` (NaN and −0 give +0), as
 *   a mask of `Z > 0` and-ed with Z;
 * - `relu_grad_f64(pZ, pG, pD, n)`: `D = G · (Z > 0 ? 1 : 0)`;
 * - `sigmoid_grad_f64(pA, pG, pD, n)`: `D = G · (A · (1 − A))`.
 *
 * @returns WebAssembly text of the three functions.
 */
export function elementwiseWat(): string {
  const gt0v = (z: string) => `(f64x2.gt ${z} ${get("zero")})`;
  const gt0s = (z: string) => `(f64.gt ${z} (f64.const 0))`;
  return [
    `
  ;; element-wise loops on float64, two values per instruction, the same
  ;; operations as the TypeScript loops`,
    loop(
      "relu_f64",
      ["pZ", "pA"],
      (v) => `(v128.and ${v("pZ")} ${gt0v(v("pZ"))})`,
      (s) => `(select ${s("pZ")} (f64.const 0) ${gt0s(s("pZ"))})`,
    ),
    loop(
      "relu_grad_f64",
      ["pZ", "pG", "pD"],
      (v) => `(f64x2.mul ${v("pG")} (v128.and ${gt0v(v("pZ"))} ${get("one")}))`,
      (s) =>
        `(f64.mul ${s("pG")} (select (f64.const 1) (f64.const 0) ${
          gt0s(s("pZ"))
        }))`,
    ),
    loop(
      "sigmoid_grad_f64",
      ["pA", "pG", "pD"],
      (v) =>
        `(f64x2.mul ${v("pG")} (f64x2.mul ${v("pA")} (f64x2.sub ${get("one")} ${
          v("pA")
        })))`,
      (s) =>
        `(f64.mul ${s("pG")} (f64.mul ${s("pA")} (f64.sub (f64.const 1) ${
          s("pA")
        })))`,
    ),
  ].join("\n");
}

/**
 * The `add_bias_f64` and `col_sums_f64` functions, on an `m x n` float64
 * matrix by rows, two columns per instruction (then the odd one):
 *
 * - `add_bias_f64(pZ, pB, m, n)`: `Z[i][j] += b[j]` (the sparse forward's
 *   bias, added after the product as in the TypeScript loop);
 * - `col_sums_f64(pD, pS, m, n)`: `S[j] = 0 + D[0][j] + D[1][j] + ...`, rows
 *   in order (BP3's `∂C/∂b`).
 *
 * @returns WebAssembly text of the two functions.
 */
export function rowVectorWat(): string {
  const fn = (name: string, first: string, body: (v: boolean) => string) => `
  (func (export "${name}")
    (param $pM i32) (param $pV i32) (param $m i32) (param $n i32)
    (local $row i32) (local $end i32) (local $j i32) (local $n2 i32)
    (local $p i32) (local $q i32)
    ${set("n2", `(i32.and ${get("n")} ${i32(-2)})`)}
    ${first}
    ${set("row", get("pM"))}
    ${
    set(
      "end",
      add(get("pM"), `(i32.mul ${get("m")} (i32.shl ${get("n")} ${i32(3)}))`),
    )
  }
    (block $rd (loop $rl
      (br_if $rd (i32.ge_u ${get("row")} ${get("end")}))
      ${set("p", get("row"))}
      ${set("q", get("pV"))}
      ${set("j", i32(0))}
      (block $cd (loop $cl
        (br_if $cd (i32.ge_u ${get("j")} ${get("n2")}))
        ${body(true)}
        ${set("p", add(get("p"), i32(16)))}
        ${set("q", add(get("q"), i32(16)))}
        ${set("j", add(get("j"), i32(2)))}
        (br $cl)))
      (if (i32.lt_u ${get("j")} ${get("n")}) (then ${body(false)}))
      ${set("row", add(get("row"), `(i32.shl ${get("n")} ${i32(3)})`))}
      (br $rl)))
  )`;
  const sum = (into: string, from: string) => (v: boolean) =>
    v
      ? `(v128.store ${get(into)} (f64x2.add (v128.load ${
        get(into)
      }) (v128.load ${get(from)})))`
      : `(f64.store ${get(into)} (f64.add (f64.load ${get(into)}) (f64.load ${
        get(from)
      })))`;
  return [
    `
  ;; a row vector added to every row of a matrix, and a matrix's column
  ;; sums, two columns per instruction: the TypeScript loops' additions in
  ;; their order`,
    fn("add_bias_f64", "", sum("p", "q")),
    fn(
      "col_sums_f64",
      `(memory.fill ${get("pV")} ${i32(0)} (i32.shl ${get("n")} ${i32(3)}))`,
      sum("q", "p"),
    ),
  ].join("\n");
}

/**
 * Two loops over `idx` up to `n`: four values per turn while four are left
 * (`n4`, whole fours), then one at a time; each pointer advances by its
 * element size per value.
 *
 * @param idx The index local.
 * @param ptrs The pointer locals and their element sizes in bytes.
 * @param four One turn of four values.
 * @param one One turn of one value.
 * @returns The loops' text.
 */
function byFours(
  idx: string,
  ptrs: readonly (readonly [string, number])[],
  four: string,
  one: string,
): string {
  const step = (k: number) =>
    ptrs.map(([p, size]) => set(p, add(get(p), i32(k * size)))).join("\n");
  return `(block $vd (loop $vl
      (br_if $vd (i32.ge_u ${get(idx)} ${get("n4")}))
      ${four}
      ${step(4)}
      ${set(idx, add(get(idx), i32(4)))}
      (br $vl)))
    (block $sd (loop $sl
      (br_if $sd (i32.ge_u ${get(idx)} ${get("n")}))
      ${one}
      ${step(1)}
      ${set(idx, add(get(idx), i32(1)))}
      (br $sl)))`;
}

/**
 * The `add_bias_f32` function, `Z[i][j] = Z32[i][j] + b[j]` for a float32
 * layer's sparse forward pass: the float32 product `Z32` and bias `b` (both
 * float32), the sum rounded to float32 and written out widened to float64
 * (`Z`, `m x n`), four columns per instruction (then one at a time). The
 * float32 sum is the float64 sum rounded to float32 (double rounding is
 * innocuous for an addition in formats this far apart), so it is the
 * TypeScript loop's `Math.fround(Z32[i][j] + b[j])` bit for bit.
 *
 * @returns WebAssembly text of the function.
 */
export function addBias32Wat(): string {
  const sum = `(f32x4.add (v128.load ${get("p")}) (v128.load ${get("q")}))`;
  return `
  ;; a float32 row vector added to every row of a float32 matrix, the sums
  ;; written out as float64
  (func (export "add_bias_f32")
    (param $pZ32 i32) (param $pB i32) (param $pZ i32) (param $m i32)
    (param $n i32)
    (local $i i32) (local $j i32) (local $n4 i32) (local $p i32)
    (local $q i32) (local $o i32) (local $v v128)
    ${set("n4", `(i32.and ${get("n")} ${i32(-4)})`)}
    ${set("p", get("pZ32"))}
    ${set("o", get("pZ"))}
    ${set("i", i32(0))}
    (block $rd (loop $rl
      (br_if $rd (i32.ge_u ${get("i")} ${get("m")}))
      ${set("q", get("pB"))}
      ${set("j", i32(0))}
      ${
    byFours(
      "j",
      [["p", 4], ["q", 4], ["o", 8]],
      `${set("v", sum)}
      (v128.store ${get("o")} (f64x2.promote_low_f32x4 ${get("v")}))
      (v128.store offset=16 ${get("o")} (f64x2.promote_low_f32x4
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
          ${get("v")} ${get("v")})))`,
      `(f64.store ${get("o")} (f64.promote_f32
        (f32.add (f32.load ${get("p")}) (f32.load ${get("q")}))))`,
    )
  }
      ${set("i", add(get("i"), i32(1)))}
      (br $rl)))
  )`;
}

/**
 * The `col_sums_f32` function, BP3 of a float32 layer: `S[j] = 0 + D[0][j] +
 * D[1][j] + ...` over the rows of the float64 `D` (`m x n`) in order, into
 * the float32 `S`, each partial sum rounded to float32 as the TypeScript
 * loop `S[j] += D[i][j]` on a `Float32Array` rounds it (widened, added in
 * float64, rounded back), four columns per instruction, then one at a time.
 *
 * @returns WebAssembly text of the function.
 */
export function colSums32Wat(): string {
  const high = (v: string) =>
    `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})`;
  // the partial sums of columns j..j+1 (at q) plus D's two values (at p)
  const half = (q: string, p: string) =>
    `(f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 ${q})
      (v128.load ${p})))`;
  return `
  ;; BP3 of a float32 layer: float64 rows summed into float32 column sums
  (func (export "col_sums_f32")
    (param $pD i32) (param $pS i32) (param $m i32) (param $n i32)
    (local $i i32) (local $j i32) (local $n4 i32) (local $p i32)
    (local $q i32) (local $s v128)
    (memory.fill ${get("pS")} ${i32(0)} (i32.shl ${get("n")} ${i32(2)}))
    ${set("n4", `(i32.and ${get("n")} ${i32(-4)})`)}
    ${set("p", get("pD"))}
    ${set("i", i32(0))}
    (block $rd (loop $rl
      (br_if $rd (i32.ge_u ${get("i")} ${get("m")}))
      ${set("q", get("pS"))}
      ${set("j", i32(0))}
      ${
    byFours(
      "j",
      [["p", 8], ["q", 4]],
      `${set("s", `(v128.load ${get("q")})`)}
      (v128.store ${get("q")} (i8x16.shuffle
        0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        ${half(get("s"), get("p"))}
        ${half(high(get("s")), `offset=16 ${get("p")}`)}))`,
      `(f32.store ${get("q")} (f32.demote_f64 (f64.add
        (f64.promote_f32 (f32.load ${get("q")})) (f64.load ${get("p")}))))`,
    )
  }
      ${set("i", add(get("i"), i32(1)))}
      (br $rl)))
  )`;
}

/**
 * The `widen_f32` and `narrow_f64` functions, a float32 layer's conversions
 * between its float32 products and its float64 batches, four values per
 * instruction (then one at a time), each value converted exactly as a
 * `Float64Array` or `Float32Array` store converts it:
 *
 * - `widen_f32(pIn, pOut, n)`: float32 values to float64 (exact);
 * - `narrow_f64(pIn, pOut, n)`: float64 values to float32, rounded to
 *   nearest, ties to even.
 *
 * @returns WebAssembly text of the two functions.
 */
export function convertWat(): string {
  const fn = (
    name: string,
    inSize: number,
    outSize: number,
    four: string,
    one: string,
  ) => `
  (func (export "${name}")
    (param $pIn i32) (param $pOut i32) (param $n i32)
    (local $i i32) (local $n4 i32) (local $p i32) (local $o i32)
    (local $v v128)
    ${set("n4", `(i32.and ${get("n")} ${i32(-4)})`)}
    ${set("p", get("pIn"))}
    ${set("o", get("pOut"))}
    ${set("i", i32(0))}
    ${byFours("i", [["p", inSize], ["o", outSize]], four, one)}
  )`;
  const high = (v: string) =>
    `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})`;
  return [
    `
  ;; a float32 layer's conversions between float32 and float64 values`,
    fn(
      "widen_f32",
      4,
      8,
      `${set("v", `(v128.load ${get("p")})`)}
      (v128.store ${get("o")} (f64x2.promote_low_f32x4 ${get("v")}))
      (v128.store offset=16 ${get("o")}
        (f64x2.promote_low_f32x4 ${high(get("v"))}))`,
      `(f64.store ${get("o")} (f64.promote_f32 (f32.load ${get("p")})))`,
    ),
    fn(
      "narrow_f64",
      8,
      4,
      `(v128.store ${get("o")} (i8x16.shuffle
        0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f32x4.demote_f64x2_zero (v128.load ${get("p")}))
        (f32x4.demote_f64x2_zero (v128.load offset=16 ${get("p")}))))`,
      `(f32.store ${get("o")} (f32.demote_f64 (f64.load ${get("p")})))`,
    ),
  ].join("\n");
}

/**
 * The `maxpool_back_f64` function: for `m` images, every output's gradient
 * `G` (`m x nOut`) is added to the cell of `D` (`m x nIn`, zeroed by the
 * caller) its window's maximum came from (`arg`, int32 indices within the
 * image), in the order of the outputs, as `layers/max_pool2d.ts` does.
 *
 * @returns WebAssembly text of the function.
 */
export function maxPoolBackWat(): string {
  return `
  ;; max-pooling's BP2: the gradient of every window to its arg-max
  (func (export "maxpool_back_f64")
    (param $pG i32) (param $pArg i32) (param $pD i32) (param $m i32)
    (param $nOut i32) (param $nIn i32)
    (local $i i32) (local $o i32)
    (local $row i32) (local $cell i32)
    (block $di (loop $li
      (br_if $di (i32.ge_u ${get("i")} ${get("m")}))
      ${
    set(
      "row",
      add(get("pD"), `(i32.shl (i32.mul ${get("i")} ${get("nIn")}) ${i32(3)})`),
    )
  }
      ${set("o", i32(0))}
      (block $do (loop $lo
        (br_if $do (i32.ge_u ${get("o")} ${get("nOut")}))
        ${
    set(
      "cell",
      add(get("row"), `(i32.shl (i32.load ${get("pArg")}) ${i32(3)})`),
    )
  }
        (f64.store ${get("cell")}
          (f64.add (f64.load ${get("cell")}) (f64.load ${get("pG")})))
        ${set("pArg", add(get("pArg"), i32(4)))}
        ${set("pG", add(get("pG"), i32(8)))}
        ${set("o", add(get("o"), i32(1)))}
        (br $lo)))
      ${set("i", add(get("i"), i32(1)))}
      (br $li)))
  )`;
}

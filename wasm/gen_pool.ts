/**
 * Writes the WebAssembly text of 2x2 max-pooling on float64 images, which
 * `wasm/gen_dense.ts` puts into the dense modules: the comparisons of the
 * TypeScript loop in `layers/max_pool2d.ts` (row by row, a strict `>`, so
 * the first maximum wins a tie and NaN never does), with `select` instead
 * of a branch that mispredicts on every other window.
 *
 * @module
 */
import { add, get, i32, mul, set } from "./wat_text.ts";

/** The float64 at element index `e` of the input. */
const at = (e: string) =>
  `(f64.load ${add(get("pX"), `(i32.shl ${e} ${i32(3)})`)})`;

/**
 * The `maxpool2_f64` function: for `m` images of `C` channels `H x W`, the
 * maximum of every 2x2 window (windows `s` apart, `OH x OW` of them) into
 * `O`, and its index within the image into `arg` (int32).
 *
 * @returns WebAssembly text of the function.
 */
export function maxPoolWat(): string {
  // one candidate: if v > max, it becomes the max and e the winner; the
  // values ride in lane 0 of vectors, where the comparison is a mask and
  // the choice a bitselect (V8 turns an f64 select into a branch, which
  // mispredicts on every other window), the index an i32 select (a cmov)
  const take = (v: string, e: string) =>
    [
      set("v", `(f64x2.splat ${v})`),
      set("t", `(f64x2.gt ${get("v")} ${get("max")})`),
      set("max", `(v128.bitselect ${get("v")} ${get("max")} ${get("t")})`),
      set(
        "best",
        `(select ${e} ${get("best")} (i32x4.extract_lane 0 ${get("t")}))`,
      ),
    ].join("\n          ");
  return `
  ;; 2x2 max-pooling of m images (C x H x W, float64 at pX) with stride s:
  ;; the window maxima at pO (float64) and their indices within the image
  ;; at pA (int32)
  (func (export "maxpool2_f64")
    (param $pX i32) (param $pO i32) (param $pA i32) (param $m i32)
    (param $C i32) (param $H i32) (param $W i32) (param $OH i32)
    (param $OW i32) (param $s i32)
    (local $i i32) (local $ch i32) (local $y i32) (local $x i32)
    (local $xi i32) (local $r i32) (local $best i32)
    (local $max v128) (local $v v128) (local $t v128)
    (block $di (loop $li
      (br_if $di (i32.ge_u ${get("i")} ${get("m")}))
      ${set("xi", mul(get("i"), mul(get("C"), mul(get("H"), get("W")))))}
      ${set("ch", i32(0))}
      (block $dc (loop $lc
        (br_if $dc (i32.ge_u ${get("ch")} ${get("C")}))
        ${set("y", i32(0))}
        (block $dy (loop $ly
          (br_if $dy (i32.ge_u ${get("y")} ${get("OH")}))
          ;; the first window of the row
          ${
    set(
      "r",
      add(
        get("xi"),
        add(
          mul(get("ch"), mul(get("H"), get("W"))),
          mul(mul(get("y"), get("s")), get("W")),
        ),
      ),
    )
  }
          ${set("x", i32(0))}
          (block $dx (loop $lx
            (br_if $dx (i32.ge_u ${get("x")} ${get("OW")}))
          ${set("best", get("r"))}
          ${set("max", `(f64x2.splat ${at(get("r"))})`)}
          ${take(at(add(get("r"), i32(1))), add(get("r"), i32(1)))}
          ${take(at(add(get("r"), get("W"))), add(get("r"), get("W")))}
          ${
    take(
      at(add(get("r"), add(get("W"), i32(1)))),
      add(get("r"), add(get("W"), i32(1))),
    )
  }
          (v128.store64_lane 0 ${get("pO")} ${get("max")})
          (i32.store ${get("pA")} (i32.sub ${get("best")} ${get("xi")}))
          ${set("pO", add(get("pO"), i32(8)))}
          ${set("pA", add(get("pA"), i32(4)))}
          ${set("r", add(get("r"), get("s")))}
          ${set("x", add(get("x"), i32(1)))}
            (br $lx)))
          ${set("y", add(get("y"), i32(1)))}
          (br $ly)))
        ${set("ch", add(get("ch"), i32(1)))}
        (br $lc)))
      ${set("i", add(get("i"), i32(1)))}
      (br $li)))
  )`;
}

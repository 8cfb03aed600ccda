/**
 * Writes the WebAssembly text of the logistic σ in float32 precision for
 * float32 layers (`sigmoid_f32`), which `wasm/gen_dense.ts` puts into the
 * dense modules: four values per vector where the float64 kernel
 * (`gen_sigmoid.ts`) does two, and a degree-7 polynomial where it needs
 * degree 13.
 *
 * For z rounded to float32: `x = −|z|` (held above −104, where e^x is
 * below half the least float32 subnormal), `n = round(x·log2 e)`,
 * `r = x − n·ln 2` (Cody–Waite, ln 2 in two parts with `n·LN2_HI` exact),
 * `e^r` by Horner's rule on the Taylor polynomial of degree 7 (truncation
 * below 5e-9 for |r| ≤ ln2/2), `e^x = e^r · 2^h · 2^(n−h)` with
 * `h = n >> 1` (both factors normal, so a subnormal result is rounded
 * once), then `σ = 1/(1+e^x)` for z ≥ 0 and `e^x/(1+e^x)` below. Plain
 * SIMD, so every runtime computes the same bits; the inputs and outputs
 * are float64 arrays (the layers' batches), the outputs float32 values.
 *
 * @module
 */
import { get, set } from "./wat_text.ts";

const CONSTANTS = new Map<number, string>();
/** A float32 constant in all four lanes, splat once before the loop. */
const f32 = (x: number) => {
  let name = CONSTANTS.get(x);
  if (name === undefined) CONSTANTS.set(x, name = `k${CONSTANTS.size}`);
  return get(name);
};

/** ln 2 in two float32 parts: 0.693359375 has 9 significant bits. */
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
/** 1/k! for k = 0..7. */
const TAYLOR: readonly number[] = [
  1,
  1,
  1 / 2,
  1 / 6,
  1 / 24,
  1 / 120,
  1 / 720,
  1 / 5040,
];

/** σ of the four float32 lanes of local `zf` into local `s`. */
function sigmoid4(): string {
  const pow2 = (m: string) =>
    `(i32x4.shl (i32x4.add ${m} (v128.const i32x4 127 127 127 127)) (i32.const 23))`;
  let p = f32(TAYLOR[7]!);
  for (let k = 6; k >= 0; k--) {
    p = `(f32x4.add (f32x4.mul ${p} ${get("r")}) ${f32(TAYLOR[k]!)})`;
  }
  return [
    set("x", `(f32x4.pmax (f32x4.neg (f32x4.abs ${get("zf")})) ${f32(-104)})`),
    set("t", `(f32x4.nearest (f32x4.mul ${get("x")} ${f32(Math.LOG2E)}))`),
    set("ni", `(i32x4.trunc_sat_f32x4_s ${get("t")})`),
    set(
      "r",
      `(f32x4.sub (f32x4.sub ${get("x")} (f32x4.mul ${get("t")} ${
        f32(LN2_HI)
      })) (f32x4.mul ${get("t")} ${f32(LN2_LO)}))`,
    ),
    set("p", p),
    set("h", `(i32x4.shr_s ${get("ni")} (i32.const 1))`),
    set(
      "e",
      `(f32x4.mul (f32x4.mul ${get("p")} ${pow2(get("h"))}) ${
        pow2(`(i32x4.sub ${get("ni")} ${get("h")})`)
      })`,
    ),
    set(
      "s",
      `(f32x4.div (v128.bitselect ${f32(1)} ${get("e")} (f32x4.ge ${
        get("zf")
      } ${f32(0)})) (f32x4.add ${f32(1)} ${get("e")}))`,
    ),
  ].join("\n      ");
}

/**
 * The `sigmoid_f32` function: `A[i] = σ(float32(Z[i]))` in float32 for
 * `i < n` (Z and A float64), four at a time, then one lane at a time, so
 * that every element gets the same operations.
 *
 * @returns WebAssembly text of the function.
 */
export function sigmoid32Wat(): string {
  CONSTANTS.clear();
  const body = sigmoid4();
  const constants = [...CONSTANTS].map(([, name]) => `(local $${name} v128)`)
    .join(" ");
  const splats = [...CONSTANTS].map(([x, name]) =>
    set(name, `(f32x4.splat (f32.const ${x}))`)
  ).join("\n    ");
  // the low halves of two float32x4 vectors joined
  const join = "0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23";
  return `
  ;; A = σ(Z) in float32 precision on n float64 values (Z at pZ, A at pA;
  ;; may be the same)
  (func (export "sigmoid_f32") (param $pZ i32) (param $pA i32) (param $n i32)
    (local $end4 i32) (local $end i32) (local $zf v128) (local $x v128)
    (local $t v128) (local $ni v128) (local $r v128) (local $p v128)
    (local $h v128) (local $e v128) (local $s v128) ${constants}
    ${splats}
    ${set("end", `(i32.add ${get("pZ")} (i32.shl ${get("n")} (i32.const 3)))`)}
    ${
    set(
      "end4",
      `(i32.add ${get("pZ")} (i32.shl (i32.and ${
        get("n")
      } (i32.const -4)) (i32.const 3)))`,
    )
  }
    (block $d4 (loop $l4
      (br_if $d4 (i32.ge_u ${get("pZ")} ${get("end4")}))
      ${
    set(
      "zf",
      `(i8x16.shuffle ${join} (f32x4.demote_f64x2_zero (v128.load ${
        get("pZ")
      })) (f32x4.demote_f64x2_zero (v128.load offset=16 ${get("pZ")})))`,
    )
  }
      ${body}
      (v128.store ${get("pA")} (f64x2.promote_low_f32x4 ${get("s")}))
      (v128.store offset=16 ${get("pA")} (f64x2.promote_low_f32x4
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${get("s")} ${
    get("s")
  })))
      ${set("pZ", `(i32.add ${get("pZ")} (i32.const 32))`)}
      ${set("pA", `(i32.add ${get("pA")} (i32.const 32))`)}
      (br $l4)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u ${get("pZ")} ${get("end")}))
      ${set("zf", `(f32x4.demote_f64x2_zero (v128.load64_splat ${get("pZ")}))`)}
      ${body}
      (v128.store64_lane 0 ${get("pA")} (f64x2.promote_low_f32x4 ${get("s")}))
      ${set("pZ", `(i32.add ${get("pZ")} (i32.const 8))`)}
      ${set("pA", `(i32.add ${get("pA")} (i32.const 8))`)}
      (br $l1)))
  )`;
}

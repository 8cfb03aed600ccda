/**
 * Writes the WebAssembly text of the vectorised logistic sigmoid
 * `σ(z) = 1 / (1 + e^(−z))` on float64, two lanes at a time, which
 * `wasm/gen_dense.ts` puts into the dense modules. Plain SIMD only (no
 * relaxed fused multiply-add): every runtime with SIMD computes the same
 * bits.
 *
 * `e = e^(−|z|)` with a table of 2^(j/64) (Tang's method):
 * `N = round(−|z|·64/ln 2)`, `r = −|z| − N·(ln2/64)_hi − N·(ln2/64)_lo`
 * (`|r| ≤ ln2/128`; `N·(ln2/64)_hi` is exact), `e^r = 1 + q` with q the
 * Taylor polynomial of degree 6 less its constant (truncation below
 * 3e-20), then `e = (T_j + T_j·q) · 2^k` for `N = 64k + j`, with `T_j` the
 * correctly rounded 2^(j/64) (64 float64s in a data segment at
 * `SIGMOID_TABLE_AT` of `tensor/kernels/memory_layout.ts`, below the
 * arena's first block), and `2^k`
 * applied as `2^(k+54)` (exact) then `2^−54`, so that a subnormal result
 * is rounded once. Then `σ = (z ≥ 0 ? 1 : e) / (1 + e)`, the form without
 * overflow.
 *
 * @module
 */
import {
  RESERVED_BYTES,
  SIGMOID_TABLE_AT,
} from "../tensor/kernels/memory_layout.ts";
import { get, set } from "./wat_text.ts";

/**
 * The constants, each splat once into a local before the loops (V8 would
 * otherwise build every splat inside the loop), named in order of first
 * use by the `sigmoidWat()` call that is writing.
 */
const CONSTANTS = new Map<number, string>();
const f64 = (x: number) => {
  let name = CONSTANTS.get(x);
  if (name === undefined) CONSTANTS.set(x, name = `c${CONSTANTS.size}`);
  return get(name);
};

/** 1/k! for k = 2..6: q's coefficients after r's. */
const TAYLOR: readonly number[] = [1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720];
/** ln 2 / 64 split so that `N·L_HI` is exact for |N| < 2^21 (fdlibm's
 * split of ln 2, over 64). */
const L_HI = 6.93147180369123816490e-01 / 64;
const L_LO = 1.90821492927058770002e-10 / 64;
/** 1.5·2^52: adding it rounds to an integer kept in the low mantissa bits. */
const ROUND = 6755399441055744;
/** The bits of the correctly rounded 2^(j/64), j = 0..63 (from 200-bit
 * mpmath; the kernel's accuracy test checks the whole). */
const TABLE: readonly string[] = (
  "3ff0000000000000 3ff02c9a3e778061 3ff059b0d3158574 3ff0874518759bc8 " +
  "3ff0b5586cf9890f 3ff0e3ec32d3d1a2 3ff11301d0125b51 3ff1429aaea92de0 " +
  "3ff172b83c7d517b 3ff1a35beb6fcb75 3ff1d4873168b9aa 3ff2063b88628cd6 " +
  "3ff2387a6e756238 3ff26b4565e27cdd 3ff29e9df51fdee1 3ff2d285a6e4030b " +
  "3ff306fe0a31b715 3ff33c08b26416ff 3ff371a7373aa9cb 3ff3a7db34e59ff7 " +
  "3ff3dea64c123422 3ff4160a21f72e2a 3ff44e086061892d 3ff486a2b5c13cd0 " +
  "3ff4bfdad5362a27 3ff4f9b2769d2ca7 3ff5342b569d4f82 3ff56f4736b527da " +
  "3ff5ab07dd485429 3ff5e76f15ad2148 3ff6247eb03a5585 3ff6623882552225 " +
  "3ff6a09e667f3bcd 3ff6dfb23c651a2f 3ff71f75e8ec5f74 3ff75feb564267c9 " +
  "3ff7a11473eb0187 3ff7e2f336cf4e62 3ff82589994cce13 3ff868d99b4492ed " +
  "3ff8ace5422aa0db 3ff8f1ae99157736 3ff93737b0cdc5e5 3ff97d829fde4e50 " +
  "3ff9c49182a3f090 3ffa0c667b5de565 3ffa5503b23e255d 3ffa9e6b5579fdbf " +
  "3ffae89f995ad3ad 3ffb33a2b84f15fb 3ffb7f76f2fb5e47 3ffbcc1e904bc1d2 " +
  "3ffc199bdd85529c 3ffc67f12e57d14b 3ffcb720dcef9069 3ffd072d4a07897c " +
  "3ffd5818dcfba487 3ffda9e603db3285 3ffdfc97337b9b5f 3ffe502ee78b3ff6 " +
  "3ffea4afa2a490da 3ffefa1bee615a27 3fff50765b6e4540 3fffa7c1819e90d8"
).split(" ");
/** The sign bit in both lanes: or-ed in, it makes −|z|. */
const SIGN_BITS = "(v128.const i64x2 0x8000000000000000 0x8000000000000000)";
/** ROUND's bits in both lanes. */
const ROUND_BITS = "(v128.const i64x2 0x4338000000000000 0x4338000000000000)";

/**
 * The instructions computing σ of the vector in `$z<k>` into `$a<k>`.
 *
 * @param k The lane pair's index in the unrolled loop.
 * @returns WebAssembly text.
 */
function sigmoidOf(k: number): string {
  const z = `z${k}`, x = `x${k}`, t = `t${k}`, n = `n${k}`, r = `r${k}`;
  const j = `j${k}`, T = `T${k}`, q = `q${k}`, e = `e${k}`;
  const madd = (a: string, b: string, c: string) =>
    `(f64x2.add (f64x2.mul ${a} ${b}) ${c})`;
  // q = r + r²·(1/2 + r·(1/6 + r·(1/24 + r·(1/120 + r/720))))
  let u = f64(TAYLOR[TAYLOR.length - 1]!);
  for (let i = TAYLOR.length - 2; i >= 0; i--) {
    u = madd(u, get(r), f64(TAYLOR[i]!));
  }
  // the table entry of each lane: byte offset 8·j
  const entry = (lane: number) =>
    `(i32.add (i32.shl (i32.wrap_i64 (i64x2.extract_lane ${lane} ${
      get(j)
    })) (i32.const 3)) (i32.const ${SIGMOID_TABLE_AT}))`;
  return [
    // −|z|, held above −745.5 (below −745.14 e^x rounds to zero)
    set(x, `(f64x2.pmax (v128.or ${get(z)} ${SIGN_BITS}) ${f64(-745.5)})`),
    set(
      t,
      `(f64x2.add (f64x2.mul ${get(x)} ${f64(64 / Math.LN2)}) ${f64(ROUND)})`,
    ),
    // N as an integer: t's bits minus ROUND's bits
    set(n, `(i64x2.sub ${get(t)} ${ROUND_BITS})`),
    set(t, `(f64x2.sub ${get(t)} ${f64(ROUND)})`),
    set(
      r,
      `(f64x2.sub (f64x2.sub ${get(x)} (f64x2.mul ${get(t)} ${
        f64(L_HI)
      })) (f64x2.mul ${get(t)} ${f64(L_LO)}))`,
    ),
    set(j, `(v128.and ${get(n)} (v128.const i64x2 63 63))`),
    set(
      T,
      `(v128.load64_lane 1 ${entry(1)} (v128.load64_splat ${entry(0)}))`,
    ),
    set(q, madd(`(f64x2.mul ${get(r)} ${get(r)})`, u, get(r))),
    // e^x = T_j·(1 + q) · 2^k: (N − j)·2^46 is k·2^52, the exponent
    // field of 2^(k+54) once 1077 is added there
    set(
      e,
      `(f64x2.mul (f64x2.mul ${
        madd(get(T), get(q), get(T))
      } (i64x2.add (i64x2.shl (i64x2.sub ${get(n)} ${
        get(j)
      }) (i32.const 46)) (v128.const i64x2 0x4350000000000000 0x4350000000000000))) ${
        f64(2 ** -54)
      })`,
    ),
    set(
      `a${k}`,
      `(f64x2.div (v128.bitselect ${f64(1)} ${get(e)} (f64x2.ge ${get(z)} ${
        f64(0)
      })) (f64x2.add ${f64(1)} ${get(e)}))`,
    ),
  ].join("\n      ");
}

/** Lane pairs per turn of the main loop. */
const UNROLL = 2;

/**
 * The `sigmoid_f64` function: `A[i] = σ(Z[i])` for `i < n`, 2·UNROLL at a
 * time (independent lane pairs), the rest on one lane of a vector each, so
 * that every element gets the same operations.
 *
 * @returns WebAssembly text of the function.
 */
export function sigmoidWat(): string {
  CONSTANTS.clear();
  const ks = Array.from({ length: UNROLL }, (_, k) => k);
  const names = ["z", "x", "t", "n", "r", "j", "T", "q", "e", "a"]
    .flatMap((v) => ks.map((k) => `${v}${k}`));
  const locals = names.map((v) => `(local $${v} v128)`).join(" ");
  const step = 16 * UNROLL;
  const main = ks.map(sigmoidOf).join("\n      ");
  const tail = sigmoidOf(0);
  const constants = [...CONSTANTS].map(([, name]) => `(local $${name} v128)`)
    .join(" ");
  const splats = [...CONSTANTS].map(([x, name]) =>
    set(name, `(f64x2.splat (f64.const ${x}))`)
  ).join("\n    ");
  return `
  ;; A = σ(Z) on n float64 values (Z at pZ, A at pA; may be the same)
  (func $sigmoid_f64 (export "sigmoid_f64") (param $pZ i32) (param $pA i32) (param $n i32)
    (local $endU i32) (local $end i32) ${locals} ${constants}
    ${splats}
    ${set("end", `(i32.add ${get("pZ")} (i32.shl ${get("n")} (i32.const 3)))`)}
    ${
    set(
      "endU",
      `(i32.add ${get("pZ")} (i32.shl (i32.and ${get("n")} (i32.const ${
        -2 * UNROLL
      })) (i32.const 3)))`,
    )
  }
    (block $dU (loop $lU
      (br_if $dU (i32.ge_u ${get("pZ")} ${get("endU")}))
      ${
    ks.map((k) => set(`z${k}`, `(v128.load offset=${16 * k} ${get("pZ")})`))
      .join("\n      ")
  }
      ${main}
      ${
    ks.map((k) => `(v128.store offset=${16 * k} ${get("pA")} ${get(`a${k}`)})`)
      .join("\n      ")
  }
      ${set("pZ", `(i32.add ${get("pZ")} (i32.const ${step}))`)}
      ${set("pA", `(i32.add ${get("pA")} (i32.const ${step}))`)}
      (br $lU)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u ${get("pZ")} ${get("end")}))
      ${set("z0", `(v128.load64_splat ${get("pZ")})`)}
      ${tail}
      (v128.store64_lane 0 ${get("pA")} ${get("a0")})
      ${set("pZ", `(i32.add ${get("pZ")} (i32.const 8))`)}
      ${set("pA", `(i32.add ${get("pA")} (i32.const 8))`)}
      (br $l1)))
  )`;
}

/**
 * The data segment of the table: 64 float64s at
 * {@linkcode SIGMOID_TABLE_AT}, written again by every instantiation (the
 * same bytes, so a worker's instance changes nothing under a running
 * kernel).
 *
 * @returns WebAssembly text of the segment.
 */
export function sigmoidTableWat(): string {
  if (SIGMOID_TABLE_AT + 8 * TABLE.length > RESERVED_BYTES) {
    throw new RangeError("The sigmoid's table overlaps the arena's blocks");
  }
  const bytes = TABLE.map((hex) => {
    let v = BigInt(`0x${hex}`), s = "";
    for (let i = 0; i < 8; i++, v >>= 8n) {
      s += `\\${(v & 0xffn).toString(16).padStart(2, "0")}`;
    }
    return s;
  });
  return `
  ;; 2^(j/64), j = 0..63, for sigmoid_f64
  (data (i32.const ${SIGMOID_TABLE_AT})
    "${bytes.slice(0, 32).join("")}"
    "${bytes.slice(32).join("")}")`;
}

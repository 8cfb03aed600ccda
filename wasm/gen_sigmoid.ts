/**
 * Writes the WebAssembly text of the vectorised logistic sigmoid
 * `σ(z) = 1 / (1 + e^(−z))` on float64, two lanes at a time, which
 * `wasm/gen_dense.ts` puts into the dense modules. Plain SIMD only (no
 * relaxed fused multiply-add): every runtime with SIMD computes the same
 * bits.
 *
 * `e = e^(−|z|)` by Cody–Waite range reduction: `n = round(−|z|/ln 2)`,
 * `r = −|z| − n·ln2_hi − n·ln2_lo` (`|r| ≤ ln2/2`; `n·ln2_hi` is exact),
 * `e^r` by Horner's rule on its Taylor polynomial of degree 13 (truncation
 * below 5e-18), and `2^n` applied as two normal factors `2^(n>>1)` and
 * `2^(n−(n>>1))`, so that a subnormal result is rounded once. Then
 * `σ = (z ≥ 0 ? 1 : e) / (1 + e)`, the form without overflow.
 *
 * @module
 */
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

/** 1/k! for k = 0..13, the Taylor coefficients of e^r. */
const TAYLOR: readonly number[] = (() => {
  const c = [1];
  for (let k = 1; k <= 13; k++) c.push(c[k - 1]! / k);
  return c;
})();

/** ln 2 split so that `n·LN2_HI` is exact for |n| < 2^11 (fdlibm's). */
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
/** 1.5·2^52: adding it rounds to an integer kept in the low mantissa bits. */
const ROUND = 6755399441055744;
/** ROUND's bits in both lanes. */
const ROUND_BITS = "(v128.const i64x2 0x4338000000000000 0x4338000000000000)";

/** Leading Taylor terms summed by Horner's rule, the rest by Estrin's. */
const HORNER = 3;

/**
 * `p = Σ_i TAYLOR[i]·r^i`: the terms from r^HORNER on by Estrin's scheme
 * (pairs `c_2j + c_2j+1·r` combined by r², r⁴, r⁸), then Horner's rule for
 * the leading ones: a chain seven multiply-adds deep instead of Horner's
 * thirteen, so that the lanes of the unrolled loop overlap, and the
 * accuracy of Horner's rule, whose last steps round the large terms.
 *
 * @param r The reduced argument.
 * @param k The lane pair's index (names its locals).
 * @returns Instructions that set `$p<k>`.
 */
function estrin(r: string, k: number): string[] {
  const madd = (a: string, b: string, c: string) =>
    `(f64x2.add (f64x2.mul ${a} ${b}) ${c})`;
  let terms: string[] = [];
  for (let i = HORNER; i < TAYLOR.length; i += 2) {
    terms.push(
      i + 1 < TAYLOR.length
        ? madd(f64(TAYLOR[i + 1]!), r, f64(TAYLOR[i]!))
        : f64(TAYLOR[i]!),
    );
  }
  const lines: string[] = [];
  let power = r;
  for (let level = 0; terms.length > 1; level++) {
    const name = `q${k}_${level}`;
    lines.push(set(name, `(f64x2.mul ${power} ${power})`));
    power = get(name);
    const next: string[] = [];
    for (let j = 0; j < terms.length; j += 2) {
      next.push(
        j + 1 < terms.length
          ? madd(terms[j + 1]!, power, terms[j]!)
          : terms[j]!,
      );
    }
    terms = next;
  }
  // the leading terms by Horner's rule, so that the tail's rounding is
  // scaled by r^HORNER
  let p = terms[0]!;
  for (let i = HORNER - 1; i >= 0; i--) p = madd(p, r, f64(TAYLOR[i]!));
  lines.push(set(`p${k}`, p));
  return lines;
}

/**
 * The instructions computing σ of the vector in `$z<k>` into `$a<k>`.
 *
 * @param k The lane pair's index in the unrolled loop.
 * @returns WebAssembly text.
 */
function sigmoidOf(k: number): string {
  const z = `z${k}`, x = `x${k}`, t = `t${k}`, n = `n${k}`, r = `r${k}`;
  const p = `p${k}`, h = `h${k}`, e = `e${k}`;
  // −|z|, held above −746 (below it e^x rounds to zero either way)
  const lines = [
    set(x, `(f64x2.pmax (f64x2.neg (f64x2.abs ${get(z)})) ${f64(-746)})`),
    set(
      t,
      `(f64x2.add (f64x2.mul ${get(x)} ${f64(Math.LOG2E)}) ${f64(ROUND)})`,
    ),
    // n as an integer: t's bits minus ROUND's bits
    set(n, `(i64x2.sub ${get(t)} ${ROUND_BITS})`),
    set(t, `(f64x2.sub ${get(t)} ${f64(ROUND)})`),
    set(
      r,
      `(f64x2.sub (f64x2.sub ${get(x)} (f64x2.mul ${get(t)} ${
        f64(LN2_HI)
      })) (f64x2.mul ${get(t)} ${f64(LN2_LO)}))`,
    ),
  ];
  lines.push(...estrin(get(r), k));
  // 2^(n>>1) and 2^(n − (n>>1)), each normal for n ≥ −1076
  const pow2 = (m: string) =>
    `(i64x2.shl (i64x2.add ${m} (v128.const i64x2 1023 1023)) (i32.const 52))`;
  lines.push(
    // h = ⌊n/2⌋ (by floor: i64x2.shr_s is not one x86 instruction)
    set(
      h,
      `(i64x2.sub (f64x2.add (f64x2.floor (f64x2.mul ${get(t)} ${f64(0.5)})) ${
        f64(ROUND)
      }) ${ROUND_BITS})`,
    ),
    set(
      e,
      `(f64x2.mul (f64x2.mul ${get(p)} ${pow2(get(h))}) ${
        pow2(`(i64x2.sub ${get(n)} ${get(h)})`)
      })`,
    ),
    set(
      `a${k}`,
      `(f64x2.div (v128.bitselect ${f64(1)} ${get(e)} (f64x2.ge ${get(z)} ${
        f64(0)
      })) (f64x2.add ${f64(1)} ${get(e)}))`,
    ),
  );
  return lines.join("\n      ");
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
  const names = ["z", "x", "t", "n", "r", "p", "h", "e", "a"]
    .flatMap((v) => ks.map((k) => `${v}${k}`));
  const powers = [0, 1, 2].flatMap((l) => ks.map((k) => `q${k}_${l}`));
  const locals = names.concat(powers).map((v) => `(local $${v} v128)`)
    .join(" ");
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
  (func (export "sigmoid_f64") (param $pZ i32) (param $pA i32) (param $n i32)
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

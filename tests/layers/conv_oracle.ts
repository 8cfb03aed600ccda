/**
 * Naive loops for the convolution tests: a direct convolution straight from
 * its definition, and finite differences of a weighted sum of outputs.
 *
 * @module
 */
import { Matrix, Random } from "../../mod.ts";

/** The arguments of a convolution, for the oracle. */
export interface ConvCase {
  c: number;
  h: number;
  w: number;
  filters: number;
  kh: number;
  kw: number;
  stride: number;
  padding: "valid" | "same";
}

/** Output size and padding before, as PyTorch/TensorFlow define them. */
export function axis(
  n: number,
  k: number,
  s: number,
  padding: string,
): [number, number] {
  if (padding === "valid") return [Math.floor((n - k) / s) + 1, 0];
  const out = Math.ceil(n / s);
  return [out, Math.floor(Math.max((out - 1) * s + k - n, 0) / 2)];
}

/**
 * `z_{i,f,y,x} = b_f + Σ_{c,u,v} K_{f,c,u,v} X_{i,c,y·s+u−pt,x·s+v−pl}`,
 * zero outside the image, written out as six nested loops.
 */
export function naiveConv(
  t: ConvCase,
  K: Float64Array | Float32Array,
  b: Float64Array | Float32Array,
  X: Matrix,
): { z: Float64Array; oh: number; ow: number } {
  const [oh, pt] = axis(t.h, t.kh, t.stride, t.padding);
  const [ow, pl] = axis(t.w, t.kw, t.stride, t.padding);
  const z = new Float64Array(X.rows * t.filters * oh * ow);
  let o = 0;
  for (let i = 0; i < X.rows; i++) {
    for (let f = 0; f < t.filters; f++) {
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          let s = b[f]!;
          for (let c = 0; c < t.c; c++) {
            for (let u = 0; u < t.kh; u++) {
              for (let v = 0; v < t.kw; v++) {
                const r = y * t.stride + u - pt, q = x * t.stride + v - pl;
                if (r < 0 || r >= t.h || q < 0 || q >= t.w) continue;
                s += K[((f * t.c + c) * t.kh + u) * t.kw + v]! *
                  X.get(i, (c * t.h + r) * t.w + q);
              }
            }
          }
          z[o++] = s;
        }
      }
    }
  }
  return { z, oh, ow };
}

/** A seeded matrix of N(0, 1) values. */
export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const r = new Random(seed), m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = r.normal();
  return m;
}

/**
 * Central differences of `f` in every entry of `values` (restored after).
 */
export function numericGradient(
  values: Float64Array | Float32Array,
  f: () => number,
  h = 1e-6,
): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    values[i] = v + h;
    const fp = f();
    values[i] = v - h;
    const fm = f();
    values[i] = v;
    out[i] = (fp - fm) / (2 * h);
  }
  return out;
}

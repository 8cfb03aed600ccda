/**
 * A convolution's two products with its input (the forward sum and BP4's
 * kernel gradient) for a sparse input, such as the pixels of a digit: every
 * nonzero input value is scattered to the windows that contain it, so the
 * work is proportional to the nonzeros, not to the image.
 *
 * @module
 */
import type { SparseRows } from "./sparse_rows.ts";
import type { Geometry } from "./im2col.ts";

/**
 * The scatter both products share: for every nonzero `a_{c,r,q}` of image
 * i and every kernel offset `(u, v)` that puts it in the window at output
 * `(y, x)` (`r = y·s + u − padTop`, `q = x·s + v − padLeft`), with
 * `w = i·P + y·outWidth + x` (the window's row, as in im2col) and
 * `e = (c·kh + u)·kw + v` (the entry in the window):
 * forward `O[w][f] += M[e][f]·a`, or BP4 `O[e][f] += M[w][f]·a`. Written
 * out once, without a callback, so that the inner loop is a plain loop.
 */
function scatter(
  rows: SparseRows,
  m: number,
  g: Geometry,
  M: Float64Array,
  F: number,
  O: Float64Array,
  kernelGradient: boolean,
): void {
  const { height: H, width: W, kh, kw, stride: s } = g;
  const OH = g.outHeight, OW = g.outWidth, P = OH * OW, HW = H * W;
  const { start, index, value } = rows;
  O.fill(0);
  for (let i = 0; i < m; i++) {
    for (let n = start[i]!; n < start[i + 1]!; n++) {
      const idx = index[n]!, a = value[n]!;
      const c = Math.floor(idx / HW), rq = idx - c * HW;
      const r = Math.floor(rq / W), q = rq - r * W;
      // the offsets (u, v) whose window contains (r, q): y·s = r + padTop − u
      // with 0 ≤ y < OH, so u runs over a range (every s-th value in it)
      const rr = r + g.padTop, qq = q + g.padLeft;
      const u0 = first(rr, OH, s), v0 = first(qq, OW, s);
      const u1 = Math.min(kh - 1, rr), v1 = Math.min(kw - 1, qq);
      for (let u = u0; u <= u1; u += s) {
        const row = i * P + ((rr - u) / s) * OW, entryRow = (c * kh + u) * kw;
        for (let v = v0; v <= v1; v += s) {
          const w = (row + (qq - v) / s) * F, e = (entryRow + v) * F;
          if (kernelGradient) {
            for (let f = 0; f < F; f++) O[e + f]! += M[w + f]! * a;
          } else {
            for (let f = 0; f < F; f++) O[w + f]! += M[e + f]! * a;
          }
        }
      }
    }
  }
}

/**
 * The smallest offset `u ≥ 0` with `(p − u)` a multiple of `s` and
 * `(p − u)/s < n`: the first kernel row whose window holds position p.
 */
function first(p: number, n: number, s: number): number {
  let u = Math.max(0, p - (n - 1) * s);
  const rem = (p - u) % s;
  if (rem !== 0) u += rem;
  return u;
}

/**
 * `Zt = cols K^T` without forming cols: `Zt[w][f] = Σ_e K[f][e] cols[w][e]`
 * over the nonzero entries of every window `w`.
 *
 * @param rows The input's nonzeros.
 * @param m Number of images.
 * @param g The geometry.
 * @param Kt The kernels transposed, `(channels·kh·kw) x F`.
 * @param F Number of filters.
 * @param Zt Receives `m·P x F`; overwritten.
 */
export function sparseConvForward(
  rows: SparseRows,
  m: number,
  g: Geometry,
  Kt: Float64Array,
  F: number,
  Zt: Float64Array,
): void {
  scatter(rows, m, g, Kt, F, Zt, false);
}

/**
 * BP4's `Δt^T cols` without forming cols, transposed:
 * `gKt[e][f] = Σ_w Δt[w][f] cols[w][e]` over the nonzeros.
 *
 * @param rows The input's nonzeros.
 * @param m Number of images.
 * @param g The geometry.
 * @param Dt `Δ` position-major, `m·P x F`.
 * @param F Number of filters.
 * @param gKt Receives `(channels·kh·kw) x F`; overwritten.
 */
export function sparseKernelGradient(
  rows: SparseRows,
  m: number,
  g: Geometry,
  Dt: Float64Array,
  F: number,
  gKt: Float64Array,
): void {
  scatter(rows, m, g, Dt, F, gKt, true);
}

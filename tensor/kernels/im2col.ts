/**
 * im2col and col2im: every window of an image as one row of a matrix, and
 * back, so that a convolution is a matrix product.
 *
 * @module
 */

/** Where the windows of a convolution lie on its input. */
export interface Geometry {
  /** Input channels. */
  readonly channels: number;
  /** Input height. */
  readonly height: number;
  /** Input width. */
  readonly width: number;
  /** Kernel height. */
  readonly kh: number;
  /** Kernel width. */
  readonly kw: number;
  /** Step between windows. */
  readonly stride: number;
  /** Output height (number of window rows). */
  readonly outHeight: number;
  /** Output width (number of window columns). */
  readonly outWidth: number;
  /** Zero rows above the input. */
  readonly padTop: number;
  /** Zero columns left of the input. */
  readonly padLeft: number;
}

/**
 * Writes the window of every output position `(i, y, x)` as row
 * `i·P + y·outWidth + x` of `cols` (`P` positions per image), entry
 * `(c·kh + u)·kw + v` holding `a_{c, y·s+u−padTop, x·s+v−padLeft}`, zero
 * outside the image.
 *
 * @param X `m` images, channel-major, one after the other.
 * @param m Number of images.
 * @param g The geometry.
 * @param cols Receives `m·P x (channels·kh·kw)` values; overwritten.
 *
 * @example A 1x3x3 image, 2x2 windows
 * ```ts
 * import { im2col } from "./im2col.ts";
 * import assert from "node:assert/strict";
 *
 * const g = { channels: 1, height: 3, width: 3, kh: 2, kw: 2, stride: 1, outHeight: 2, outWidth: 2, padTop: 0, padLeft: 0 };
 * const cols = new Float64Array(16);
 * im2col(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), 1, g, cols);
 * assert.deepEqual([...cols.subarray(4, 8)], [2, 3, 5, 6]);
 * ```
 */
export function im2col(
  X: Float64Array,
  m: number,
  g: Geometry,
  cols: Float64Array,
): void {
  const { channels: C, height: H, width: W, kh, kw, stride: s } = g;
  const OH = g.outHeight, OW = g.outWidth, K = C * kh * kw;
  const imageSize = C * H * W;
  let r = 0;
  for (let i = 0; i < m; i++) {
    const xi = i * imageSize;
    for (let y = 0; y < OH; y++) {
      const top = y * s - g.padTop;
      for (let x = 0; x < OW; x++, r += K) {
        const left = x * s - g.padLeft;
        const inside = top >= 0 && left >= 0 && top + kh <= H &&
          left + kw <= W;
        let o = r;
        for (let c = 0; c < C; c++) {
          const xc = xi + c * H * W;
          for (let u = 0; u < kh; u++) {
            const row = top + u, base = xc + row * W + left;
            if (inside) {
              for (let v = 0; v < kw; v++) cols[o++] = X[base + v]!;
            } else if (row < 0 || row >= H) {
              for (let v = 0; v < kw; v++) cols[o++] = 0;
            } else {
              for (let v = 0; v < kw; v++) {
                const col = left + v;
                cols[o++] = col >= 0 && col < W ? X[base + v]! : 0;
              }
            }
          }
        }
      }
    }
  }
}

/**
 * The adjoint of {@linkcode im2col}: adds every entry of `dcols` back to
 * the input position it was read from (entries from the padding are
 * dropped). Overwrites `dX`.
 *
 * @param dcols `m·P x (channels·kh·kw)` values.
 * @param m Number of images.
 * @param g The geometry.
 * @param dX Receives `m` images' worth of sums; overwritten.
 *
 * @example Overlapping windows add up
 * ```ts
 * import { col2im } from "./im2col.ts";
 * import assert from "node:assert/strict";
 *
 * const g = { channels: 1, height: 1, width: 3, kh: 1, kw: 2, stride: 1, outHeight: 1, outWidth: 2, padTop: 0, padLeft: 0 };
 * const dX = new Float64Array(3);
 * col2im(Float64Array.of(1, 1, 1, 1), 1, g, dX);
 * assert.deepEqual([...dX], [1, 2, 1]);
 * ```
 */
export function col2im(
  dcols: Float64Array,
  m: number,
  g: Geometry,
  dX: Float64Array,
): void {
  const { channels: C, height: H, width: W, kh, kw, stride: s } = g;
  const OH = g.outHeight, OW = g.outWidth, K = C * kh * kw;
  const imageSize = C * H * W;
  dX.fill(0);
  let r = 0;
  for (let i = 0; i < m; i++) {
    const xi = i * imageSize;
    for (let y = 0; y < OH; y++) {
      const top = y * s - g.padTop;
      for (let x = 0; x < OW; x++, r += K) {
        const left = x * s - g.padLeft;
        let o = r;
        for (let c = 0; c < C; c++) {
          const xc = xi + c * H * W;
          for (let u = 0; u < kh; u++) {
            const row = top + u, base = xc + row * W + left;
            if (row < 0 || row >= H) {
              o += kw;
              continue;
            }
            for (let v = 0; v < kw; v++, o++) {
              const col = left + v;
              if (col >= 0 && col < W) dX[base + v]! += dcols[o]!;
            }
          }
        }
      }
    }
  }
}

/**
 * The columns `[x0, x1)` of an output row whose window entry at kernel
 * column `v` falls inside the image (`0 ≤ x·s + v − padLeft < width`).
 */
function insideColumns(g: Geometry, v: number): [number, number] {
  const dv = v - g.padLeft, s = g.stride;
  const x0 = dv >= 0 ? 0 : Math.ceil(-dv / s);
  const x1 = Math.min(g.outWidth, Math.floor((g.width - 1 - dv) / s) + 1);
  return [Math.min(x0, g.outWidth), Math.max(x1, 0)];
}

/**
 * The adjoint of im2col transposed (`wasm/gen_conv.ts`, `colsT` with one
 * column per window): adds every entry of `dcolsT` back to
 * the input position it was read from (entries from the padding are
 * dropped), for images `i0 .. i0+n−1`, whose part of `dX` it overwrites.
 *
 * @param dcolsT `channels·kh·kw x n·P` values.
 * @param i0 The first image.
 * @param n Number of images.
 * @param g The geometry.
 * @param dX Receives the sums for images `i0 .. i0+n−1`.
 *
 * @example Overlapping windows add up
 * ```ts
 * import { col2imT } from "./im2col.ts";
 * import assert from "node:assert/strict";
 *
 * const g = { channels: 1, height: 1, width: 3, kh: 1, kw: 2, stride: 1, outHeight: 1, outWidth: 2, padTop: 0, padLeft: 0 };
 * const dX = new Float64Array(3);
 * col2imT(Float64Array.of(1, 1, 1, 1), 0, 1, g, dX);
 * assert.deepEqual([...dX], [1, 2, 1]);
 * ```
 */
export function col2imT(
  dcolsT: Float64Array | Float32Array,
  i0: number,
  n: number,
  g: Geometry,
  dX: Float64Array,
): void {
  const { channels: C, height: H, width: W, kh, kw, stride: s } = g;
  const OH = g.outHeight, OW = g.outWidth, P = OH * OW, ld = n * P;
  const HW = H * W, imageSize = C * HW;
  dX.fill(0, i0 * imageSize, (i0 + n) * imageSize);
  let e = 0;
  for (let c = 0; c < C; c++) {
    for (let u = 0; u < kh; u++) {
      for (let v = 0; v < kw; v++, e++) {
        const [x0, x1] = insideColumns(g, v), dv = v - g.padLeft;
        for (let i = 0; i < n; i++) {
          const xc = (i0 + i) * imageSize + c * HW;
          let o = e * ld + i * P;
          for (let y = 0; y < OH; y++, o += OW) {
            const r = y * s + u - g.padTop;
            if (r < 0 || r >= H) continue;
            const base = xc + r * W + dv;
            if (s === 1) {
              for (let x = x0; x < x1; x++) dX[base + x]! += dcolsT[o + x]!;
            } else {
              for (let x = x0; x < x1; x++) {
                dX[base + x * s]! += dcolsT[o + x]!;
              }
            }
          }
        }
      }
    }
  }
}

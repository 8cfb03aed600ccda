import assert from "node:assert/strict";
import { ConvKernels } from "../../tensor/kernels/conv_kernels.ts";
import { plainKernels } from "../../tensor/kernels/arena.ts";
import type { Geometry } from "../../tensor/kernels/im2col.ts";
import { kernelCalls, kernelsSince } from "../../tensor/kernels/paths.ts";
import { batchArrays } from "../../tensor/kernels/arena_views.ts";
import { attachSparse, SparseRows } from "../../tensor/kernels/mod.ts";
import { Random } from "../../tensor/random.ts";
import { axis, type ConvCase } from "../layers/conv_oracle.ts";

/**
 * Each of the three products of a convolution (and BP3) against naive
 * float64 loops written from the definition, within the rounding bound of
 * a sum of n products in any order, with or without fused multiply-add:
 * |computed − exact| ≤ (n + 3)·u·Σ|terms| (u the unit roundoff of the
 * dtype; the +3 covers the bias, the rounding of float32 operands and the
 * final rounding).
 */

interface Case extends ConvCase {
  m: number;
}

const CASES: Case[] = [
  {
    c: 1,
    h: 9,
    w: 8,
    filters: 3,
    kh: 3,
    kw: 3,
    stride: 1,
    padding: "valid",
    m: 3,
  },
  {
    c: 3,
    h: 9,
    w: 8,
    filters: 4,
    kh: 3,
    kw: 2,
    stride: 2,
    padding: "valid",
    m: 2,
  },
  {
    c: 2,
    h: 7,
    w: 9,
    filters: 5,
    kh: 3,
    kw: 3,
    stride: 1,
    padding: "same",
    m: 4,
  },
  {
    c: 3,
    h: 8,
    w: 7,
    filters: 2,
    kh: 4,
    kw: 4,
    stride: 2,
    padding: "same",
    m: 1,
  },
  {
    c: 2,
    h: 6,
    w: 6,
    filters: 9,
    kh: 2,
    kw: 3,
    stride: 1,
    padding: "same",
    m: 5,
  },
];

function geometry(t: Case): Geometry {
  const [outHeight, padTop] = axis(t.h, t.kh, t.stride, t.padding);
  const [outWidth, padLeft] = axis(t.w, t.kw, t.stride, t.padding);
  return {
    channels: t.c,
    height: t.h,
    width: t.w,
    kh: t.kh,
    kw: t.kw,
    stride: t.stride,
    outHeight,
    outWidth,
    padTop,
    padLeft,
  };
}

function normals(n: number, r: Random, zeros = 0): Float64Array {
  return Float64Array.from(
    { length: n },
    () => (r.uniform() < zeros ? 0 : r.normal()),
  );
}

/**
 * The four results and their magnitudes Σ|terms|, straight from the
 * definition: for every (i, f, y, x) and every (c, u, v) whose input
 * position (y·s + u − pt, x·s + v − pl) lies inside the image, the term
 * K_{f,c,u,v} X_{i,c,r,q} adds to z, δ_{i,f,y,x} X_{i,c,r,q} to ∂K and
 * δ_{i,f,y,x} K_{f,c,u,v} to ∂X.
 */
function naive(
  t: Case,
  g: Geometry,
  K: ArrayLike<number>,
  b: ArrayLike<number>,
  X: Float64Array,
  D: Float64Array,
) {
  const { outHeight: OH, outWidth: OW } = g, F = t.filters;
  const zn = t.m * F * OH * OW, kn = F * t.c * t.kh * t.kw;
  const z = new Float64Array(zn), zMag = new Float64Array(zn);
  const dK = new Float64Array(kn), dKMag = new Float64Array(kn);
  const db = new Float64Array(F), dbMag = new Float64Array(F);
  const xn = t.m * t.c * t.h * t.w;
  const dX = new Float64Array(xn), dXMag = new Float64Array(xn);
  for (let i = 0; i < t.m; i++) {
    for (let f = 0; f < F; f++) {
      for (let y = 0; y < OH; y++) {
        for (let x = 0; x < OW; x++) {
          const o = ((i * F + f) * OH + y) * OW + x, d = D[o]!;
          z[o] = b[f]!;
          zMag[o] = Math.abs(b[f]!);
          db[f]! += d;
          dbMag[f]! += Math.abs(d);
          for (let c = 0; c < t.c; c++) {
            for (let u = 0; u < t.kh; u++) {
              for (let v = 0; v < t.kw; v++) {
                const r = y * t.stride + u - g.padTop;
                const q = x * t.stride + v - g.padLeft;
                if (r < 0 || r >= t.h || q < 0 || q >= t.w) continue;
                const k = ((f * t.c + c) * t.kh + u) * t.kw + v;
                const p = ((i * t.c + c) * t.h + r) * t.w + q;
                z[o]! += K[k]! * X[p]!;
                zMag[o]! += Math.abs(K[k]! * X[p]!);
                dK[k]! += d * X[p]!;
                dKMag[k]! += Math.abs(d * X[p]!);
                dX[p]! += d * K[k]!;
                dXMag[p]! += Math.abs(d * K[k]!);
              }
            }
          }
        }
      }
    }
  }
  return { z, zMag, dK, dKMag, db, dbMag, dX, dXMag };
}

function check(
  what: string,
  got: ArrayLike<number>,
  want: Float64Array,
  mag: Float64Array,
  terms: number,
  u: number,
): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let j = 0; j < want.length; j++) {
    const bound = (terms + 3) * u * mag[j]! + 1e-300;
    const err = Math.abs(got[j]! - want[j]!);
    assert.ok(
      err <= bound,
      `${what}[${j}]: got ${got[j]}, want ${
        want[j]
      } (error ${err} > bound ${bound})`,
    );
  }
}

/** Runs forward and backward on the kernels and checks every result. */
function checkProducts(
  what: string,
  k: ConvKernels,
  t: Case,
  seed: number,
  u: number,
  options: { zeros?: number; sparse?: boolean; arena?: boolean } = {},
): void {
  const g = geometry(t), r = new Random(seed);
  k.kernels.set(normals(k.kernels.length, r));
  k.bias.set(normals(t.filters, r));
  const inputSize = t.c * t.h * t.w, P = g.outHeight * g.outWidth;
  // in the kernels' arena (as a Conv2D hands its batches over) or not
  const place = (values: Float64Array): Float64Array => {
    if (!options.arena) return values;
    const view = batchArrays(k.arena!, ["v"], values.length).v!;
    assert.ok(k.arena!.owns(view), "the batch is not in the arena");
    view.set(values);
    return view;
  };
  const X = place(normals(t.m * inputSize, r, options.zeros ?? 0));
  const D = place(normals(t.m * t.filters * P, r));
  const input = { data: X, rows: t.m, cols: inputSize };
  if (options.sparse) {
    const rows = new SparseRows();
    assert.ok(rows.compress(X, t.m, inputSize, 1));
    attachSparse(input, rows);
  }
  const want = naive(t, g, k.kernels, k.bias, X, D);
  const z = place(new Float64Array(t.m * t.filters * P));
  k.forward(input, z);
  check(`${what} z`, z, want.z, want.zMag, t.c * t.kh * t.kw + 1, u);
  const dX = new Float64Array(t.m * inputSize).fill(NaN);
  k.backward(D, dX);
  check(`${what} ∂K`, k.kernelGrad, want.dK, want.dKMag, t.m * P, u);
  check(`${what} ∂b`, k.biasGrad, want.db, want.dbMag, t.m * P, u);
  check(`${what} ∂X`, dX, want.dX, want.dXMag, t.filters * t.kh * t.kw, u);
  // without the input gradient: the same parameter gradients
  const gK = k.kernelGrad.slice(), gb = k.biasGrad.slice();
  k.backward(D, undefined);
  assert.deepEqual(k.kernelGrad, gK, `${what}: ∂K without ∂X`);
  assert.deepEqual(k.biasGrad, gb, `${what}: ∂b without ∂X`);
}

const describe = (t: Case) =>
  `${t.c}x${t.h}x${t.w}, ${t.filters} filters ${t.kh}x${t.kw}, stride ${t.stride}, ${t.padding}, m=${t.m}`;

for (const dtype of ["float64", "float32"] as const) {
  const u = dtype === "float64" ? 2 ** -53 : 2 ** -24;
  Deno.test(`conv kernels (${dtype}, WebAssembly): forward, BP3, BP4 and BP2 against the 7-loop definition`, () => {
    CASES.forEach((t, n) => {
      const before = kernelCalls();
      const k = ConvKernels.create(geometry(t), t.filters, dtype);
      assert.ok(k.inWasm, "this runtime has WebAssembly SIMD");
      checkProducts(`${dtype} ${describe(t)}`, k, t, 10 + n, u);
      // compressed rows attached (as train() hands pixels over)
      checkProducts(`${dtype} sparse ${describe(t)}`, k, t, 50 + n, u, {
        zeros: 0.8,
        sparse: true,
      });
      // the batches in the arena: the input read in place, z and Δ
      // reordered (and BP3 summed) in WebAssembly
      checkProducts(`${dtype} in the arena, ${describe(t)}`, k, t, 70 + n, u, {
        arena: true,
      });
      const f32 = dtype === "float32" ? ".f32" : "";
      assert.deepEqual(
        kernelsSince(before).map((p) => p.split(" ")[0]),
        [`simd.conv.dk${f32}`, `simd.conv.dx${f32}`, `simd.conv.z${f32}`],
      );
    });
  });

  Deno.test(`conv kernels (${dtype}): a batch in chunks of 2 and 1 images gives the same results within the bound`, () => {
    for (const t of [CASES[0]!, { ...CASES[2]!, m: 5 }]) {
      const g = geometry(t), E = t.c * t.kh * t.kw;
      const size = dtype === "float64" ? 8 : 4;
      const perImage = Math.max(E, t.filters) * g.outHeight * g.outWidth * size;
      for (const images of [1, 2]) {
        const k = ConvKernels.create(g, t.filters, dtype, images * perImage);
        assert.equal(k.chunkImages(t.m), images);
        checkProducts(
          `${dtype} chunks of ${images}, ${describe(t)}`,
          k,
          t,
          3,
          u,
        );
        checkProducts(`${dtype} sparse, chunks of ${images}`, k, t, 4, u, {
          zeros: 0.8,
          sparse: true,
        });
        checkProducts(
          `${dtype} in the arena, chunks of ${images}`,
          k,
          t,
          5,
          u,
          {
            arena: true,
          },
        );
      }
    }
  });
}

Deno.test("conv kernels without WebAssembly: im2col and the TypeScript products, dense and sparse inputs, against the definition", () => {
  for (const dtype of ["float64", "float32"] as const) {
    const u = dtype === "float64" ? 2 ** -53 : 2 ** -24;
    CASES.forEach((t, n) => {
      const k = plainKernels(() =>
        ConvKernels.create(geometry(t), t.filters, dtype)
      );
      assert.equal(k.inWasm, false);
      const before = kernelCalls();
      checkProducts(`plain ${dtype} ${describe(t)}`, k, t, 20 + n, u);
      // a sparse input, compressed by the caller as train() does, and one
      // wide enough for the layer to compress itself
      checkProducts(`plain sparse ${describe(t)}`, k, t, 30 + n, u, {
        zeros: 0.8,
        sparse: true,
      });
      const wide = { ...t, h: 12, w: 12 };
      const kw = plainKernels(() =>
        ConvKernels.create(geometry(wide), t.filters, dtype)
      );
      checkProducts(`plain wide ${describe(wide)}`, kw, wide, 40 + n, u, {
        zeros: 0.8,
      });
      assert.deepEqual(kernelsSince(before).map((p) => p.split(" ")[0]), [
        "conv.gemmNN",
        "conv.gemmNT",
        "conv.gemmTN",
        "conv.scatterNT",
        "conv.scatterTN",
      ]);
    });
  }
});

Deno.test("conv kernels: a 1x1 kernel is a per-pixel dense product, hand-worked", () => {
  // 2 channels, 1x2 image, 1 filter: z = 2·ch0 − ch1 + 0.5 per pixel
  const g: Geometry = {
    channels: 2,
    height: 1,
    width: 2,
    kh: 1,
    kw: 1,
    stride: 1,
    outHeight: 1,
    outWidth: 2,
    padTop: 0,
    padLeft: 0,
  };
  for (const dtype of ["float64", "float32"] as const) {
    const k = ConvKernels.create(g, 1, dtype);
    k.kernels.set([2, -1]);
    k.bias[0] = 0.5;
    const z = new Float64Array(2);
    k.forward({ data: Float64Array.of(1, 3, 4, 5), rows: 1, cols: 4 }, z);
    assert.deepEqual([...z], [2 - 4 + 0.5, 6 - 5 + 0.5]);
    const dX = new Float64Array(4);
    k.backward(Float64Array.of(1, -2), dX);
    // ∂K = (1·1 − 2·3, 1·4 − 2·5), ∂b = −1, ∂X = δ·K per pixel
    assert.deepEqual([...k.kernelGrad], [-5, -6]);
    assert.deepEqual([...k.biasGrad], [-1]);
    assert.deepEqual([...dX], [2, -4, -1, 2]);
  }
});

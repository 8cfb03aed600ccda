/**
 * Cases that reach the kernel paths and parameters the combinations do
 * not: pixel-like inputs wide enough for the sparse and WebAssembly
 * kernels (within and beyond WebAssembly's 256-row scratch, 300 rows:
 * several row tiles of the TypeScript kernels; 24 rows, enough nonzeros
 * per column for the forward pass to pack W), 17 hidden units (the sparse
 * kernels' blocks of 10, 6, 16 and 1 rows), an odd batch
 * (the blocked rows and their tail in one call), the activations at a
 * parameter other than their default, and Conv2D's kernel paths (split
 * between Workers, float32, and the TypeScript loops with a sparse input).
 *
 * @module
 */
import { elu, leakyRelu, sigmoid, tanh } from "../../activations/mod.ts";
import { crossEntropy, logLikelihood, quadratic } from "../../costs/mod.ts";
import { Conv2D, Dense, MaxPool2D } from "../../layers/mod.ts";
import { Network } from "../../network/mod.ts";
import { Matrix, type MatrixLike, Random } from "../../tensor/mod.ts";
import {
  attachSparse,
  plainKernels,
  SparseRows,
} from "../../tensor/kernels/mod.ts";

/** A network and a batch, named for the table. */
export interface KernelCase {
  /** The row's name. */
  name: string;
  /** The network. */
  network: Network;
  /** Inputs. */
  x: MatrixLike;
  /** Targets. */
  y: number[][];
  /** Entries checked per Param, when not every one (big products). */
  sample?: number;
}

/** Rows of 8x8 "pixels": a blob of ink, about 30% nonzero, in (0, 1]. */
function pixels(m: number, r: Random): number[][] {
  return Array.from({ length: m }, () => {
    const cx = 3.5 + r.uniform() - 0.5, cy = 3.5 + r.uniform() - 0.5;
    return Array.from({ length: 64 }, (_, p) => {
      const dx = (p % 8) - cx, dy = Math.floor(p / 8) - cy;
      return dx * dx / 4 + dy * dy / 6 <= 1 ? 0.05 + 0.95 * r.uniform() : 0;
    });
  });
}

/**
 * Pixel rows compressed as `train()` hands a batch to the first layer, so
 * that the forward pass and BP4 take the sparse WebAssembly kernels.
 */
function compressed(rows: number[][]): Matrix {
  const x = Matrix.from(rows), sparse = new SparseRows();
  if (sparse.compress(x.data, x.rows, x.cols, 1)) attachSparse(x, sparse);
  return x;
}

function oneHot(m: number, n: number, r: Random): number[][] {
  return Array.from({ length: m }, () => {
    const k = r.int(n);
    return Array.from({ length: n }, (_, j) => (j === k ? 1 : 0));
  });
}

function normal(m: number, n: number, r: Random): number[][] {
  return Array.from(
    { length: m },
    () => Array.from({ length: n }, () => r.normal()),
  );
}

/**
 * The kernel cases for a seed.
 *
 * @param seed Seed of weights and data.
 * @returns The cases, in table order.
 *
 * @example
 * ```ts
 * import { kernelCases } from "./kernel_cases.ts";
 * import assert from "node:assert/strict";
 *
 * const cases = kernelCases(1);
 * assert.ok(cases.some((c) => Array.isArray(c.x) && c.x.length > 256 && c.x[0]!.length >= 64));
 * ```
 */
export function kernelCases(seed: number): KernelCase[] {
  const r = new Random(seed + 2000);
  const wide = (act: typeof sigmoid) =>
    new Network([
      new Dense(64, 17, act, { seed }),
      new Dense(17, 3, sigmoid, { seed: seed + 1 }),
    ], crossEntropy);
  const deep = (act: typeof sigmoid) =>
    new Network([
      new Dense(4, 6, act, { seed }),
      new Dense(6, 5, act, { seed: seed + 1 }),
      new Dense(5, 3, "identity", { seed: seed + 2 }),
    ], quadratic);
  return [
    {
      name: "256→128→256→3, m=16, threads: 2 (products split between Workers)",
      network: new Network([
        new Dense(256, 128, tanh, { seed, threads: 2 }),
        new Dense(128, 256, tanh, { seed: seed + 1, threads: 2 }),
        new Dense(256, 3, sigmoid, { seed: seed + 2, threads: 2 }),
      ], crossEntropy),
      x: normal(16, 256, r),
      y: oneHot(16, 3, r),
      sample: 64,
    },
    {
      name: "pixels 64→17→3, m=4 (WebAssembly)",
      network: wide(tanh),
      x: compressed(pixels(4, r)),
      y: oneHot(4, 3, r),
    },
    {
      name: "pixels 64→17→3, m=24 (WebAssembly, W packed for SIMD)",
      network: wide(tanh),
      x: compressed(pixels(24, r)),
      y: oneHot(24, 3, r),
    },
    {
      name: "pixels 64→17→3, m=1 (WebAssembly)",
      network: wide(sigmoid),
      x: compressed(pixels(1, r)),
      y: oneHot(1, 3, r),
    },
    {
      name: "pixels 64→17→3, m=300 (TypeScript kernels, sparse)",
      network: plainKernels(() => wide(tanh)),
      x: pixels(300, r),
      y: oneHot(300, 3, r),
    },
    {
      name: "pixels 64→17→3, m=3 (TypeScript kernels)",
      network: plainKernels(() => wide(sigmoid)),
      x: pixels(3, r),
      y: oneHot(3, 3, r),
    },
    {
      name: "float32 pixels 64→17→3, m=24 (sparse WebAssembly, float64 copy " +
        "checked)",
      network: new Network([
        new Dense(64, 17, tanh, { seed, dtype: "float32" }),
        new Dense(17, 3, sigmoid, { seed: seed + 1, dtype: "float32" }),
      ], crossEntropy),
      x: compressed(pixels(24, r)),
      y: oneHot(24, 3, r),
    },
    {
      name: "float32 tanh/quadratic, depth 3, m=4 (float64 copy checked)",
      network: new Network([
        new Dense(4, 6, tanh, { seed, dtype: "float32" }),
        new Dense(6, 5, tanh, { seed: seed + 1, dtype: "float32" }),
        new Dense(5, 3, "identity", { seed: seed + 2, dtype: "float32" }),
      ], quadratic),
      x: normal(4, 4, r),
      y: normal(4, 3, r),
    },
    ...convKernelCases(seed, r),
    {
      name: "tanh/quadratic, depth 3, m=5 (odd batch)",
      network: deep(tanh),
      x: normal(5, 4, r),
      y: normal(5, 3, r),
    },
    {
      name: "elu(α=0.5)/quadratic, depth 3, m=4",
      network: deep(elu(0.5)),
      x: normal(4, 4, r),
      y: normal(4, 3, r),
    },
    {
      name: "leakyRelu(α=0.2)/quadratic, depth 3, m=4",
      network: deep(leakyRelu(0.2)),
      x: normal(4, 4, r),
      y: normal(4, 3, r),
    },
  ];
}

/**
 * Conv2D's kernel paths: two conv layers (the second one passes δ down,
 * BP2), big enough for the second one's products to be split between
 * Workers, in float64 and float32; small float32 ones; and the TypeScript
 * loops, whose first layer takes pixels (sparse: the scatter) and whose
 * second a dense input (im2col).
 */
function convKernelCases(seed: number, r: Random): KernelCase[] {
  const split = (dtype: "float64" | "float32") => {
    const o = { dtype, threads: 2 } as const;
    const c1 = new Conv2D([3, 16, 16], 8, 3, tanh, {
      ...o,
      seed,
      padding: "same",
    });
    const c2 = new Conv2D(c1.outputShape, 8, 3, tanh, { ...o, seed: seed + 1 });
    const p = new MaxPool2D(c2.outputShape, 2);
    return new Network([
      c1,
      c2,
      p,
      new Dense(p.outputSize, 3, "softmax", { ...o, seed: seed + 2 }),
    ], logLikelihood);
  };
  const small = (
    dtype: "float64" | "float32",
    input: [number, number, number],
  ) => {
    const c1 = new Conv2D(input, 3, 3, tanh, { dtype, seed, stride: 2 });
    const c2 = new Conv2D(c1.outputShape, 2, 2, sigmoid, {
      dtype,
      seed: seed + 1,
      padding: "same",
    });
    return new Network([
      c1,
      c2,
      new Dense(c2.outputSize, 3, sigmoid, { dtype, seed: seed + 2 }),
    ], crossEntropy);
  };
  return [
    ...(["float64", "float32"] as const).map((dtype) => ({
      name:
        `${dtype} conv 3x16x16 → conv → maxpool → dense, m=8, threads: 2 (conv products split between Workers)`,
      network: split(dtype),
      x: normal(8, 3 * 16 * 16, r),
      y: oneHot(8, 3, r),
      sample: 48,
    })),
    {
      name: "float32 conv 2x7x7 → conv → dense, m=3 (float64 copy checked)",
      network: small("float32", [2, 7, 7]),
      x: normal(3, 2 * 7 * 7, r),
      y: oneHot(3, 3, r),
    },
    {
      name: "conv pixels 8x8 → conv → dense, m=4 (TypeScript kernels, sparse)",
      network: plainKernels(() => small("float64", [1, 8, 8])),
      x: pixels(4, r),
      y: oneHot(4, 3, r),
    },
  ];
}

/**
 * The first layer's sparse products in WebAssembly: a Dense layer's
 * weights and their gradient live in a WebAssembly memory of the layer's
 * own (plain `Float64Array` views to everyone else), and the kernels of
 * `wasm/sparse_kernels.wat` read them there, about 1.4x faster than the
 * TypeScript loops (no bounds checks) and bit for bit the same results. A
 * batch too large for the scratch space, or a runtime without
 * WebAssembly, takes the TypeScript kernels instead.
 *
 * @module
 */
import type { SparseRows } from "./sparse_rows.ts";
import { SPARSE_KERNELS_WASM } from "./wasm_bytes.ts";

/** Largest batch the scratch space holds. */
const MAX_ROWS = 256;
/** Most nonzeros of a batch the scratch space holds. */
const MAX_NONZEROS = 32768;
const PAGE = 65536;

type Kernel = (
  p0: number,
  p1: number,
  p2: number,
  p3: number,
  p4: number,
  m: number,
  k: number,
  n: number,
) => void;

let compiled: WebAssembly.Module | null | undefined;

function compiledModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const text = atob(SPARSE_KERNELS_WASM);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null; // no WebAssembly here: the TypeScript kernels serve
    }
  }
  return compiled;
}

/**
 * A Dense layer's weights, weight gradient and scratch in one fixed-size
 * WebAssembly memory (never grown, so the views stay valid), with the two
 * sparse products of the first layer.
 *
 * @example
 * ```ts
 * import { WasmDenseKernels } from "./wasm_kernels.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const kernels = WasmDenseKernels.create(1, 2)!;
 * kernels.weights.set([3, 4]);
 * const S = new SparseRows();
 * S.compress(Float64Array.of(0, 2), 1, 2, 1);
 * const Z = new Float64Array(1);
 * assert.ok(kernels.forward(S, 1, Z));
 * assert.equal(Z[0], 8);
 * ```
 */
export class WasmDenseKernels {
  /** `W` (`n_out x n_in`), a view into the layer's memory. */
  readonly weights: Float64Array;
  /** `∂C/∂W`, a view into the layer's memory. */
  readonly weightGrad: Float64Array;
  readonly #nt: Kernel;
  readonly #tn: Kernel;
  readonly #nOut: number;
  readonly #nIn: number;
  readonly #start: Int32Array;
  readonly #index: Int32Array;
  readonly #value: Float64Array;
  readonly #out: Float64Array;
  readonly #delta: Float64Array;
  /** Byte offsets of W, ∂C/∂W, start, index, value, the output and Δ. */
  readonly #at: {
    w: number;
    g: number;
    s: number;
    i: number;
    v: number;
    o: number;
    d: number;
  };

  private constructor(nOut: number, nIn: number, module: WebAssembly.Module) {
    const w = nOut * nIn * 8;
    const pW = 0, pG = w, pS = 2 * w;
    const pI = pS + Math.ceil(((MAX_ROWS + 1) * 4) / 8) * 8;
    const pV = pI + MAX_NONZEROS * 4, pO = pV + MAX_NONZEROS * 8;
    const pD = pO + MAX_ROWS * nOut * 8, end = pD + MAX_ROWS * nOut * 8;
    const pages = Math.ceil(end / PAGE);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const buffer = memory.buffer;
    this.#nt = instance.exports.nt as Kernel;
    this.#tn = instance.exports.tn as Kernel;
    this.#nOut = nOut;
    this.#nIn = nIn;
    this.weights = new Float64Array(buffer, pW, nOut * nIn);
    this.weightGrad = new Float64Array(buffer, pG, nOut * nIn);
    this.#start = new Int32Array(buffer, pS, MAX_ROWS + 1);
    this.#index = new Int32Array(buffer, pI, MAX_NONZEROS);
    this.#value = new Float64Array(buffer, pV, MAX_NONZEROS);
    this.#out = new Float64Array(buffer, pO, MAX_ROWS * nOut);
    this.#delta = new Float64Array(buffer, pD, MAX_ROWS * nOut);
    this.#at = { w: pW, g: pG, s: pS, i: pI, v: pV, o: pO, d: pD };
  }

  /**
   * The kernels for an `n_out x n_in` layer, or undefined without
   * WebAssembly.
   *
   * @param nOut n_out.
   * @param nIn n_in.
   * @returns The kernels with zeroed weights, or undefined.
   */
  static create(nOut: number, nIn: number): WasmDenseKernels | undefined {
    const module = compiledModule();
    if (module === null || nOut * nIn * 16 > 2 ** 30) return undefined;
    return new WasmDenseKernels(nOut, nIn, module);
  }

  /**
   * `Z = A Wᵀ` for the compressed batch `S` (`m` rows), which stays in the
   * memory for {@linkcode WasmDenseKernels.backward}.
   *
   * @param S The batch's nonzeros.
   * @param m Rows of the batch.
   * @param Z Result, `m x n_out`; overwritten.
   * @returns False (and nothing done) if the batch does not fit.
   */
  forward(S: SparseRows, m: number, Z: Float64Array): boolean {
    const count = S.start[m]!;
    if (m > MAX_ROWS || count > MAX_NONZEROS) return false;
    // plain loops: set(subarray()) would allocate a view per batch
    const start = this.#start, index = this.#index, value = this.#value;
    const sStart = S.start, sIndex = S.index, sValue = S.value;
    for (let i = 0; i <= m; i++) start[i] = sStart[i]!;
    for (let t = 0; t < count; t++) {
      index[t] = sIndex[t]!;
      value[t] = sValue[t]!;
    }
    const at = this.#at;
    this.#nt(at.w, at.o, at.s, at.i, at.v, m, this.#nIn, this.#nOut);
    const out = this.#out;
    for (let i = 0, size = m * this.#nOut; i < size; i++) Z[i] = out[i]!;
    return true;
  }

  /**
   * BP4 `∂C/∂W = Δᵀ A` into {@linkcode WasmDenseKernels.weightGrad}, for the
   * batch of the last successful {@linkcode WasmDenseKernels.forward}.
   *
   * @param delta `Δ`, `m x n_out`.
   * @param m Rows of the batch.
   */
  backward(delta: Float64Array, m: number): void {
    const d = this.#delta;
    for (let i = 0, size = m * this.#nOut; i < size; i++) d[i] = delta[i]!;
    const at = this.#at;
    this.#tn(at.d, at.g, at.s, at.i, at.v, m, this.#nOut, this.#nIn);
  }
}

/**
 * The first layer's sparse products and SGD's update of its weights in
 * WebAssembly: a Dense layer's weights and their gradient live in a
 * WebAssembly memory of the layer's own (plain `Float64Array` views to
 * everyone else), and the kernels of `wasm/sparse_kernels.wat` read them
 * there, faster than the TypeScript loops (no bounds checks; the update two
 * weights at a time, f64x2) and bit for bit the same results. `train()`
 * gathers each batch's nonzeros straight into that memory. A batch too
 * large for the scratch space, or a runtime without WebAssembly, takes the
 * TypeScript kernels instead.
 *
 * @module
 */
import { SparseRows } from "./sparse_rows.ts";
import { SPARSE_KERNELS_WASM } from "./wasm_bytes.ts";

/** Largest batch the scratch space holds. */
const MAX_ROWS = 256;
/** Most nonzeros of a batch the scratch space holds. */
const MAX_NONZEROS = 32768;
const PAGE = 65536;

type Update = (
  pW: number,
  pG: number,
  n: number,
  shrink: number,
  eta: number,
  decay: number,
) => void;

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
  readonly #sgd: Update;
  readonly #nOut: number;
  readonly #nIn: number;
  readonly #start: Int32Array;
  readonly #index: Int32Array;
  readonly #value: Float64Array;
  readonly #out: Float64Array;
  readonly #delta: Float64Array;
  /** Compressed rows whose arrays are the memory's own scratch. */
  readonly #rows: SparseRows = new SparseRows();
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
    this.#sgd = instance.exports.sgd as Update;
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
    owners.set(this.weights, this);
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
   * Compressed rows whose arrays live in this memory's scratch space: a
   * batch gathered into them (see `SparseRows.gather`) reaches
   * {@linkcode WasmDenseKernels.forward} without a copy. A batch that
   * outgrows the scratch space makes `gather` allocate plain arrays, which
   * `forward` then declines as too large; the next call of this getter
   * points the rows at the memory again.
   *
   * @returns The same object at every call.
   */
  get batchRows(): SparseRows {
    const rows = this.#rows;
    rows.start = this.#start;
    rows.index = this.#index;
    rows.value = this.#value;
    return rows;
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
    const start = this.#start, index = this.#index, value = this.#value;
    const sStart = S.start, sIndex = S.index, sValue = S.value;
    // rows gathered straight into the memory (see batchRows) need no copy;
    // plain loops: set(subarray()) would allocate a view per batch
    if (sStart !== start) {
      for (let i = 0; i <= m; i++) {
        start[i] = sStart[i]!;
      }
    }
    if (sIndex !== index || sValue !== value) {
      for (let t = 0; t < count; t++) {
        index[t] = sIndex[t]!;
        value[t] = sValue[t]!;
      }
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

  /**
   * SGD on the weights from their gradient, two at a time (f64x2):
   * `w ← shrink·w − η·g` with `decay`, else `w ← w − η·g`, the same IEEE
   * operations as the scalar loop of `optimizers/sgd.ts`, so the same bits.
   *
   * @param eta η.
   * @param shrink `1 − ηλ/n`, used only with `decay`.
   * @param decay Whether to shrink the weights first.
   */
  update(eta: number, shrink: number, decay: boolean): void {
    const at = this.#at;
    this.#sgd(at.w, at.g, this.#nOut * this.#nIn, shrink, eta, decay ? 1 : 0);
  }
}

/**
 * The {@linkcode WasmDenseKernels.batchRows} of the kernels holding
 * `weights`, or undefined if these weights do not live in WebAssembly.
 *
 * @param weights A Dense layer's weights (`Dense.weights.data`).
 * @returns Compressed rows to gather a batch into, or undefined.
 *
 * @example
 * ```ts
 * import { wasmBatchRows, WasmDenseKernels } from "./wasm_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const kernels = WasmDenseKernels.create(2, 3)!;
 * assert.equal(wasmBatchRows(kernels.weights), kernels.batchRows);
 * assert.equal(wasmBatchRows(new Float64Array(6)), undefined);
 * ```
 */
export function wasmBatchRows(weights: Float64Array): SparseRows | undefined {
  return owners.get(weights)?.batchRows;
}

/** The kernels whose memory holds a given weights view. */
const owners = new WeakMap<Float64Array, WasmDenseKernels>();

/**
 * SGD's update in WebAssembly when `value` and `grad` are a Dense layer's
 * weights and gradient living in its memory (see
 * {@linkcode WasmDenseKernels.update}); otherwise does nothing.
 *
 * @param value The Param's values.
 * @param grad The Param's gradient.
 * @param eta η.
 * @param shrink `1 − ηλ/n`, used only with `decay`.
 * @param decay `w ← shrink·w − η·g` if true, else `w ← w − η·g`.
 * @returns Whether the update was done.
 *
 * @example
 * ```ts
 * import { sgdInWasm, WasmDenseKernels } from "./wasm_kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const kernels = WasmDenseKernels.create(1, 3)!;
 * kernels.weights.set([1, 2, 3]);
 * kernels.weightGrad.set([1, 1, 2]);
 * assert.ok(sgdInWasm(kernels.weights, kernels.weightGrad, 0.5, 1, false));
 * assert.deepEqual([...kernels.weights], [0.5, 1.5, 2]);
 * assert.equal(sgdInWasm(new Float64Array(3), new Float64Array(3), 1, 1, false), false);
 * ```
 */
export function sgdInWasm(
  value: Float64Array,
  grad: Float64Array,
  eta: number,
  shrink: number,
  decay: boolean,
): boolean {
  const kernels = owners.get(value);
  if (kernels === undefined || grad !== kernels.weightGrad) return false;
  kernels.update(eta, shrink, decay);
  return true;
}

/**
 * Which WebAssembly this runtime has, decided once: SIMD, relaxed SIMD
 * (fused multiply-add), shared memory; and the compiled kernel modules that
 * fit it.
 *
 * @module
 */
import * as BYTES from "./wasm_bytes.ts";

/** The compiled modules and what they use. */
export interface WasmRuntime {
  /** The sparse kernels and SGD's update (scalar f64, f64x2). */
  readonly sparse: WebAssembly.Module;
  /** Their bytes, for worker threads to compile. */
  readonly sparseBytes: Uint8Array<ArrayBuffer>;
  /** The dense SIMD products. */
  readonly dense: WebAssembly.Module;
  /** Their bytes, for worker threads to compile. */
  readonly denseBytes: Uint8Array<ArrayBuffer>;
  /** Whether the dense products use relaxed SIMD's fused multiply-add. */
  readonly relaxed: boolean;
  /** Whether the modules import a shared memory. */
  readonly shared: boolean;
}

/** A module with `f64x2.relaxed_madd`: valid only where relaxed SIMD is. */
const RELAXED_PROBE = Uint8Array.of(
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0,
  1,
  8,
  1,
  96,
  3,
  123,
  123,
  123,
  1,
  123,
  3,
  2,
  1,
  0,
  7,
  5,
  1,
  1,
  102,
  0,
  0,
  10,
  13,
  1,
  11,
  0,
  32,
  0,
  32,
  1,
  32,
  2,
  253,
  135,
  2,
  11,
);

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Whether `SharedArrayBuffer` and a shared WebAssembly memory exist. */
function sharedMemory(): boolean {
  try {
    if (typeof SharedArrayBuffer !== "function") return false;
    const m = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return m.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

let runtime: WasmRuntime | null | undefined;

/**
 * The runtime's kernel modules, or null without WebAssembly SIMD.
 *
 * @param options `relaxed: false` ignores relaxed SIMD even where it
 * exists, `shared: false` shared memory (for tests and benchmarks); the
 * first call decides for the process unless `fresh` is set.
 * @returns The modules, or null.
 *
 * @example
 * ```ts
 * import { wasmRuntime } from "./wasm_runtime.ts";
 * import assert from "node:assert/strict";
 *
 * const rt = wasmRuntime();
 * assert.ok(rt === null || rt.dense instanceof WebAssembly.Module);
 * ```
 */
export function wasmRuntime(
  options: { relaxed?: boolean; shared?: boolean; fresh?: boolean } = {},
): WasmRuntime | null {
  if (runtime !== undefined && !options.fresh) return runtime;
  let result: WasmRuntime | null = null;
  try {
    const relaxed = options.relaxed !== false &&
      WebAssembly.validate(RELAXED_PROBE);
    const shared = options.shared !== false && sharedMemory();
    const suffix = shared ? "SHARED" : "PLAIN";
    const dense = relaxed
      ? (shared ? BYTES.DENSE_RELAXED_SHARED : BYTES.DENSE_RELAXED_PLAIN)
      : (shared ? BYTES.DENSE_SIMD_SHARED : BYTES.DENSE_SIMD_PLAIN);
    const denseBytes = decode(dense);
    const sparseBytes = decode(
      suffix === "SHARED" ? BYTES.SPARSE_SHARED : BYTES.SPARSE_PLAIN,
    );
    result = {
      sparse: new WebAssembly.Module(sparseBytes),
      sparseBytes,
      dense: new WebAssembly.Module(denseBytes),
      denseBytes,
      relaxed,
      shared,
    };
  } catch {
    result = null; // no WebAssembly (SIMD) here: the TypeScript kernels serve
  }
  if (!options.fresh) runtime = result;
  return result;
}

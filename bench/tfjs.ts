/**
 * TensorFlow.js with its WASM backend, for the benchmark only: the one
 * module that imports `@tensorflow/tfjs` and `@tensorflow/tfjs-backend-wasm`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { dirname } from "node:path";
import { fromFileUrl } from "./file_url.ts";

export { tf };

/**
 * Points the WASM backend at the `.wasm` files inside Deno's npm cache (no
 * `node_modules` here) and makes it the active backend.
 *
 * @returns The backend name, `"wasm"`.
 */
export async function useWasmBackend(): Promise<string> {
  const entry = fromFileUrl(
    import.meta.resolve("@tensorflow/tfjs-backend-wasm"),
  );
  setWasmPaths(`file://${dirname(entry)}/`);
  await tf.setBackend("wasm");
  await tf.ready();
  return tf.getBackend();
}

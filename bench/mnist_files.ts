/**
 * The benchmark's setup constants and readers of the files that
 * `mnist_data.ts` writes (kept apart so that the timed processes do not
 * load the `mnist` package).
 *
 * @module
 */
import { join } from "node:path";

/** The chapter's network and training setup. */
export const SETUP = {
  sizes: [784, 30, 10] as const,
  learningRate: 3.0,
  epochs: 5,
  trainSize: 8000,
  testSize: 2000,
  /** Seed of the split. */
  splitSeed: 7,
  /** Seed of the initial weights. */
  initSeed: 1,
  /** Seed of the shuffles (as `train()`'s `seed` option). */
  shuffleSeed: 3,
} as const;

/**
 * Reads a Float64 file written by `writeSetup` (mnist_data.ts).
 *
 * @param dir The directory.
 * @param name The file name without `.bin`.
 * @returns The values.
 */
export function readF64(dir: string, name: string): Float64Array {
  const b = Deno.readFileSync(join(dir, `${name}.bin`));
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8).slice();
}

/**
 * Reads the epoch orders written by `writeSetup` (mnist_data.ts).
 *
 * @param dir The directory.
 * @returns `epochs * n` indices.
 */
export function readOrders(dir: string): Uint32Array {
  const b = Deno.readFileSync(join(dir, "orders.bin"));
  return new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4).slice();
}

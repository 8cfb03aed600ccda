/**
 * The thread pool (single-threaded for now).
 *
 * @module
 */
import type { Arena } from "./arena.ts";

/** A pool of workers sharing an arena's memory. */
export interface Pool {
  /**
   * Runs kernel `id` with `args`, its output split into parts.
   *
   * @param id Kernel id.
   * @param args Arguments.
   * @param parts Size of the split dimension.
   */
  run(id: number, args: readonly number[], parts: number): void;
}

/**
 * The pool to run a product of `flops` on, or undefined to run it here.
 *
 * @param _arena The arena.
 * @param _threads Most threads to use.
 * @param _flops The product's size.
 * @returns Undefined: one thread.
 */
export function poolFor(
  _arena: Arena,
  _threads: number,
  _flops: number,
): Pool | undefined {
  return undefined;
}

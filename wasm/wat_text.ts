/**
 * The WebAssembly text snippets the kernel generators (`gen_dense.ts`,
 * `gen_sigmoid.ts`, `gen_pool.ts`) write their functions with.
 *
 * @module
 */

/** `(local.get $x)`. */
export const get = (x: string): string => `(local.get $${x})`;
/** `(local.set $x e)`. */
export const set = (x: string, e: string): string => `(local.set $${x} ${e})`;
/** `(i32.add a b)`. */
export const add = (a: string, b: string): string => `(i32.add ${a} ${b})`;
/** `(i32.mul a b)`. */
export const mul = (a: string, b: string): string => `(i32.mul ${a} ${b})`;
/** `(i32.const n)`. */
export const i32 = (n: number): string => `(i32.const ${n})`;
/** `while (!exitIf) body`, as a block and a loop labelled `${l}d`, `${l}l`. */
export function whileLoop(l: string, exitIf: string, body: string): string {
  return `(block $${l}d (loop $${l}l
      (br_if $${l}d ${exitIf})
      ${body}
      (br $${l}l)))`;
}

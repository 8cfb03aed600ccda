/**
 * Atomic file writes: a temporary file in the same folder, then a rename.
 * The implementation lives in io/fs.ts, on the file API that Deno, Node and
 * Bun share.
 *
 * @module
 */
export { writeTextAtomic } from "../io/fs.ts";

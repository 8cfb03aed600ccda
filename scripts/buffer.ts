/**
 * Node's `Buffer` for the browser build of `io` (csv-parse uses it), from
 * the `buffer` package on npm. scripts/build_dist.ts imports it by name
 * into dist/browser/io/mod.js, so no global is set.
 *
 * @module
 */
export { Buffer } from "buffer";

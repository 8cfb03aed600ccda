/**
 * The fixed bytes at the start of every kernel memory, below the arena's
 * first block: the logistic σ's table, which the dense module's data
 * segment writes at each instantiation (`wasm/gen_sigmoid.ts`).
 *
 * @module
 */

/** Byte offset of the table of 2^(j/64), j = 0..63 (64 float64s). */
export const SIGMOID_TABLE_AT = 64;

/** Bytes below the first block the arena hands out (a multiple of its
 * 64-byte alignment, past the table's end at byte 576). */
export const RESERVED_BYTES: number = SIGMOID_TABLE_AT + 64 * 8;

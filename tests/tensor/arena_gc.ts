/**
 * Run by `arena_test.ts` with `--expose-gc`: the arena gives a layer's
 * memory back once nothing reaches it, and never while a caller still
 * holds one of its arrays. Prints one JSON line.
 *
 * @module
 */
import { Dense } from "../../mod.ts";
import { Arena } from "../../tensor/kernels/arena.ts";

const gc = (globalThis as { gc?: () => void }).gc!;
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
};
// an array kept from a dropped layer (its biases) keeps its values
let kept: Float64Array | Float32Array = new Dense(300, 200, "relu", { seed: 1 })
  .params[1]!.value;
const copy = kept.slice();
await settle();
for (let i = 0; i < 20; i++) {
  new Dense(300, 200, "relu", { seed: 100 + i }); // dropped at once
}
await settle();
for (let i = 0; i < 20; i++) new Dense(300, 200, "relu", { seed: 200 + i });
const intact = kept.every((v, i) => v === copy[i]);
// layers dropped with nothing kept: their memory is reused, not grown
kept = new Float64Array(0);
await settle();
const arena = Arena.find(0)!;
const before = arena.memory.buffer.byteLength;
for (let round = 0; round < 10; round++) {
  for (let i = 0; i < 10; i++) new Dense(500, 500, "relu", { seed: i });
  await settle();
}
const grew = arena.memory.buffer.byteLength - before;
console.log(JSON.stringify({ intact, grew, layerBytes: 2 * 500 * 500 * 8 }));

/**
 * A model file that claims sizes its numbers do not back is refused before
 * anything is allocated from the claim.
 */
import assert from "node:assert/strict";
import { mlp, Network } from "../../mod.ts";
import { loadModel } from "../../io/mod.ts";
import { checkModelSizes } from "../../model/validate.ts";

/** A saved 2-3-1 model, as JSON, with layer 0's input size claimed as `n`. */
function claiming(n: number): Record<string, unknown> {
  const json = mlp([2, 3, 1], { seed: 1 }).toJSON();
  const layers = json.layers.map((l) => ({ ...l }));
  layers[0]!.inputSize = n;
  return { ...json, layers };
}

Deno.test("loadModel() refuses a 1e8-input claim backed by 6 weights, without allocating", async () => {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(path, JSON.stringify(claiming(1e8)));
    const before = Deno.memoryUsage().rss;
    await assert.rejects(
      loadModel(path),
      new RegExp(
        `Cannot load model '${path}': layers\\[0\\] claims inputSize × outputSize = 100000000 × 3 = 300000000 weights but field 'weights' holds 6`,
      ),
    );
    // 3e8 weights would be 2.4 GB
    const grown = Deno.memoryUsage().rss - before;
    assert.ok(grown < 100e6, `rss grew by ${grown} bytes`);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("Network.fromJSON() checks the weights before building the layer", () => {
  const before = Deno.memoryUsage().rss;
  assert.throws(
    () => Network.fromJSON(claiming(1e7)),
    /layers\[0\] field 'weights' must be an array of 30000000 numbers/,
  );
  const grown = Deno.memoryUsage().rss - before;
  assert.ok(grown < 100e6, `rss grew by ${grown} bytes`);
});

Deno.test("checkModelSizes() checks biases, unsafe sizes and dropout sizes against their neighbours", () => {
  const good = mlp([2, 3, 1], { seed: 1, dropout: 0.5 }).toJSON();
  assert.doesNotThrow(() => checkModelSizes(good, "m.json"));
  const layers = good.layers as unknown as Record<string, unknown>[];
  const dropoutAt = layers.findIndex((l) => l.type === "dropout");
  assert.ok(dropoutAt > 0);
  const edit = (i: number, patch: Record<string, unknown>) => ({
    ...good,
    layers: layers.map((l, j) => (j === i ? { ...l, ...patch } : l)),
  });
  assert.throws(
    () => checkModelSizes(edit(0, { biases: [0] }), "m.json"),
    /layers\[0\] claims outputSize = 3 biases but field 'biases' holds 1/,
  );
  assert.throws(
    () => checkModelSizes(edit(0, { inputSize: 2 ** 53 }), "m.json"),
    /field 'inputSize' must be a positive integer, got '9007199254740992'/,
  );
  assert.throws(
    () => checkModelSizes(edit(dropoutAt, { size: 1e9 }), "m.json"),
    /layers\[1\] has size 1000000000 but the layer before outputs 3/,
  );
  assert.throws(
    () =>
      checkModelSizes({
        layers: [{ type: "dropout", size: 1e9, rate: 0.5 }, layers[0]],
      }, "m.json"),
    /layers\[0\] has size 1000000000 but the next dense layer takes 2 inputs/,
  );
});

import assert from "node:assert/strict";
import { Dense, Dropout, leakyRelu, mlp, Network } from "../../mod.ts";
import { loadModel, saveModel } from "../../io/mod.ts";
import { MODEL_VERSION } from "../../network/model_json.ts";

const x = [[0.3, -1], [2, 0.5], [-0.7, 0.1]];

Deno.test("saveModel() then loadModel() gives identical predictions and metadata", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const net = new Network([
      new Dense(2, 5, "leakyRelu", { seed: 1 }),
      new Dropout(5, 0.3),
      new Dense(5, 3, "softmax", { seed: 2 }),
    ], "logLikelihood");
    net.layers[0]!.params[0]!.value[0] = 1 / 3; // a value that needs all 17 digits
    net.metadata = { classes: ["a", "b", "c"] };
    await saveModel(net, `${dir}/m.json`);
    const back = await loadModel(`${dir}/m.json`);
    assert.deepEqual(back.predict(x), net.predict(x));
    assert.deepEqual(back.metadata, { classes: ["a", "b", "c"] });
    assert.equal(back.cost.name, "logLikelihood");
    assert.deepEqual(
      [...Deno.readDirSync(dir)].length,
      1,
      "no temporary file left behind",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("leakyRelu's alpha survives a JSON round trip", () => {
  const net = new Network(
    [new Dense(2, 2, leakyRelu(0.5), { seed: 1 })],
    "quadratic",
  );
  const back = Network.fromJSON(JSON.parse(JSON.stringify(net)));
  assert.equal((back.layers[0] as Dense).activation.fn(-2), -1);
  assert.deepEqual(back.predict([[-1, -3]]), net.predict([[-1, -3]]));
});

Deno.test("loadModel() rejects a corrupt or mismatched file with a clear error", async (t) => {
  const dir = await Deno.makeTempDir();
  const good = mlp([2, 3, 1], { seed: 1 }).toJSON();
  const cases: [string, string, RegExp][] = [
    [
      "not JSON",
      "{ oops",
      /Cannot load model '.*bad\.json': the file is not valid JSON/,
    ],
    [
      "wrong format",
      JSON.stringify({ ...good, format: "keras" }),
      /field 'format' is 'keras' but must be 'backprop-model'/,
    ],
    [
      "newer version",
      JSON.stringify({ ...good, version: 99 }),
      new RegExp(`this library reads version ${MODEL_VERSION}`),
    ],
    [
      "unknown cost",
      JSON.stringify({ ...good, cost: "hinge" }),
      /field 'cost' names unknown cost 'hinge'; built-in costs are 'quadratic'/,
    ],
    [
      "short weights",
      JSON.stringify({
        ...good,
        layers: [{ ...good.layers[0], weights: [1, 2] }, good.layers[1]],
      }),
      /layers\[0\] claims inputSize × outputSize = 2 × 3 = 6 weights but field 'weights' holds 2/,
    ],
    [
      "null weight",
      JSON.stringify({
        ...good,
        layers: [good.layers[0], { ...good.layers[1], biases: [null] }],
      }),
      /layers\[1\] field 'biases' has 'null' at index 0/,
    ],
    [
      "sizes that do not chain",
      JSON.stringify({ ...good, layers: [good.layers[1], good.layers[0]] }),
      /layers\[1\] has inputSize 2 but the layer before outputs 1/,
    ],
    [
      "unknown layer type",
      JSON.stringify({ ...good, layers: [{ type: "conv" }] }),
      /layers\[0\] has unknown type 'conv'/,
    ],
    [
      "unknown activation",
      JSON.stringify({
        ...good,
        layers: [{ ...good.layers[0], activation: "gelu" }, good.layers[1]],
      }),
      /layers\[0\] has unknown activation 'gelu'/,
    ],
  ];
  try {
    for (const [name, text, message] of cases) {
      await t.step(name, async () => {
        await Deno.writeTextFile(`${dir}/bad.json`, text);
        await assert.rejects(() => loadModel(`${dir}/bad.json`), message);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

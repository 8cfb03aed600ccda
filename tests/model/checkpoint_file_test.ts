import assert from "node:assert/strict";
import { type Checkpoint, mlp, SGD, train } from "../../mod.ts";
import { loadCheckpoint, saveCheckpoint, saveModel } from "../../io/mod.ts";

Deno.test("loadCheckpoint() refuses what is not a whole checkpoint, naming the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let cp: Checkpoint | undefined;
    train(mlp([2, 2], { seed: 1, dropout: 0 }), {
      x: [[0, 1], [1, 0]],
      y: [[1, 0], [0, 1]],
    }, {
      epochs: 2,
      batchSize: 1,
      optimizer: new SGD({ learningRate: 0.1 }),
      onCheckpoint: (c) => {
        cp = c;
      },
    });
    await saveCheckpoint(cp!, `${dir}/c.json`);
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name),
      ["c.json"],
      "no temporary file left behind",
    );
    const { network, checkpoint } = await loadCheckpoint(`${dir}/c.json`);
    assert.equal(checkpoint.training.epoch, 2);
    const layer = cp!.layers[0]! as unknown as {
      weights: number[];
      biases: number[];
    };
    assert.deepEqual(
      network.params[0]!.value,
      Float64Array.from(layer.weights),
    );
    assert.deepEqual(network.params[1]!.value, Float64Array.from(layer.biases));

    const text = await Deno.readTextFile(`${dir}/c.json`);
    await Deno.writeTextFile(`${dir}/cut.json`, text.slice(0, 40));
    await assert.rejects(
      loadCheckpoint(`${dir}/cut.json`),
      /Cannot load checkpoint '.*cut\.json': the file is not valid JSON/,
    );
    await saveModel(mlp([2, 2]), `${dir}/m.json`);
    await assert.rejects(
      loadCheckpoint(`${dir}/m.json`),
      /Cannot load checkpoint '.*m\.json': it has no training position/,
    );
    await assert.rejects(
      loadCheckpoint(`${dir}/none.json`),
      Deno.errors.NotFound,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import {
  AvgPool2D,
  Conv2D,
  Dense,
  elu,
  MaxPool2D,
  mlp,
  Network,
  Random,
} from "../../mod.ts";

function convNet(): Network {
  const c = new Conv2D([2, 7, 6], 3, [3, 2], elu(0.7), {
    stride: 2,
    padding: "same",
    seed: 1,
  });
  const m = new MaxPool2D(c.outputShape, 2, { stride: 1 });
  const a = new AvgPool2D(m.outputShape, 2);
  return new Network(
    [c, m, a, new Dense(a.outputSize, 3, "softmax", { seed: 2 })],
    "logLikelihood",
  );
}

const r = new Random(3);
const x = Array.from(
  { length: 4 },
  () => Array.from({ length: 84 }, () => r.normal()),
);

Deno.test("a conv model survives a JSON round trip: same predictions, shapes and options, format version 2", () => {
  const net = convNet();
  net.layers[0]!.params[0]!.value[0] = 1 / 3;
  const json = JSON.parse(JSON.stringify(net));
  assert.equal(json.version, 2);
  const back = Network.fromJSON(json);
  assert.deepEqual(back.predict(x), net.predict(x));
  const conv = back.layers[0] as Conv2D;
  assert.deepEqual(
    [
      conv.inputShape,
      conv.kernelSize,
      conv.stride,
      conv.padding,
      conv.activation.fn(-10),
    ],
    [[2, 7, 6], [3, 2], 2, "same", elu(0.7).fn(-10)],
  );
  assert.deepEqual((back.layers[1] as MaxPool2D).stride, 1);
});

Deno.test("a float32 conv model keeps its dtype through JSON; a float64 one writes none", () => {
  const c = new Conv2D([2, 7, 6], 3, 3, "tanh", {
    seed: 4,
    dtype: "float32",
  });
  const net = new Network(
    [c, new Dense(c.outputSize, 2, "sigmoid", { seed: 5, dtype: "float32" })],
    "quadratic",
  );
  const json = JSON.parse(JSON.stringify(net));
  assert.equal(json.layers[0].dtype, "float32");
  const back = Network.fromJSON(json);
  const conv = back.layers[0] as Conv2D;
  assert.equal(conv.dtype, "float32");
  assert.ok(conv.kernels.data instanceof Float32Array);
  assert.deepEqual(conv.kernels.data, c.kernels.data);
  assert.deepEqual(conv.biases, c.biases);
  assert.deepEqual(back.predict(x), net.predict(x));
  assert.equal("dtype" in convNet().toJSON().layers[0]!, false);
});

Deno.test("a model without conv layers is still written as format version 1", () => {
  assert.equal(mlp([2, 3, 1]).toJSON().version, 1);
});

Deno.test("loading a conv model rejects malformed fields with the path of the field", async (t) => {
  const good = JSON.parse(JSON.stringify(convNet()));
  const cases: [string, (j: typeof good) => void, RegExp][] = [
    [
      "kernels of the wrong length",
      (j) => j.layers[0].kernels.pop(),
      /layers\[0\] field 'kernels' must be an array of 36 numbers/,
    ],
    [
      "a bad padding",
      (j) => (j.layers[0].padding = "full"),
      /layers\[0\] field 'padding' must be 'valid' or 'same'/,
    ],
    [
      "a two-number input shape",
      (j) => (j.layers[1].inputShape = [3, 4]),
      /layers\[1\] field 'inputShape' must be 3 positive integers/,
    ],
    [
      "a window that does not fit",
      (j) => (j.layers[2].size = 9),
      /layers\[2\] is invalid: .*9x9 window does not fit/,
    ],
    [
      "shapes that do not chain",
      (j) => (j.layers[1].inputShape = [3, 5, 3]),
      /layer 0 outputs 3x4x3 \(36\) values but layer 1 takes 3x5x3 \(45\)/,
    ],
    [
      "an unknown dtype",
      (j) => (j.layers[0].dtype = "float16"),
      /layers\[0\] field 'dtype' must be 'float64' or 'float32', got 'float16'/,
    ],
    [
      "a conv layer in a version 1 file",
      (j) => (j.version = 1),
      /layers\[0\] has type 'conv2d', which needs format version 2, not 1/,
    ],
  ];
  for (const [name, spoil, message] of cases) {
    await t.step(name, () => {
      const j = structuredClone(good);
      spoil(j);
      assert.throws(() => Network.fromJSON(j), message);
    });
  }
});

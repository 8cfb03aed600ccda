import assert from "node:assert/strict";
import {
  Conv2D,
  Dense,
  gradcheck,
  MaxPool2D,
  Network,
  quadratic,
  Random,
  tanh,
} from "../../mod.ts";

const x = [[0.3, -1.2, 0.8], [1.1, 0.4, -0.5]], y = [[0.2, -0.1], [0.5, 0.3]];

Deno.test("gradcheck() of a float32 network checks its float64 copy and compares the float32 backprop with it", () => {
  const net = new Network([
    new Dense(3, 5, tanh, { seed: 1, dtype: "float32" }),
    new Dense(5, 2, "identity", { seed: 2, dtype: "float32" }),
  ], quadratic);
  const r = gradcheck(net, x, y);
  assert.ok(r.ok, r.advice ?? "");
  assert.equal(r.float32?.checked, "float64 copy");
  assert.ok(r.float32!.maxRelativeError < 1e-5);
  assert.ok(r.kernels.some((k) => k.startsWith("simd.nt.f32")));
  // the network's own parameters stay float32
  assert.ok(net.params.every((p) => p.value instanceof Float32Array));
});

/** A float32 layer whose ∂C/∂W is 1% off in one entry: the copy is right. */
class SkewedGrad extends Dense {
  override backwardFromDelta(needInputGrad = true) {
    const out = super.backwardFromDelta(needInputGrad);
    this.params[0]!.grad[3]! *= 1.01;
    return out;
  }
}

Deno.test("gradcheck() fails a float32 layer whose own backprop is wrong where its float64 copy is right", () => {
  const net = new Network([
    new Dense(3, 5, tanh, { seed: 1, dtype: "float32" }),
    new SkewedGrad(5, 2, "identity", { seed: 2, dtype: "float32" }),
  ], quadratic);
  const r = gradcheck(net, x, y);
  assert.equal(r.ok, false);
  assert.equal(r.verdict, "fail");
  assert.equal(r.float32?.ok, false);
  assert.ok(r.float32!.maxRelativeError > 1e-3);
});

Deno.test("gradcheck() of a float32 conv network checks its float64 copy (Conv2D.toFloat64) and reaches the float32 conv kernels", () => {
  const c = new Conv2D([2, 6, 6], 3, 3, tanh, { seed: 3, dtype: "float32" });
  const p = new MaxPool2D(c.outputShape, 2);
  const net = new Network([
    c,
    p,
    new Dense(p.outputSize, 2, "identity", { seed: 4, dtype: "float32" }),
  ], quadratic);
  const r = new Random(9);
  const xs = Array.from(
    { length: 2 },
    () => Array.from({ length: 72 }, () => r.normal()),
  );
  const report = gradcheck(net, xs, y);
  assert.ok(report.ok, report.advice ?? "");
  assert.equal(report.float32?.checked, "float64 copy");
  assert.ok(report.float32!.maxRelativeError < 1e-4);
  assert.ok(report.kernels.some((k) => k.startsWith("simd.conv.z.f32 ")));
  assert.ok(report.kernels.some((k) => k.startsWith("simd.conv.dk.f32 ")));
  assert.ok(net.params.every((q) => q.value instanceof Float32Array));
});

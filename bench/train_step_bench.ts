/**
 * `deno task bench`: one training step (backprop + SGD update) of the
 * chapter's [784, 30, 10] network per mini-batch size, on MNIST-like inputs
 * (80% zeros, like the pixels).
 *
 * @module
 */
import { Matrix, mlp, SGD } from "../mod.ts";
import { BackpropEngine } from "../network/backprop.ts";
import { Random } from "../tensor/random.ts";

const random = new Random(6);
const sgd = new SGD({ learningRate: 3 });
for (const m of [1, 10, 100, 1000]) {
  const net = mlp([784, 30, 10], { init: "large", seed: 1 });
  const engine = new BackpropEngine(net.layers, net.cost);
  const x = new Matrix(m, 784), y = new Matrix(m, 10);
  for (let i = 0; i < x.data.length; i++) {
    x.data[i] = random.uniform() < 0.8 ? 0 : random.uniform();
  }
  for (let r = 0; r < m; r++) y.data[r * 10 + random.int(10)] = 1;
  const context = { trainingSize: 8000 };
  Deno.bench(`train step, mini-batch ${m}`, {
    group: "step",
    n: Math.max(20, Math.round(20000 / m)),
  }, () => {
    engine.run(x, y, net.fused);
    sgd.step(net.params, context);
  });
}

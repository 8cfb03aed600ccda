import { backpropSample, mlp } from "../../mod.ts";
import { assertClose } from "../numeric.ts";

const x = [[0.1, -0.7, 0.4], [1.2, 0.3, -0.5], [-0.9, 0.8, 0.05], [
  0.0,
  -0.2,
  0.6,
]];

Deno.test("averaging backpropSample() over a mini-batch gives gradient()'s matrix-based result", async (t) => {
  const cases: [string, string, number[][]][] = [
    ["sigmoid", "quadratic", [[0.2, 0.9], [1, 0], [0.5, 0.5], [0, 1]]],
    ["softmax", "logLikelihood", [[0, 1], [1, 0], [1, 0], [0, 1]]],
  ];
  for (const [output, cost, y] of cases) {
    await t.step(`${output} with ${cost}`, () => {
      const net = mlp([3, 5, 4, 2], {
        activation: "tanh",
        output,
        cost,
        seed: 12,
      });
      net.fused = false;
      const loss = net.gradient(x, y);
      const samples = x.map((xi, i) => backpropSample(net, xi, y[i]!));
      assertClose(samples.reduce((s, g) => s + g.loss, 0) / x.length, loss, {
        atol: 1e-15,
      }, "mean C_x");
      net.params.forEach((p, pi) => {
        const layer = pi >> 1, isW = pi % 2 === 0;
        for (let i = 0; i < p.grad.length; i++) {
          const mean = samples.reduce((s, g) =>
            s + (isW ? g.nablaW : g.nablaB)[layer]![i]!, 0) / x.length;
          assertClose(
            p.grad[i]!,
            mean,
            { atol: 1e-16, rtol: 1e-13 },
            `${p.name} of layer ${layer}, entry ${i}`,
          );
        }
      });
    });
  }
});

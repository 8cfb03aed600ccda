import assert from "node:assert/strict";
import { logCosh, swish } from "../plugin_fixtures.ts";
import { Dense, Dropout, mlp, Network } from "../../mod.ts";
import { assertClose } from "../numeric.ts";

/** Inputs and targets that suit the cost (probabilities, one-hot, reals). */
function data(
  rows: number,
  nIn: number,
  nOut: number,
  kind: string,
  seed: number,
) {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const x = Array.from(
    { length: rows },
    () => Array.from({ length: nIn }, () => 2 * rnd() - 1),
  );
  const y = Array.from(
    { length: rows },
    (_, i) =>
      Array.from(
        { length: nOut },
        (_, j) =>
          kind === "onehot"
            ? (j === i % nOut ? 1 : 0)
            : kind === "unit"
            ? rnd()
            : 2 * rnd() - 1,
      ),
  );
  return { x, y };
}

/** Every gradient entry against a central difference of network.loss. */
function checkAgainstCentralDifference(
  net: Network,
  x: number[][],
  y: number[][],
  what: string,
): void {
  net.gradient(x, y);
  const grads = net.params.map((p) => p.grad.slice());
  net.params.forEach((p, pi) => {
    for (let i = 0; i < p.value.length; i++) {
      const w = p.value[i]!, h = 1e-6 * Math.max(1, Math.abs(w));
      p.value[i] = w + h;
      const plus = net.loss(x, y, { training: true });
      p.value[i] = w - h;
      const minus = net.loss(x, y, { training: true });
      p.value[i] = w;
      const numeric = (plus - minus) / (2 * h);
      assertClose(
        grads[pi]![i]!,
        numeric,
        { atol: 1e-8, rtol: 1e-6 },
        `${what}: ${p.name}${pi}[${i}]`,
      );
    }
  });
}

const stacks: [string, string, string, string][] = [
  // hidden, output, cost, target kind
  ["sigmoid", "sigmoid", "quadratic", "unit"],
  ["tanh", "sigmoid", "crossEntropy", "unit"],
  ["softplus", "softmax", "logLikelihood", "onehot"],
  ["elu", "identity", "quadratic", "real"],
  ["tanh", "softmax", "quadratic", "onehot"],
];

Deno.test("gradient() matches central differences of loss() for every kind of stack", async (t) => {
  for (const [hidden, output, cost, kind] of stacks) {
    for (const fused of [true, false]) {
      await t.step(`${hidden} → ${output} with ${cost}, fused ${fused}`, () => {
        const net = mlp([3, 4, 3, 3], {
          activation: hidden,
          output,
          cost,
          seed: 7,
        });
        net.fused = fused;
        const { x, y } = data(5, 3, 3, kind, 11);
        checkAgainstCentralDifference(net, x, y, `${hidden}/${output}/${cost}`);
      });
    }
  }
});

Deno.test("gradient() of a network with a frozen dropout mask matches central differences", () => {
  const net = new Network(
    [
      new Dense(3, 6, "tanh", { seed: 1 }),
      new Dropout(6, 0.5, { seed: 2 }),
      new Dense(6, 2, "sigmoid", { seed: 3 }),
    ],
    "quadratic",
  );
  const { x, y } = data(4, 3, 2, "unit", 5);
  net.gradient(x, y); // draws a mask
  net.layers[1]!.freeze!(true);
  checkAgainstCentralDifference(net, x, y, "dropout");
});

Deno.test("the fused δ^L = a − y gives the generic path's gradient to rounding", () => {
  for (
    const [output, cost] of [["sigmoid", "crossEntropy"], [
      "softmax",
      "logLikelihood",
    ]] as const
  ) {
    const net = mlp([4, 5, 3], { activation: "relu", output, cost, seed: 3 });
    const { x, y } = data(8, 4, 3, output === "softmax" ? "onehot" : "unit", 9);
    net.fused = true;
    net.gradient(x, y);
    const fused = net.params.map((p) => p.grad.slice());
    net.fused = false;
    net.gradient(x, y);
    net.params.forEach((p, i) =>
      p.grad.forEach((g, j) =>
        assertClose(
          fused[i]![j]!,
          g,
          { atol: 1e-15, rtol: 1e-12 },
          `${cost} ${p.name}[${j}]`,
        )
      )
    );
  }
});

Deno.test("user-defined Activation and Cost plug into gradient() and pass central differences", () => {
  const net = new Network([
    new Dense(3, 4, swish, { seed: 4 }),
    new Dense(4, 2, "identity", { seed: 5 }),
  ], logCosh);
  const { x, y } = data(6, 3, 2, "real", 3);
  checkAgainstCentralDifference(net, x, y, "swish/logCosh");
  assert.equal(net.cost.name, "logCosh");
});

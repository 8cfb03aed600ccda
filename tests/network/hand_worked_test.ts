import assert from "node:assert/strict";
import { Dense, Network, quadratic, sigmoid } from "../../mod.ts";
import { assertClose } from "../numeric.ts";

/**
 * A 2-2-1 sigmoid network with quadratic cost, x = (1, 0.5), y = 1, worked
 * by hand (17 significant digits from a separate calculation):
 *
 *   z¹ = W¹x + b¹ = (0.1 + 0.1 + 0.1, 0.3 + 0.2 − 0.1) = (0.3, 0.4)
 *   a¹ = σ(z¹) = (0.574442516811659, 0.598687660112452)
 *   z² = 0.5·a¹₁ − 0.5·a¹₂ + 0.2 = 0.18787742834960353
 *   a² = σ(z²) = 0.5468316829458008,  C = ½(a² − 1)² = 0.10268076179086763
 *   BP1: δ² = (a² − y) σ′(z²) = (a² − 1) a²(1 − a²) = −0.11229818755251403
 *   BP2: δ¹ = (W²ᵀ δ²) ⊙ σ′(z¹) = (−0.013726112667509156, 0.013490423143394562)
 *   BP3: ∂C/∂b = δ;  BP4: ∂C/∂w_jk = a_k δ_j
 */
function handNetwork(): Network {
  const l1 = new Dense(2, 2, sigmoid), l2 = new Dense(2, 1, sigmoid);
  l1.weights.data.set([0.1, 0.2, 0.3, 0.4]);
  l1.biases.set([0.1, -0.1]);
  l2.weights.data.set([0.5, -0.5]);
  l2.biases.set([0.2]);
  return new Network([l1, l2], quadratic);
}

const expected = {
  loss: 0.10268076179086763,
  W1: [
    -0.013726112667509156,
    -0.006863056333754578,
    0.013490423143394562,
    0.006745211571697281,
  ],
  b1: [-0.013726112667509156, 0.013490423143394562],
  W2: [-0.06450885349105388, -0.0672315391406839],
  b2: [-0.11229818755251403],
};

Deno.test("gradient() of a 2-2-1 sigmoid network equals the values worked by hand", () => {
  const net = handNetwork();
  const loss = net.gradient([[1, 0.5]], [[1]]);
  assertClose(loss, expected.loss, { atol: 1e-15 }, "C");
  const [W1, b1, W2, b2] = net.params;
  const check = (got: ArrayLike<number>, want: number[], what: string) =>
    want.forEach((v, i) =>
      assertClose(got[i]!, v, { atol: 1e-15 }, `${what}[${i}]`)
    );
  check(W1!.grad, expected.W1, "∂C/∂W¹");
  check(b1!.grad, expected.b1, "∂C/∂b¹");
  check(W2!.grad, expected.W2, "∂C/∂W²");
  check(b2!.grad, expected.b2, "∂C/∂b²");
});

Deno.test("gradient() of a batch is the mean of the rows' gradients worked by hand", () => {
  // Two copies of the sample and one with y = a² exactly (zero gradient):
  // the mean over three rows is two thirds of the single-sample gradient.
  const net = handNetwork();
  const a2 = 0.5468316829458008;
  net.gradient([[1, 0.5], [1, 0.5], [1, 0.5]], [[1], [1], [a2]]);
  expected.W1.forEach((v, i) =>
    assertClose(
      net.params[0]!.grad[i]!,
      (2 / 3) * v,
      { atol: 1e-15 },
      `W¹[${i}]`,
    )
  );
  assertClose(net.params[3]!.grad[0]!, (2 / 3) * expected.b2[0]!, {
    atol: 1e-15,
  }, "b²");
});

Deno.test("params lists W before b, layer by layer, with the chapter's shapes", () => {
  const net = handNetwork();
  assert.deepEqual(
    net.params.map((p) => `${p.name}${JSON.stringify(p.shape)}`),
    [
      "W[2,2]",
      "b[2]",
      "W[1,2]",
      "b[1]",
    ],
  );
});

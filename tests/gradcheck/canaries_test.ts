import assert from "node:assert/strict";
import { runCanaries } from "../../gradcheck/canaries.ts";
import { gradcheckWith } from "../../gradcheck/check.ts";
import { HARNESS, type Harness, runCore } from "../../gradcheck/core.ts";
import { prepare } from "../../gradcheck/prepare.ts";
import {
  crossEntropy,
  Dense,
  Network,
  quadratic,
  sigmoid,
  tanh,
} from "../../mod.ts";
import { LoudForward, steeperSigmoid } from "./broken.ts";

const x = [[0.3, -1, 2], [1, 0.5, -0.5]], y = [[1, 0], [0, 1]];

/** The harness bug of the issue: the per-path gradients alias p.grad instead of copying it. */
const aliasing: Harness = {
  ...HARNESS,
  prepare: (...args) => {
    const prep = prepare(...args);
    for (const path of prep.analytic.keys()) {
      prep.analytic.set(
        path,
        prep.network.params.map((p) => p.grad as Float64Array),
      );
    }
    return prep;
  },
};

/** The other harness bug of the issue: an error floor a million times too large. */
const misScaledFloor: Harness = {
  ...HARNESS,
  prepare: (...args) => ({ ...prepare(...args), floorFraction: 1e3 }),
};

function wrongFused(): Network {
  return new Network([
    new Dense(3, 4, tanh, { seed: 1 }),
    new Dense(4, 2, steeperSigmoid, { seed: 2 }),
  ], crossEntropy);
}

function loudForward(): Network {
  return new Network([
    new LoudForward(3, 4, tanh, { seed: 1 }),
    new Dense(4, 2, sigmoid, { seed: 2 }),
  ], quadratic);
}

Deno.test("runCanaries() catches all three canaries with either method", () => {
  for (const method of ["forward", "central"] as const) {
    const r = runCanaries(HARNESS, { method });
    assert.deepEqual(r.map((c) => c.name), [
      "σ′ off by 1%",
      "swapped BP2 index",
      "wrong fused δ^L",
    ]);
    for (const c of r) assert.ok(c.caught, `${method}: ${c.name}`);
  }
});

Deno.test("gradcheck() reports the canaries it ran; the real harness fails both planted bugs", () => {
  for (const net of [wrongFused(), loudForward()]) {
    const r = gradcheckWith(HARNESS, net, x, y, { minTimingMs: 0 });
    assert.equal(r.canaries.length, 3);
    assert.ok(r.canaries.every((c) => c.caught));
    assert.equal(r.verdict, "fail");
  }
});

for (
  const [name, broken, hidden] of [
    ["aliasing the per-path gradients", aliasing, wrongFused],
    ["a mis-scaled error floor", misScaledFloor, loudForward],
  ] as const
) {
  Deno.test(`gradcheck() refuses 'ok' when its harness is broken by ${name}`, () => {
    // the broken harness alone passes a broken network: the danger
    const core = runCore(broken, hidden(), x, y, {}).report;
    assert.equal(core.verdict, "ok");
    // with the canaries it refuses, for the broken network and a correct one
    for (
      const net of [
        hidden(),
        new Network([new Dense(3, 2, sigmoid, { seed: 3 })], crossEntropy),
      ]
    ) {
      for (const method of ["forward", "central"] as const) {
        const r = gradcheckWith(broken, net, x, y, { method, minTimingMs: 0 });
        assert.equal(r.ok, false, `${name}, ${method}`);
        assert.equal(r.verdict, "fail");
        assert.ok(r.canaries.some((c) => !c.caught));
        assert.match(
          r.advice!,
          /The check itself cannot be trusted: the known-broken canar/,
        );
      }
    }
  });
}

Deno.test("gradcheck() refuses 'ok' with a tolerance too loose to catch the canaries", () => {
  const net = new Network(
    [new Dense(3, 2, sigmoid, { seed: 3 })],
    crossEntropy,
  );
  const r = gradcheckWith(HARNESS, net, x, y, {
    tolerance: 0.5,
    minTimingMs: 0,
  });
  assert.equal(r.ok, false);
  assert.ok(r.canaries.some((c) => !c.caught && c.name === "σ′ off by 1%"));
});

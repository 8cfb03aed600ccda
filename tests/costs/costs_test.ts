import assert from "node:assert/strict";
import {
  costs,
  crossEntropy,
  getCost,
  logLikelihood,
  quadratic,
} from "../../mod.ts";
import type { Cost } from "../../mod.ts";
import { assertClose, centralDiff } from "../numeric.ts";

const cases: [Cost, number[], number[]][] = [
  [quadratic, [0.3, -1.5, 2.2], [1, 0, 0.5]],
  [crossEntropy, [0.2, 0.9, 0.55], [0, 1, 0.3]],
  [logLikelihood, [0.2, 0.7, 0.1], [0, 1, 0]],
  [logLikelihood, [0.25, 0.25, 0.5], [0.2, 0.3, 0.5]],
];

Deno.test("∇_a C of every cost matches a central difference of C", async (t) => {
  for (const [cost, a, y] of cases) {
    await t.step(`${cost.name} at a=${a}`, () => {
      const out = new Float64Array(a.length);
      cost.gradient(Float64Array.from(a), Float64Array.from(y), out);
      for (let j = 0; j < a.length; j++) {
        const numeric = centralDiff(
          (v) => {
            const aa = Float64Array.from(a);
            aa[j] = v;
            return cost.fn(aa, Float64Array.from(y));
          },
          a[j]!,
          1e-7,
        );
        assertClose(
          out[j]!,
          numeric,
          { atol: 1e-7, rtol: 1e-6 },
          `${cost.name} ∂C/∂a_${j}`,
        );
      }
    });
  }
});

Deno.test("quadratic cost is ½‖a − y‖² worked by hand", () => {
  // ½((0.5 − 1)² + (2 − 0)²) = ½(0.25 + 4) = 2.125
  assert.equal(
    quadratic.fn(Float64Array.of(0.5, 2), Float64Array.of(1, 0)),
    2.125,
  );
});

Deno.test("crossEntropy stays finite at a = 0 and a = 1", () => {
  for (const a of [0, 1]) {
    for (const y of [0, 1]) {
      const c = crossEntropy.fn(Float64Array.of(a), Float64Array.of(y));
      const g = new Float64Array(1);
      crossEntropy.gradient(Float64Array.of(a), Float64Array.of(y), g);
      assert.ok(
        Number.isFinite(c) && Number.isFinite(g[0]!),
        `a=${a} y=${y}: C=${c}, ∇=${g[0]}`,
      );
      if (a === y) assert.ok(c < 1e-11, `a=y=${a} should cost ~0, got ${c}`);
    }
  }
});

Deno.test("logLikelihood is −ln a_y for a one-hot y and finite at a_y = 0", () => {
  assertClose(
    logLikelihood.fn(Float64Array.of(0.1, 0.6, 0.3), Float64Array.of(0, 0, 1)),
    -Math.log(0.3),
    {
      atol: 1e-15,
    },
    "−ln 0.3",
  );
  assert.ok(
    Number.isFinite(
      logLikelihood.fn(Float64Array.of(1, 0), Float64Array.of(0, 1)),
    ),
  );
});

Deno.test("getCost() finds every registered name and lists them for an unknown one", () => {
  for (const name of Object.keys(costs)) assert.equal(getCost(name).name, name);
  assert.throws(
    () => getCost("mse"),
    /Unknown cost 'mse': use one of 'quadratic', 'crossEntropy', 'logLikelihood'/,
  );
});

import assert from "node:assert/strict";
import { checkEquations, directionalCheck } from "../../gradcheck/mod.ts";
import {
  DoubledBias,
  flippedQuadratic as flipped,
  sloppy as sloppyOf,
  TransposedWeightGrad,
} from "./broken.ts";
import {
  type Cost,
  Dense,
  Dropout,
  mlp,
  Network,
  quadratic,
  relu,
  sigmoid,
  tanh,
} from "../../mod.ts";

const x = [[0.5, -1, 2], [1, 0.3, -0.2], [-0.7, 0.1, 0.4]];
const y = [[1, 0], [0, 1], [0.5, 0.5]];

const sloppy = sloppyOf(tanh);

const failing = (net: Network) =>
  checkEquations(net, x, y).rows.filter((r) => !r.ok).map((r) =>
    `${r.equation}@${r.layer}`
  );

Deno.test("checkEquations() holds all four equations on correct networks", () => {
  for (
    const net of [
      mlp([3, 4, 4, 2], { seed: 1 }),
      mlp([3, 5, 2], { seed: 2, cost: "crossEntropy", dropout: 0.3 }),
      mlp([3, 4, 2], { seed: 3, activation: "relu", output: "sigmoid" }),
    ]
  ) {
    const r = checkEquations(net, x, y);
    assert.ok(r.ok, JSON.stringify(r.violated));
  }
  const rows =
    checkEquations(mlp([3, 4, 2], { seed: 1, cost: "crossEntropy" }), x, y)
      .rows;
  assert.deepEqual(
    rows.map((r) => `${r.equation}@${r.layer}/${r.path}`),
    [
      "BP1@1/fused",
      "BP3@1/fused",
      "BP4@1/fused",
      "BP1@1/generic",
      "BP3@1/generic",
      "BP4@1/generic",
      "BP2@0/fused",
      "BP3@0/fused",
      "BP4@0/fused",
      "BP2@0/generic",
      "BP3@0/generic",
      "BP4@0/generic",
    ],
  );
});

Deno.test("checkEquations() names the equation each broken component violates", () => {
  const net = (first: Dense, second: Dense, cost: Cost = quadratic) =>
    new Network([first, second], cost);
  assert.deepEqual(
    failing(
      net(
        new Dense(3, 4, sloppy, { seed: 1 }),
        new Dense(4, 2, sigmoid, { seed: 2 }),
      ),
    ),
    ["BP2@0"],
  );
  assert.deepEqual(
    failing(
      net(
        new Dense(3, 4, tanh, { seed: 1 }),
        new Dense(4, 2, sloppy, { seed: 2 }),
      ),
    ),
    ["BP1@1", "BP2@0"],
  );
  assert.deepEqual(
    failing(
      net(
        new Dense(3, 4, tanh, { seed: 1 }),
        new DoubledBias(4, 2, sigmoid, { seed: 2 }),
      ),
    ),
    ["BP3@1"],
  );
  assert.deepEqual(
    failing(
      net(
        new TransposedWeightGrad(3, 3, tanh, { seed: 1 }),
        new Dense(3, 2, sigmoid, { seed: 2 }),
      ),
    ),
    ["BP4@0"],
  );
  assert.equal(
    checkEquations(
      net(
        new Dense(3, 4, tanh, { seed: 1 }),
        new Dense(4, 2, sigmoid, { seed: 2 }),
        flipped,
      ),
      x,
      y,
    ).violated!.equation,
    "BP1",
  );
});

Deno.test("directionalCheck() passes correct networks with O(1) passes", () => {
  const net = mlp([30, 20, 10], {
    seed: 4,
    dropout: 0.2,
    cost: "logLikelihood",
  });
  const x30 = [Array.from({ length: 30 }, (_, i) => Math.sin(i))];
  const r = directionalCheck(net, x30, [[0, 0, 1, 0, 0, 0, 0, 0, 0, 0]], {
    minTimingMs: 0,
  });
  assert.ok(r.ok, JSON.stringify(r.results));
  assert.equal(r.results.length, 8); // 4 directions x 2 paths
  assert.equal(r.timing.forwardPasses.numeric, 8);
  assert.equal(r.suspect, null);
});

Deno.test("directionalCheck() bisects down to the broken Param", () => {
  const cases: [Network, { layer: number; param: string }][] = [
    [
      new Network([
        new Dense(3, 4, tanh, { seed: 1 }),
        new Dropout(4, 0.25, { seed: 3 }),
        new DoubledBias(4, 2, sigmoid, { seed: 2 }),
      ], quadratic),
      { layer: 2, param: "b" },
    ],
    [
      new Network([
        new TransposedWeightGrad(3, 3, relu, { seed: 1 }),
        new Dense(3, 2, sigmoid, { seed: 2 }),
      ], quadratic),
      { layer: 0, param: "W" },
    ],
  ];
  for (const [net, where] of cases) {
    const r = directionalCheck(net, x, y, { minTimingMs: 0 });
    assert.equal(r.ok, false);
    assert.deepEqual(
      { layer: r.suspect!.layer, param: r.suspect!.param },
      where,
    );
  }
});

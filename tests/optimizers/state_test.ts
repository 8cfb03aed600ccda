import assert from "node:assert/strict";
import { Adam, Momentum, type Optimizer, RMSProp, SGD } from "../../mod.ts";
import type { Param } from "../../mod.ts";

function params(): Param[] {
  // a W wide enough (>= 64 entries) for SGD's WebAssembly path, and a b
  const n = 80;
  return [
    {
      name: "W",
      shape: [8, 10],
      value: Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1)),
      grad: new Float64Array(n),
      regularize: true,
    },
    {
      name: "b",
      shape: [3],
      value: Float64Array.of(0.5, -0.25, 1),
      grad: new Float64Array(3),
    },
  ];
}

/** A deterministic gradient that changes from step to step. */
function fillGrads(ps: Param[], t: number): void {
  for (const p of ps) {
    for (let i = 0; i < p.grad.length; i++) {
      p.grad[i] = Math.cos(3 * t + i) + 0.1 * p.value[i]!;
    }
  }
}

function run(opt: Optimizer, ps: Param[], from: number, to: number): void {
  for (let t = from; t < to; t++) {
    fillGrads(ps, t);
    opt.step(ps, { trainingSize: 50 });
  }
}

const makers: Record<string, () => Optimizer> = {
  "SGD with L2": () => new SGD({ learningRate: 0.1, l2: 2 }),
  Momentum: () => new Momentum({ learningRate: 0.05, momentum: 0.8, l2: 1 }),
  Nesterov: () =>
    new Momentum({ learningRate: 0.05, momentum: 0.8, nesterov: true }),
  RMSProp: () => new RMSProp({ learningRate: 0.01, rho: 0.7 }),
  Adam: () => new Adam({ learningRate: 0.01, l2: 0.5 }),
};

Deno.test("an optimizer restored from its JSON state continues with the same bits as one never stopped", async (t) => {
  for (const [label, make] of Object.entries(makers)) {
    await t.step(label, () => {
      const straight = params(), straightOpt = make();
      run(straightOpt, straight, 0, 12);

      const first = params(), firstOpt = make();
      run(firstOpt, first, 0, 5);
      const saved = JSON.parse(JSON.stringify(firstOpt.getState!(first)));
      const resumed = params(), resumedOpt = make();
      resumed.forEach((p, i) => p.value.set(first[i]!.value));
      resumedOpt.setState!(resumed, saved);
      run(resumedOpt, resumed, 5, 12);

      for (let i = 0; i < straight.length; i++) {
        assert.deepEqual(resumed[i]!.value, straight[i]!.value);
      }
      assert.deepEqual(
        resumedOpt.getState!(resumed),
        straightOpt.getState!(straight),
      );
    });
  }
});

Deno.test("the exported state holds the hand-computed moments and step count", () => {
  const p: Param = {
    name: "b",
    shape: [2],
    value: Float64Array.of(0, 0),
    grad: Float64Array.of(2, -4),
  };
  const adam = new Adam({ learningRate: 0.1, beta1: 0.5, beta2: 0.75 });
  adam.step([p]);
  const s = adam.getState([p]);
  // m = (1 − β1) g = 0.5 g; v = (1 − β2) g² = 0.25 g²
  assert.deepEqual(s.slots, { m: [[1, -2]], v: [[1, 4]] });
  assert.equal(s.steps, 1);
  assert.equal(s.name, "adam");
  assert.deepEqual(s.hyperparameters, {
    l2: 0,
    beta1: 0.5,
    beta2: 0.75,
    epsilon: 1e-8,
  });

  const q: Param = {
    name: "b",
    shape: [1],
    value: Float64Array.of(1),
    grad: Float64Array.of(2),
  };
  const mom = new Momentum({ learningRate: 0.25, momentum: 0.5 });
  mom.step([q]); // v = −0.5
  mom.step([q]); // v = 0.5·(−0.5) − 0.5 = −0.75
  assert.deepEqual(mom.getState([q]).slots, { velocity: [[-0.75]] });
  assert.equal(mom.getState([q]).steps, 2);
});

Deno.test("setState() rejects a state that does not fit, naming what and leaving the optimizer as it was", async (t) => {
  const ps = params();
  const good = () => {
    const o = new Adam({ learningRate: 0.01 });
    run(o, params(), 0, 2);
    return JSON.parse(JSON.stringify(o.getState(params())));
  };
  const cases: [string, (s: Record<string, unknown>) => unknown, RegExp][] = [
    ["not an object", () => 3, /Adam state: it is not an object/],
    [
      "another optimizer's",
      (s) => ({ ...s, name: "momentum" }),
      /saved by optimizer 'momentum', not 'adam'/,
    ],
    [
      "a Param too few",
      (s) => ({ ...s, slots: { m: [[1, 2, 3]], v: [[1, 2, 3]] } }),
      /slot 'm': expected 2 arrays \(one per Param\) but got 1/,
    ],
    [
      "a wrong size",
      (s) => {
        const slots = s.slots as { m: number[][]; v: number[][] };
        return { ...s, slots: { ...slots, v: [slots.v[0]!, [1, 2]] } };
      },
      /slot 'v': Param 1 \('b', shape \[3\]\) has 3 values but the state has 2/,
    ],
    [
      "a null value",
      (s) => {
        const slots = s.slots as { m: number[][]; v: number[][] };
        return { ...s, slots: { ...slots, m: [slots.m[0]!, [0, null, 0]] } };
      },
      /Param 1 has 'null' at index 1; expected a finite number/,
    ],
    [
      "another β1",
      (s) => ({
        ...s,
        hyperparameters: {
          ...(s.hyperparameters as object),
          beta1: 0.5,
        },
      }),
      /saved with beta1 '0.5' but this optimizer has '0.9'/,
    ],
    [
      "a negative step count",
      (s) => ({ ...s, steps: -1 }),
      /field 'steps' must be a non-negative integer, got '-1'/,
    ],
  ];
  for (const [label, change, message] of cases) {
    await t.step(label, () => {
      const opt = new Adam({ learningRate: 0.01 });
      run(opt, ps, 0, 1);
      const before = JSON.stringify(opt.getState(ps));
      assert.throws(() => opt.setState(ps, change(good())), message);
      assert.equal(JSON.stringify(opt.getState(ps)), before);
    });
  }
});

Deno.test("learningRate is a checked, settable value that the next step uses", () => {
  const p: Param = {
    name: "b",
    shape: [1],
    value: Float64Array.of(1),
    grad: Float64Array.of(0.5),
  };
  const sgd = new SGD({ learningRate: 0.1 });
  sgd.learningRate = 0.5;
  sgd.step([p]);
  assert.equal(p.value[0], 0.75); // 1 − 0.5·0.5
  for (const bad of [0, -1, NaN, Infinity]) {
    assert.throws(
      () => (sgd.learningRate = bad),
      new RegExp(
        `Cannot set SGD learningRate: it must be a positive number, got '${bad}'`,
      ),
    );
  }
  assert.equal(sgd.learningRate, 0.5);
});

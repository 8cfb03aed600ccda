/**
 * Networks of every activation and cost family, with and without dropout
 * and L2, trained down to a loss below 1e-5 and checked by gradcheck at 10
 * points along the way. `training_test.ts` runs them with one seed;
 * `deno run --frozen -R tests/gradcheck/training.ts --from 1 --to 30` runs
 * them over many seeds and counts failures (a correct gradient must have
 * none) and inconclusive checks.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { directionalCheck, gradcheck } from "../../gradcheck/mod.ts";
import {
  type Activation,
  Adam,
  elu,
  leakyRelu,
  mlp,
  type Network,
  Random,
  relu,
  sigmoid,
  softmax,
  softplus,
  tanh,
  train,
} from "../../mod.ts";

/** One network family. */
export interface Case {
  name: string;
  hidden: Activation;
  output: Activation | "identity";
  cost: "quadratic" | "crossEntropy" | "logLikelihood";
  dropout?: number;
  l2?: number;
}

/** The families. */
export const CASES: Case[] = [
  {
    name: "sigmoid/crossEntropy",
    hidden: sigmoid,
    output: sigmoid,
    cost: "crossEntropy",
  },
  {
    name: "sigmoid/quadratic",
    hidden: sigmoid,
    output: sigmoid,
    cost: "quadratic",
  },
  {
    name: "tanh → identity/quadratic",
    hidden: tanh,
    output: "identity",
    cost: "quadratic",
  },
  {
    name: "relu → softmax/logLikelihood",
    hidden: relu,
    output: softmax,
    cost: "logLikelihood",
  },
  {
    name: "leakyRelu(0.2) → identity/quadratic",
    hidden: leakyRelu(0.2),
    output: "identity",
    cost: "quadratic",
  },
  {
    name: "elu(0.5) → sigmoid/crossEntropy",
    hidden: elu(0.5),
    output: sigmoid,
    cost: "crossEntropy",
  },
  {
    name: "softplus → softmax/logLikelihood",
    hidden: softplus,
    output: softmax,
    cost: "logLikelihood",
  },
  {
    name: "tanh + dropout → softmax/logLikelihood",
    hidden: tanh,
    output: softmax,
    cost: "logLikelihood",
    dropout: 0.2,
  },
  {
    name: "relu + dropout → sigmoid/crossEntropy",
    hidden: relu,
    output: sigmoid,
    cost: "crossEntropy",
    dropout: 0.2,
  },
  {
    name: "tanh → identity/quadratic + L2",
    hidden: tanh,
    output: "identity",
    cost: "quadratic",
    l2: 1e-8,
  },
  {
    name: "sigmoid → softmax/logLikelihood + L2",
    hidden: sigmoid,
    output: softmax,
    cost: "logLikelihood",
    l2: 1e-8,
  },
];

const ROWS = 6, IN = 3, OUT = 3;

function data(c: Case, seed: number): { x: number[][]; y: number[][] } {
  const r = new Random(seed);
  const x = Array.from(
    { length: ROWS },
    () => Array.from({ length: IN }, () => r.normal()),
  );
  const y = Array.from(
    { length: ROWS },
    (_, i) =>
      c.cost === "quadratic" && c.output === "identity"
        ? Array.from({ length: OUT }, () => r.normal())
        : Array.from({ length: OUT }, (_, j) => (j === i % OUT ? 1 : 0)),
  );
  return { x, y };
}

/** 10 checkpoints, spaced geometrically over the epochs. */
const CHECKPOINTS = [1, 4, 16, 64, 250, 1000, 2500, 5000, 7500, 10000];

/** What {@linkcode trainAndCheck} found. */
export interface TrainingResult {
  /** Checks that failed (a correct gradient must never). */
  failures: string[];
  /** Checks with inconclusive entries. */
  inconclusive: number;
  /** Of those, forward differences. */
  inconclusiveForward: number;
  /** Directional checks (4 directions each) run, one per checkpoint. */
  directional: number;
  /** Of those, inconclusive ones. */
  directionalInconclusive: number;
  /** Checks run. */
  checks: number;
  /** The largest `errorRatio` of a check that did not fail. */
  errorRatio: number;
  /** The loss after the last epoch. */
  loss: number;
  /**
   * The lowest loss at which the gradient was checked (Adam at η = 0.05
   * wanders near the minimum, so the last checkpoint need not be the
   * lowest).
   */
  lowestChecked: number;
}

/**
 * Trains one family from the given seeds and checks it at every
 * checkpoint, forward and central.
 *
 * @param c The family.
 * @param dataSeed Seed of the data.
 * @param netSeed Seed of the weights.
 * @returns Failures, inconclusive checks, checks and the final loss.
 */
export function trainAndCheck(
  c: Case,
  dataSeed: number,
  netSeed: number,
): TrainingResult {
  const { x, y } = data(c, dataSeed);
  const net: Network = mlp([IN, 8, OUT], {
    activation: c.hidden,
    output: c.output,
    cost: c.cost,
    seed: netSeed,
    ...(c.dropout ? { dropout: c.dropout } : {}),
  });
  const optimizer = new Adam({
    learningRate: 0.05,
    ...(c.l2 ? { l2: c.l2 } : {}),
  });
  const out: TrainingResult = {
    failures: [],
    inconclusive: 0,
    inconclusiveForward: 0,
    directional: 0,
    directionalInconclusive: 0,
    checks: 0,
    errorRatio: 0,
    loss: NaN,
    lowestChecked: Infinity,
  };
  let done = 0;
  for (const epoch of CHECKPOINTS) {
    train(net, { x, y }, {
      epochs: epoch - done,
      batchSize: ROWS,
      optimizer,
      seed: epoch,
    });
    done = epoch;
    out.lowestChecked = Math.min(out.lowestChecked, net.loss(x, y));
    const d = directionalCheck(net, x, y, { minTimingMs: 0 });
    out.directional++;
    if (d.inconclusive > 0) out.directionalInconclusive++;
    if (d.failed > 0) {
      out.failures.push(`${c.name}, epoch ${epoch}, directional`);
    }
    for (const method of ["forward", "central"] as const) {
      const r = gradcheck(net, x, y, {
        method,
        minTimingMs: 0,
        ...(c.l2 ? { l2: { lambda: c.l2, n: ROWS } } : {}),
      });
      out.checks++;
      if (r.verdict === "inconclusive") {
        out.inconclusive++;
        if (method === "forward") out.inconclusiveForward++;
      }
      if (r.verdict !== "fail") {
        out.errorRatio = Math.max(out.errorRatio, r.errorRatio);
      }
      if (r.verdict === "fail" || r.failed > 0) {
        out.failures.push(
          `${c.name}, epoch ${epoch}, ${method}, loss ${r.loss}: ${
            JSON.stringify(r.worst)
          }`,
        );
      }
    }
  }
  out.loss = net.loss(x, y);
  return out;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      from: { type: "string", default: "1" },
      to: { type: "string", default: "30" },
    },
  });
  let checks = 0, inconclusive = 0, forward = 0, below = 0, runs = 0;
  let directional = 0, directionalInconclusive = 0;
  let ratio = 0;
  const failures: string[] = [];
  for (let s = Number(values.from); s <= Number(values.to); s++) {
    for (const c of CASES) {
      const r = trainAndCheck(c, s, s + 5);
      checks += r.checks;
      inconclusive += r.inconclusive;
      forward += r.inconclusiveForward;
      directional += r.directional;
      directionalInconclusive += r.directionalInconclusive;
      ratio = Math.max(ratio, r.errorRatio);
      failures.push(...r.failures);
      runs++;
      if (r.loss < 1e-5) below++;
    }
  }
  console.log(
    `seeds ${values.from}-${values.to}: ${runs} trainings (${below} reached a loss below 1e-5); ` +
      `${checks} gradcheck checks, ${inconclusive} inconclusive (${forward} forward), ` +
      `largest disagreement ${
        ratio.toFixed(2)
      }x its estimated error (fails above 10x); ` +
      `${directional} directional checks, ${directionalInconclusive} inconclusive; ` +
      `${failures.length} failed`,
  );
  for (const f of failures) console.log(`  FAIL ${f}`);
}

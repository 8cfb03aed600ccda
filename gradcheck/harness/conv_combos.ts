/**
 * The convolutional cases of `deno task gradcheck`: conv → pool → dense
 * stacks with every hidden activation and every cost (each with an output
 * activation it makes sense with), stride 1 and 2, both paddings, max- and
 * average-pooling, dropout; max-pool ties as kinks; a convolution as the
 * output layer on the fused path.
 *
 * @module
 */
import { activations } from "../../activations/mod.ts";
import { getCost } from "../../costs/mod.ts";
import {
  AvgPool2D,
  Conv2D,
  Dense,
  Dropout,
  type Layer,
  MaxPool2D,
} from "../../layers/mod.ts";
import { Network } from "../../network/mod.ts";
import { Random } from "../../tensor/mod.ts";

/** One convolutional case: a network and a batch. */
export interface ConvCase {
  /** The row's name. */
  name: string;
  /** The network. */
  network: Network;
  /** Inputs. */
  x: number[][];
  /** Targets. */
  y: number[][];
}

/** A conv stack: its name and its hidden layers for a σ and a seed. */
interface ConvStack {
  name: string;
  hidden(act: string, seed: number): Layer[];
}

const INPUT = [2, 6, 6] as const;

/** The stacks, from the 2x6x6 input to the last hidden layer. */
const STACKS: readonly ConvStack[] = [
  {
    name: "conv 3x3 s1 valid → maxpool 2",
    hidden: (act, seed) => {
      const c = new Conv2D(INPUT, 3, 3, act, { seed });
      return [c, new MaxPool2D(c.outputShape, 2)];
    },
  },
  {
    name: "conv 3x3 s2 same → avgpool 2 s1",
    hidden: (act, seed) => {
      const c = new Conv2D(INPUT, 3, 3, act, {
        seed,
        stride: 2,
        padding: "same",
      });
      return [c, new AvgPool2D(c.outputShape, 2, { stride: 1 })];
    },
  },
  {
    name: "conv 3x3 s1 same → maxpool 2 → dropout",
    hidden: (act, seed) => {
      const c = new Conv2D(INPUT, 3, 3, act, { seed, padding: "same" });
      const p = new MaxPool2D(c.outputShape, 2);
      return [c, p, new Dropout(p.outputSize, 0.3, { seed: seed + 50 })];
    },
  },
  {
    name: "conv 2x2 s2 valid → conv 3x3 s1 same",
    hidden: (act, seed) => {
      const c = new Conv2D(INPUT, 3, 2, act, { seed, stride: 2 });
      return [
        c,
        new Conv2D(c.outputShape, 2, 3, act, {
          seed: seed + 1,
          padding: "same",
        }),
      ];
    },
  },
];

/** The output σ each cost is checked with. */
const OUTPUT: Readonly<Record<string, string>> = {
  quadratic: "sigmoid",
  crossEntropy: "sigmoid",
  logLikelihood: "softmax",
};

function batch(
  seed: number,
  rows: number,
  inputs: number,
  outputs: number,
  cost: string,
): { x: number[][]; y: number[][] } {
  const r = new Random(seed + 1000);
  const x = Array.from(
    { length: rows },
    () => Array.from({ length: inputs }, () => r.normal()),
  );
  const y = Array.from({ length: rows }, () => {
    if (cost === "quadratic") {
      return Array.from({ length: outputs }, () => r.uniform());
    }
    const k = r.int(outputs);
    return Array.from({ length: outputs }, (_, j) => (j === k ? 1 : 0));
  });
  return { x, y };
}

/**
 * Every convolutional case, built from a seed.
 *
 * @param seed Seed of weights, masks and data.
 * @returns The cases.
 *
 * @example
 * ```ts
 * import { convCases } from "./conv_combos.ts";
 * import { gradcheck } from "../check.ts";
 * import assert from "node:assert/strict";
 *
 * const cases = convCases(1);
 * assert.ok(cases.some((c) => c.name.includes("ties")));
 * const c = cases[0]!;
 * assert.ok(gradcheck(c.network, c.x, c.y, { method: "central" }).ok);
 * ```
 */
export function convCases(seed: number): ConvCase[] {
  const out: ConvCase[] = [];
  const hiddenActs = Object.keys(activations).filter((a) => a !== "softmax");
  let i = 0;
  for (const [cost, output] of Object.entries(OUTPUT)) {
    for (const act of hiddenActs) {
      for (const stack of STACKS) {
        const s = seed + 10 * i++;
        const hidden = stack.hidden(act, s);
        const width = hidden[hidden.length - 1]!.outputSize;
        const network = new Network(
          [...hidden, new Dense(width, 3, output, { seed: s + 7 })],
          getCost(cost),
        );
        out.push({
          name: `${act}/${cost} (${output} out), ${stack.name} → dense, m=2`,
          network,
          ...batch(s, 2, network.inputSize, 3, cost),
        });
      }
    }
  }
  // every window of the max-pool tied: kernels zero, so z = b_f everywhere;
  // a step in a kernel entry moves tied values apart (a kink of the max)
  const c = new Conv2D(INPUT, 3, 3, "tanh", { seed });
  c.kernels.data.fill(0);
  const p = new MaxPool2D(c.outputShape, 2);
  const tied = new Network(
    [c, p, new Dense(p.outputSize, 3, "sigmoid", { seed: seed + 1 })],
    getCost("quadratic"),
  );
  out.push({
    name: "max-pool ties (zero kernels: every window tied)",
    network: tied,
    ...batch(seed, 2, tied.inputSize, 3, "quadratic"),
  });
  // a convolution as the output layer: softmax over its 2x2 outputs, the
  // fused δ^L = a − y path of log-likelihood
  const last = new Conv2D([1, 4, 4], 1, 3, "softmax", { seed });
  const convOut = new Network([last], getCost("logLikelihood"));
  out.push({
    name: "softmax/logLikelihood, conv 3x3 as the output layer, m=3",
    network: convOut,
    ...batch(seed, 3, 16, 4, "logLikelihood"),
  });
  return out;
}

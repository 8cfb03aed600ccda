/**
 * Chapter 3, the learning slowdown: one sigmoid neuron, input 1, target 0,
 * η = 0.15, started at w = 0.6, b = 0.9 and at w = b = 2.0, trained with
 * the quadratic cost and with cross-entropy. The quadratic cost's gradient
 * carries σ′(z), which is tiny at z = 4: from w = b = 2 it barely learns at
 * first; cross-entropy's δ = a − y has no σ′ and learns fastest when most
 * wrong.
 *
 * @module
 */
import { Dense, diagnose, Network, SGD, sigmoid, train } from "../mod.ts";
import type { Point } from "./chart.ts";

/** One run of the neuron. */
export interface NeuronRun {
  /** Cost name. */
  cost: "quadratic" | "crossEntropy";
  /** Starting weight (and bias). */
  start: { w: number; b: number };
  /** The output before training and after each epoch. */
  outputs: number[];
  /** The cost after each epoch (epoch 0: before training). */
  costs: number[];
  /** ‖∂C/∂b‖ at the start (the neuron's speed of learning). */
  startSpeed: number;
  /** The doctor's findings at the start. */
  findings: string[];
}

/**
 * Trains the neuron from both starts with both costs.
 *
 * @param epochs Epochs (the book: 300).
 * @returns Four runs.
 */
export function slowdown(epochs: number): NeuronRun[] {
  const runs: NeuronRun[] = [];
  for (const cost of ["quadratic", "crossEntropy"] as const) {
    for (const start of [{ w: 0.6, b: 0.9 }, { w: 2, b: 2 }]) {
      const layer = new Dense(1, 1, sigmoid);
      layer.weights.data[0] = start.w;
      layer.biases[0] = start.b;
      const net = new Network([layer], cost);
      const x = [[1]], y = [[0]];
      const d = diagnose(net, x, y);
      const outputs = [net.predict(x).data[0]!], costs = [net.loss(x, y)];
      train(net, { x, y }, {
        epochs,
        batchSize: 1,
        optimizer: new SGD({ learningRate: 0.15 }),
        classification: false,
        onEpoch: () => {
          outputs.push(net.predict(x).data[0]!);
          costs.push(net.loss(x, y));
        },
      });
      runs.push({
        cost,
        start,
        outputs,
        costs,
        startSpeed: d.layers[0]!.biasGradientNorm,
        findings: d.findings,
      });
    }
  }
  return runs;
}

/**
 * The first epoch at which the cost is below half its start.
 *
 * @param run A run.
 * @returns The epoch, or NaN if never.
 */
export function halvingEpoch(run: NeuronRun): number {
  const i = run.costs.findIndex((c) => c < run.costs[0]! / 2);
  return i < 0 ? NaN : i;
}

/**
 * The runs as chart points: cost per epoch.
 *
 * @param runs The runs.
 * @returns The points.
 */
export function slowdownPoints(runs: readonly NeuronRun[]): Point[] {
  return runs.flatMap((r) =>
    r.costs.map((y, x) => ({
      x,
      y,
      series: `${r.cost}, start w = ${r.start.w}, b = ${r.start.b}`,
    }))
  );
}

/**
 * The set-up and the verdict shared by `gradcheck` and
 * `gradcheckParallel`: freezing randomness, saving weights, the analytic
 * gradients of each path, and the report.
 *
 * @module
 */
import type { Network } from "../network/mod.ts";
import { Matrix, type MatrixLike } from "../tensor/mod.ts";
import { kernelCalls, kernelsSince } from "../tensor/kernels/paths.ts";
import {
  checkMethod,
  DEFAULT_EPSILON,
  DEFAULT_TOLERANCE,
  FLOOR_FRACTION,
  type Method,
} from "./defaults.ts";
import { selectEntries } from "./entries.ts";
import type { NumericJob } from "./numeric.ts";
import { PartialForward } from "./partial_forward.ts";
import type { GradcheckOptions, GradientPath } from "./types.ts";

/** Everything a check needs between its set-up and its verdict. */
export interface Prepared {
  /** The network under check. */
  network: Network;
  /** Inputs. */
  x: Matrix;
  /** Targets. */
  y: Matrix;
  /** The formula. */
  method: Method;
  /** The relative step. */
  epsilon: number;
  /** The tolerance. */
  tolerance: number;
  /** The relative-error floor as a fraction of the gradient's size. */
  floorFraction: number;
  /** C evaluated a second time at the same weights (must equal `pf.loss0`). */
  repeated: number;
  /** Kernel paths (and batch regimes) that computed the analytic gradients. */
  kernels: string[];
  /** Layer index of every Param. */
  layerOf: number[];
  /** The entries to perturb. */
  jobs: NumericJob[];
  /** Whether some Param is sampled. */
  sampled: boolean;
  /** The forward cache, after `base()`. */
  pf: PartialForward;
  /** Analytic gradients per path (copies of every Param.grad). */
  analytic: Map<GradientPath, Float64Array[]>;
  /** The options. */
  options: GradcheckOptions;
  /** Puts the network back as it was (weights bit for bit, fused, frozen). */
  restore(): void;
}

/**
 * Freezes randomness, saves the weights and runs backprop on every path.
 *
 * @param network The network (changed only until `restore()`).
 * @param x Inputs.
 * @param y Targets.
 * @param options The options.
 * @returns The prepared check.
 * @throws {TypeError} On shapes that do not fit the network.
 * @throws {RangeError} On a bad option.
 *
 * @example
 * ```ts
 * import { prepare } from "./prepare.ts";
 * import { mlp } from "../network/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 1], { cost: "crossEntropy" });
 * const prep = prepare(net, [[1, 2]], [[1]], {});
 * assert.deepEqual([...prep.analytic.keys()], ["fused", "generic"]);
 * prep.restore();
 * ```
 */
export function prepare(
  network: Network,
  x: MatrixLike,
  y: MatrixLike,
  options: GradcheckOptions,
): Prepared {
  const method = checkMethod(options.method ?? "forward");
  const epsilon = options.epsilon ?? DEFAULT_EPSILON[method];
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE[method];
  for (const [name, v] of [["epsilon", epsilon], ["tolerance", tolerance]]) {
    if (!(Number(v) > 0 && Number.isFinite(v))) {
      throw new RangeError(
        `Cannot run gradcheck: option '${name}' must be a positive number, got '${v}'`,
      );
    }
  }
  const layers = network.layers, params = network.params;
  // Frozen layers draw their one dropout mask from a copy of their
  // generator, so the network's own random sequence is left untouched.
  for (const layer of layers) layer.freeze?.(true);
  try {
    // validates shapes and values with the network's own messages, and
    // draws the dropout masks that the frozen layers will keep
    network.loss(x, y, { training: true });
  } catch (e) {
    for (const layer of layers) layer.freeze?.(false);
    throw e;
  }
  const X = x instanceof Matrix ? x : Matrix.from(x);
  const Y = y instanceof Matrix ? y : Matrix.from(y);
  const saved = params.map((p) => p.value.slice());
  const fused = network.fused;
  const restore = (): void => {
    params.forEach((p, i) => p.value.set(saved[i]!));
    network.fused = fused;
    for (const layer of layers) layer.freeze?.(false);
  };
  try {
    const layerOf = layers.flatMap((layer, l) => layer.params.map(() => l));
    const jobs = selectEntries(
      params,
      options.sample ?? Infinity,
      options.seed ?? 0,
    );
    const sampled = jobs.some((j, i) =>
      j.indices.length < params[i]!.value.length
    );
    const last = layers[layers.length - 1]!;
    const canFuse = last.backwardFromDelta !== undefined &&
      network.cost.pairsWith !== undefined &&
      network.cost.pairsWith === last.activation?.name;
    const paths: GradientPath[] = options.paths === "network"
      ? [canFuse && fused ? "fused" : "generic"]
      : canFuse
      ? ["fused", "generic"]
      : ["generic"];
    const analytic = new Map<GradientPath, Float64Array[]>();
    const before = kernelCalls();
    for (const path of paths) {
      network.fused = path === "fused";
      network.gradient(X, Y);
      analytic.set(path, params.map((p) => Float64Array.from(p.grad)));
    }
    const kernels = kernelsSince(before);
    network.fused = fused;
    const pf = new PartialForward(layers, network.cost, X, Y);
    pf.base();
    // the same weights must give the same C, bit for bit: a forward pass
    // that reads stale buffers or state would make every difference noise
    const again = pf.lossFrom(0);
    pf.layerEvaluations = 0;
    return {
      network,
      x: X,
      y: Y,
      method,
      epsilon,
      tolerance,
      floorFraction: FLOOR_FRACTION,
      repeated: again,
      kernels,
      layerOf,
      jobs,
      sampled,
      pf,
      analytic,
      options,
      restore,
    };
  } catch (e) {
    restore();
    throw e;
  }
}

/**
 * The words on how the numeric side saved work.
 *
 * @param layerEvaluations Layer forwards the perturbed passes ran.
 * @param passes Perturbed passes.
 * @param depth Number of layers.
 * @returns A sentence for `timing.note`.
 *
 * @example
 * ```ts
 * import { cachingNote } from "./prepare.ts";
 * import assert from "node:assert/strict";
 *
 * assert.match(cachingNote(3, 2, 2), /3 of 4 layer evaluations \(75.0%\)/);
 * ```
 */
export function cachingNote(
  layerEvaluations: number,
  passes: number,
  depth: number,
): string {
  const full = passes * depth;
  const pct = full > 0 ? (100 * layerEvaluations) / full : 100;
  return `a perturbation in layer l recomputes the forward pass from layer l ` +
    `only (cached inputs): ${layerEvaluations} of ${full} layer evaluations ` +
    `(${pct.toFixed(1)}%)`;
}

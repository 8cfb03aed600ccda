/**
 * `gradcheck`: backprop against finite differences, with both timings.
 *
 * @module
 */
import type { Network } from "../network/mod.ts";
import type { MatrixLike } from "../tensor/mod.ts";
import { checkEquations } from "./equations.ts";
import { applyCanaries, runCanaries } from "./canaries.ts";
import { HARNESS, type Harness, runCore } from "./core.ts";
import { cachingNote } from "./prepare.ts";
import { timeRepeated } from "./timing.ts";
import { compareFloat32, float64Copy } from "./float32_copy.ts";
import type { GradcheckOptions, GradcheckReport } from "./types.ts";

/**
 * Checks every gradient of a network against finite differences of its
 * mean cost: the analytic gradient by backprop (on both the fused
 * `δ^L = a − y` path and the generic path where the cost pairs with the
 * output σ), the numeric one by the chapter's forward difference
 * `(C(w+εe_j) − C(w))/ε` or the central difference. Dropout and other
 * randomness is frozen (one mask for every evaluation); a step that moves a
 * pre-activation across a kink of σ is counted in `kinks`, not failed. The
 * weights are restored bit for bit from saved values; `Param.grad` is left
 * holding backprop's gradient; a Dropout layer draws its one mask from a
 * copy of its generator, so its own random sequence is untouched. Times are warm means of repetitions. With
 * `equations: true` the report also checks BP1 to BP4 one by one. A
 * network with float32 layers is checked through a float64 copy (the same
 * weights, widened exactly), and its own float32 backprop is compared with
 * the copy's (`report.float32`).
 *
 * @param network The network.
 * @param x Inputs, one row per sample.
 * @param y Targets.
 * @param options Method, step, tolerance, sampling, paths, L2.
 * @returns The report: `ok`, `maxRelativeError`, `worst`, `kinks`, one row
 * per Param and path, and `timing`.
 * @throws {TypeError} On shapes that do not fit the network.
 * @throws {RangeError} On a bad option or a non-finite input.
 *
 * @example A sigmoid network passes; a broken σ′ fails at its layer
 * ```ts
 * import { gradcheck } from "./check.ts";
 * import { Dense, mlp, Network, quadratic, sigmoid } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const x = [[0.1, -0.4], [0.7, 0.2]], y = [[1], [0]];
 * assert.ok(gradcheck(mlp([2, 3, 1], { seed: 1 }), x, y).ok);
 *
 * const broken = { ...sigmoid, derivative: (z: number, a: number) => 1.01 * a * (1 - a) };
 * const net = new Network([new Dense(2, 3, sigmoid, { seed: 1 }), new Dense(3, 1, broken, { seed: 2 })], quadratic);
 * const report = gradcheck(net, x, y);
 * assert.equal(report.ok, false);
 * assert.equal(report.suspect!.layer, 1); // the failing layer nearest the output
 * ```
 */
export function gradcheck(
  network: Network,
  x: MatrixLike,
  y: MatrixLike,
  options: GradcheckOptions = {},
): GradcheckReport {
  return gradcheckWith(HARNESS, network, x, y, options);
}

/**
 * {@linkcode gradcheck} with the given steps: the canaries run through the
 * same steps as the network. (Internal: tests break a step here to show
 * that the canaries catch a broken harness.)
 *
 * @param harness The steps of the check.
 * @param network The network.
 * @param x Inputs.
 * @param y Targets.
 * @param options As for `gradcheck`.
 * @returns The report.
 *
 * @example
 * ```ts
 * import { gradcheckWith } from "./check.ts";
 * import { HARNESS } from "./core.ts";
 * import { mlp } from "../network/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = gradcheckWith(HARNESS, mlp([2, 2], { seed: 1 }), [[1, 2]], [[0, 1]], {});
 * assert.ok(r.ok && r.canaries.every((c) => c.caught));
 * ```
 */
export function gradcheckWith(
  harness: Harness,
  network: Network,
  x: MatrixLike,
  y: MatrixLike,
  options: GradcheckOptions = {},
): GradcheckReport {
  // float32: the differences run on a float64 copy, and the float32
  // network's own backprop is held against the copy's
  const copy = float64Copy(network);
  if (copy !== null) {
    const report = gradcheckWith(harness, copy, x, y, options);
    const { check, kernels } = compareFloat32(network, copy, x, y);
    report.float32 = check;
    report.kernels = [...new Set([...report.kernels, ...kernels])].sort();
    if (!check.ok) {
      report.ok = false;
      report.verdict = "fail";
    }
    return report;
  }
  const minMs = options.minTimingMs ?? 20;
  const { report } = runCore(
    harness,
    network,
    x,
    y,
    options,
    ({ prep, result, numericMs, report }) => {
      const run = () =>
        harness.numeric(
          prep.pf,
          network.params,
          prep.layerOf,
          prep.jobs,
          prep.method,
          prep.epsilon,
        );
      const passes = result.numeric.length *
        (prep.method === "forward" ? 1 : 2);
      const note = cachingNote(
        prep.pf.layerEvaluations,
        passes,
        network.layers.length,
      );
      if (prep.sampled) {
        numericMs = 0;
        prep.jobs.forEach((job, i) => {
          const size = network.params[job.param]!.value.length;
          numericMs += (result.jobMs[i]! / job.indices.length) * size;
        });
      } else if (numericMs < minMs) numericMs = timeRepeated(run, minMs);
      const backpropMs = timeRepeated(
        () => network.gradient(prep.x, prep.y),
        minMs,
      );
      report.timing.backpropMs = backpropMs;
      report.timing.numericMs = numericMs;
      report.timing.speedup = numericMs / backpropMs;
      report.timing.note = note;
    },
  );
  applyCanaries(report, runCanaries(harness, options));
  if (options.equations) {
    report.equations = checkEquations(network, x, y, {
      ...(options.paths ? { paths: options.paths } : {}),
    });
  }
  return report;
}

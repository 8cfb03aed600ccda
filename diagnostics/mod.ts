/**
 * Diagnostics: why is my network learning slowly? Per-layer speed of
 * learning (‖∂C/∂b^l‖), saturation, dead units and activations, and a
 * doctor that says in sentences what looks wrong and what to try.
 *
 * ```ts
 * import { diagnose } from "./mod.ts";
 * import { mlp } from "../network/mlp.ts";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 3, 1], { seed: 1 });
 * const { layers, findings } = diagnose(net, [[0, 1], [1, 0]], [[1], [0]]);
 * assert.equal(layers.length, 2);
 * assert.deepEqual(findings, []);
 * ```
 *
 * @module
 */
export {
  type DiagnosableNetwork,
  diagnose,
  type Diagnosis,
} from "./diagnose.ts";
export type { LayerFigures } from "./layer_figures.ts";
export type { EpochRecord } from "./history_findings.ts";
export { type ReviewOptions, reviewTraining } from "./review_training.ts";

/**
 * Gradient checking: backprop against finite differences for any network,
 * built-in or user-defined, with the time each method takes.
 *
 * - {@linkcode gradcheck}: every entry (or a seeded sample), forward or
 *   central difference, both backprop paths, kinks, frozen dropout, L2.
 * - {@linkcode gradcheckParallel}: the same with the numeric side spread
 *   over Workers, identical numbers.
 * - {@linkcode directionalCheck}: O(1) passes for big networks, with
 *   bisection down to the broken Param.
 * - {@linkcode checkEquations}: BP1 to BP4 one by one.
 * - {@linkcode checkActivation}, {@linkcode checkCost}: unit checks.
 *
 * Every report estimates the error of each difference quotient
 * (truncation and round-off), fails an entry only beyond
 * {@linkcode ERROR_FACTOR} times that estimate, counts entries the
 * numerics cannot decide as `inconclusive`, and runs known-broken canaries
 * through the same code before its verdict. `deno task gradcheck`'s suite,
 * tables, plots and scaling sweep live apart, in `gradcheck/harness/`.
 *
 * ```ts
 * import { gradcheck } from "./mod.ts";
 * import { mlp } from "../network/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const report = gradcheck(mlp([3, 4, 2], { seed: 1 }), [[1, 0, -1]], [[1, 0]]);
 * assert.ok(report.ok);
 * assert.equal(report.timing.forwardPasses.numeric, 27); // 26 weights + 1
 * ```
 *
 * @module
 */
export {
  checkMethod,
  DEFAULT_EPSILON,
  DEFAULT_TOLERANCE,
  type Method,
  relativeError,
} from "./defaults.ts";
export { gradcheck } from "./check.ts";
export { ERROR_FACTOR } from "./error_model.ts";
export { FLOAT32_TOLERANCE } from "./float32_copy.ts";
export {
  canParallelize,
  gradcheckParallel,
  type ParallelOptions,
} from "./parallel.ts";
export {
  directionalCheck,
  type DirectionalOptions,
  type DirectionalReport,
  type DirectionResult,
} from "./directional.ts";
export { checkEquations } from "./equations.ts";
export {
  type ActivationCheck,
  type ActivationDisagreement,
  checkActivation,
  type CheckActivationOptions,
  type KinkCheck,
} from "./activation_check.ts";
export {
  checkCost,
  type CheckCostOptions,
  type CostCheck,
  type CostDisagreement,
} from "./cost_check.ts";
export type {
  CanaryResult,
  Equation,
  EquationRow,
  EquationsReport,
  Float32Check,
  GradcheckOptions,
  GradcheckReport,
  GradcheckTiming,
  GradcheckWorst,
  GradientPath,
  L2Check,
  LayerRow,
  ParamRow,
} from "./types.ts";

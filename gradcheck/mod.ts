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
  FLOOR_FRACTION,
  type Method,
  relativeError,
  relativeErrorFloor,
  ROUNDOFF_FACTOR,
} from "./defaults.ts";
export { gradcheck } from "./check.ts";
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
export {
  checkEquations,
  type Equation,
  type EquationRow,
  type EquationsReport,
} from "./equations.ts";
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
export {
  buildCombination,
  type Combination,
  combinations,
  type Skipped,
  skipReason,
  type Stack,
  STACKS,
} from "./combos.ts";
export { fitLogLog, type LogLogFit } from "./fit.ts";
export {
  type ScalingOptions,
  type ScalingPoint,
  type ScalingResult,
  scalingSweep,
} from "./scaling.ts";
export type {
  GradcheckOptions,
  GradcheckReport,
  GradcheckTiming,
  GradcheckWorst,
  GradientPath,
  L2Check,
  LayerRow,
  ParamRow,
} from "./types.ts";

/**
 * The harness around the library's check: what `deno task gradcheck`
 * runs (every combination, the kernel cases, the chapter's network, the
 * canaries), its tables and JSON, and the scaling sweep with its plot.
 * It imports the check from `gradcheck/`; nothing there imports it.
 *
 * ```ts
 * import { combinations } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(combinations().run.length > 50);
 * ```
 *
 * @module
 */
export { chapterNetwork } from "./chapter.ts";
export {
  BATCH_SIZES,
  buildCombination,
  type Combination,
  combinations,
  type Skipped,
  skipReason,
  type Stack,
  STACKS,
} from "./combos.ts";
export { fitLogLog, type LogLogFit } from "./fit.ts";
export { type KernelCase, kernelCases } from "./kernel_cases.ts";
export { runGradcheck } from "./main.ts";
export {
  formatKernels,
  formatSuite,
  kernelCoverage,
  suiteJSON,
} from "./report.ts";
export {
  runScaling,
  type ScalingOptions,
  type ScalingPoint,
  type ScalingResult,
  scalingSweep,
} from "./scaling.ts";
export {
  runSuite,
  type SuiteCase,
  type SuiteOptions,
  type SuiteResult,
  type SuiteRow,
} from "./suite.ts";

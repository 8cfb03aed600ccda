/**
 * The results of the scaling sweep, apart from the sweep, so that the plot
 * (`svg.ts`) and the sweep (`scaling.ts`) both import them and not each
 * other.
 *
 * @module
 */
import type { LogLogFit } from "./fit.ts";

/** One network of the sweep. */
export interface ScalingPoint {
  /** Layer sizes. */
  sizes: number[];
  /** Parameter count. */
  params: number;
  /** One backprop pass (warm mean), ms. */
  backpropMs: number;
  /** The full forward-difference gradient, ms. */
  numericMs: number;
  /** Whether `numericMs` is extrapolated from sampled entries. */
  extrapolated: boolean;
  /** numericMs / backpropMs. */
  speedup: number;
}

/** The sweep and its fits. */
export interface ScalingResult {
  /** The points, smallest first. */
  points: ScalingPoint[];
  /** Fit of backprop time against parameters (points with ≥ 1,000). */
  backprop: LogLogFit;
  /** Fit of numeric time against parameters (points with ≥ 1,000). */
  numeric: LogLogFit;
}

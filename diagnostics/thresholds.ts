/**
 * The numbers behind the diagnostics and the doctor's findings, in one
 * place so that the documentation, the sentences and the tests agree.
 *
 * @module
 */

/** A unit value is saturated when |σ′(z)| is below this fraction of max σ′. */
export const SATURATED_DERIVATIVE = 0.01;

/** The doctor's thresholds. */
export const THRESHOLDS = {
  /** Last hidden layer's ‖∂C/∂b‖ at least this many times the first's. */
  vanishingRatio: 10,
  /** Fraction of a hidden layer's values that are saturated. */
  saturatedLayer: 0.25,
  /** Fraction of ReLU units that output 0 for every row. */
  deadUnits: 0.2,
  /**
   * Output values off by at least 0.5 whose σ′ is below this fraction of
   * its maximum: stuck (the quadratic cost's learning slowdown).
   */
  stuckDerivative: 0.1,
  /** Fraction of output values that are stuck, with the quadratic cost. */
  stuckOutputs: 0.1,
  /** Validation loss at least this fraction above its lowest. */
  overfitRise: 0.05,
  /** ... at least this many epochs after its lowest. */
  overfitEpochs: 3,
  /** An epoch's training loss is "up" when this fraction above the last. */
  lossRise: 0.1,
  /** Fraction of epochs whose loss went up: oscillating. */
  oscillatingShare: 0.25,
  /** The loss ends this many times above its first epoch: exploding. */
  explodingFactor: 2,
} as const;

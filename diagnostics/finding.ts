/**
 * One finding of the doctor: a sentence with the numbers that triggered
 * it and what to try, and what kind it is (so that the same problem seen
 * twice is said once).
 *
 * @module
 */

/** Kinds of finding. */
export type FindingKind =
  | "vanishing"
  | "saturated"
  | "slowdown"
  | "dead"
  | "overfitting"
  | "oscillating"
  | "exploding";

/** A finding: its kind, the layer it is about (if any) and the sentence. */
export interface Finding {
  /** What kind of problem. */
  readonly kind: FindingKind;
  /** The layer (0-based index in `network.layers`), if about one. */
  readonly layer?: number;
  /** The sentence. */
  readonly text: string;
}

/**
 * A number for a sentence: 3 significant digits, no exponent for ordinary
 * sizes.
 *
 * @param v The number.
 * @returns Its text.
 */
export function fmt(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1e6
    ? String(Number(v.toPrecision(3)))
    : v.toExponential(2);
}

/**
 * A fraction as a percentage for a sentence.
 *
 * @param v A fraction in [0, 1].
 * @returns For example `"42%"`.
 */
export function pct(v: number): string {
  return `${Math.round(v * 100)}%`;
}

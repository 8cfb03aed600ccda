/**
 * Independent finite-difference oracles for the tests (not the library's
 * gradcheck module, so the tests do not trust the code they check).
 *
 * @module
 */

/**
 * Central difference (f(x + h) − f(x − h)) / 2h.
 *
 * @param f The function.
 * @param x The point.
 * @param h The step.
 * @returns The estimate of f′(x).
 */
export function centralDiff(
  f: (x: number) => number,
  x: number,
  h = 1e-6,
): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/**
 * Asserts |actual − expected| ≤ atol + rtol·|expected|, with a message
 * naming the case.
 *
 * @param actual The value under test.
 * @param expected The oracle's value.
 * @param tol Absolute and relative tolerance.
 * @param what The case, for the message.
 */
export function assertClose(
  actual: number,
  expected: number,
  tol: { atol?: number; rtol?: number },
  what: string,
): void {
  const limit = (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= limit)) {
    throw new Error(`${what}: got ${actual}, expected ${expected} (±${limit})`);
  }
}

/**
 * Option checks shared by the schedules.
 *
 * @module
 */

/**
 * Checks that an option is a number in an interval.
 *
 * @param schedule The schedule, for messages.
 * @param key The option.
 * @param value Its value.
 * @param ok The test.
 * @param what What the value must be.
 * @returns The value.
 * @throws {RangeError} If the test fails.
 */
export function checkNumber(
  schedule: string,
  key: string,
  value: unknown,
  ok: (v: number) => boolean,
  what: string,
): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new RangeError(
      `Cannot create ${schedule}: option '${key}' must be ${what}, got '${
        String(value)
      }'`,
    );
  }
  return value;
}

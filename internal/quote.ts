/**
 * Quoting helpers for error messages.
 *
 * @module
 */

/**
 * Names quoted and joined for an error message: `'a', 'b', 'c'`.
 *
 * @param names The names.
 * @returns The quoted list.
 */
export function quoteList(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(", ");
}

/**
 * Looks `name` up in a registry, with an error that lists the valid names.
 *
 * @param registry The registry.
 * @param name The name to find.
 * @param kind What the registry holds, for the message ("activation").
 * @returns The entry.
 * @throws {RangeError} If the name is unknown.
 */
export function lookup<T>(
  registry: Readonly<Record<string, T>>,
  name: string,
  kind: string,
): T {
  const found = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (found === undefined) {
    throw new RangeError(
      `Unknown ${kind} '${name}': use one of ${
        quoteList(Object.keys(registry))
      }`,
    );
  }
  return found;
}

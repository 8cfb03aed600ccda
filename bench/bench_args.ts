/**
 * The flags of a benchmark script: `node:util`'s `parseArgs`, except that
 * `--help` prints the usage and a mistyped flag prints what was wrong and
 * the usage (exit 2) instead of a stack trace.
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

/**
 * The usage line of `task` with `options` and their defaults.
 *
 * @param task The `deno task` name.
 * @param options The flags.
 * @returns One line per flag after the first.
 */
function usage(task: string, options: ParseArgsOptionsConfig): string {
  const flags = Object.entries(options).map(([name, o]) =>
    o.type === "boolean"
      ? `  --${name}`
      : `  --${name} VALUE${
        o.default === undefined ? "" : ` (default ${o.default})`
      }`
  );
  return [`Usage: deno task ${task} [flags]`, ...flags].join("\n");
}

/**
 * `Deno.args` parsed against `options`.
 *
 * @param task The `deno task` name, for the usage.
 * @param options The flags, as for `parseArgs`.
 * @returns The flags' values.
 */
export function benchArgs<const O extends ParseArgsOptionsConfig>(
  task: string,
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O }>>["values"] {
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    console.log(usage(task, options));
    Deno.exit(0);
  }
  try {
    return parseArgs({ args: Deno.args, options }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage(task, options)}`);
    Deno.exit(2);
  }
}

/**
 * Exits 2 with what was wrong if any flag is out of its range: the flag,
 * what it must be and the value given.
 *
 * @param task The `deno task` name, for the message.
 * @param values The parsed flags.
 * @param limits Each flag's name, whether its value is in range, and what
 * it must be.
 *
 * @example
 * ```ts
 * import { requireInRange } from "./bench_args.ts";
 *
 * const values = { rounds: "3" };
 * requireInRange("bench:x", values, [["rounds", true, "a whole number"]]);
 * ```
 */
export function requireInRange(
  task: string,
  values: Readonly<Record<string, unknown>>,
  limits: readonly (readonly [string, boolean, string])[],
): void {
  for (const [flag, ok, what] of limits) {
    if (!ok) {
      console.error(
        `${task}: "--${flag}" must be ${what}, not "${values[flag]}"`,
      );
      Deno.exit(2);
    }
  }
}

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

/**
 * The CLI tests' one way to run cli.ts as a user would: a subprocess of
 * the same deno, with this project's config, the given permissions, no
 * stdin and no colour.
 */

const ROOT = new URL("../../", import.meta.url);
const CLI = new URL("cli.ts", ROOT).pathname;
const CONFIG = new URL("deno.json", ROOT).pathname;

/** What a finished run printed and returned. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** How to start it: permissions and where stdout goes. */
export interface CliOptions {
  /** Deno's permission flags. Default `-R -W`. */
  permissions?: string[];
  /** Default "piped". */
  stdout?: "piped" | "null";
}

/** The command for `cli.ts ...args` in `cwd`, to spawn or run. */
export function cliCommand(
  args: string[],
  cwd: string,
  options: CliOptions = {},
): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    // --quiet: on a fresh machine Deno would print its npm downloads on stderr
    args: [
      "run",
      "--quiet",
      "--frozen",
      "--config",
      CONFIG,
      ...(options.permissions ?? ["-R", "-W"]),
      CLI,
      ...args,
    ],
    cwd,
    stdin: "null",
    stdout: options.stdout ?? "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
}

/** Runs `cli.ts ...args` in `cwd` to the end. */
export async function runCli(
  args: string[],
  cwd: string,
  options: CliOptions = {},
): Promise<Run> {
  const out = await cliCommand(args, cwd, options).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
  };
}

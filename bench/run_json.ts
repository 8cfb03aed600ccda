/**
 * Running one benchmark process (ours or a peer's) and reading its result:
 * the last line of its stdout, a JSON object.
 *
 * @module
 */

/**
 * Runs `cmd args` to the end and parses the last line it printed.
 *
 * @typeParam T The result's shape.
 * @param cmd The program.
 * @param args Its arguments.
 * @param env The whole environment to run it with, or the caller's.
 * @returns The parsed object, or undefined (the reason on stderr) if the
 * process failed or printed no JSON object last.
 */
export async function runJson<T>(
  cmd: string,
  args: string[],
  env?: Record<string, string>,
): Promise<T | undefined> {
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
    ...(env ? { env, clearEnv: true } : {}),
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1);
  if (!out.success || !text?.startsWith("{")) {
    console.error(
      `${cmd} ${args.join(" ")} failed:\n${
        new TextDecoder().decode(out.stderr).slice(-2000)
      }`,
    );
    return undefined;
  }
  return JSON.parse(text) as T;
}

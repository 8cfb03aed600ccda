/**
 * Up-front permission checks, so that a run without `-R` or `-W` stops with
 * one clear line before any work, not after a training run.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { UsageError } from "./errors.ts";

/**
 * Makes sure Deno may read `path` (`"read"`) or write files beside it
 * (`"write"`: the folder, since files are written to a temporary file there
 * and renamed). On a terminal Deno's own prompt asks now, before any work.
 *
 * @param kind The access needed.
 * @param path The file to read or write.
 * @throws {UsageError} If access is not granted: the message names the path
 * and the flag to add.
 *
 * @example
 * ```ts
 * import { requireAccess } from "./permissions.ts";
 *
 * requireAccess("read", "examples/iris.csv"); // run with -R: passes
 * ```
 */
export function requireAccess(kind: "read" | "write", path: string): void {
  const target = kind === "write" ? dirname(resolve(path)) : path;
  const descriptor = { name: kind, path: target } as const;
  let { state } = Deno.permissions.querySync(descriptor);
  if (state === "prompt" && Deno.stdin.isTerminal()) {
    state = Deno.permissions.requestSync(descriptor).state;
  }
  if (state !== "granted") {
    const flag = kind === "read" ? "-R" : "-W";
    throw new UsageError(
      `Cannot ${kind} '${path}': Deno was not given ${kind} access; run with ${flag} (as in 'deno run -R -W cli.ts train DATA.csv', or use 'deno task train DATA.csv')`,
    );
  }
}

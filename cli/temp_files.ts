/**
 * The command line's temporary files and the signals that would strand
 * them. While one may exist, SIGINT, SIGTERM and SIGHUP remove it and end
 * the process (exit 128 + the signal's number) instead of killing it
 * mid-write. SIGKILL cannot be caught: a `.backprop-*.tmp` file left by one
 * is safe to delete.
 *
 * @module
 */
import { join } from "node:path";

const temps = new Set<string>();
const SIGNALS = [
  ["SIGINT", 2],
  ["SIGTERM", 15],
  ["SIGHUP", 1],
] as const;
const handlers = SIGNALS.map(([name, number]) => ({
  name,
  handler: () => {
    for (const t of temps) {
      try {
        Deno.removeSync(t);
      } catch { /* not created yet, or already gone */ }
    }
    temps.clear();
    console.error(`Stopped by ${name}: no output file was written`);
    Deno.exit(128 + number);
  },
}));
const canListen = Deno.build.os !== "windows";

/**
 * Names a new temporary file in `folder` and registers it for removal on a
 * signal before it exists, so that no signal can come between its
 * creation and its registration. Create it with `createNew`.
 *
 * @param folder Where the file goes (beside its final name).
 * @returns The path.
 */
export function newTempPath(folder: string): string {
  const path = join(
    folder,
    `.backprop-${crypto.randomUUID().slice(0, 13)}.tmp`,
  );
  if (temps.size === 0 && canListen) {
    for (const { name, handler } of handlers) {
      Deno.addSignalListener(name, handler);
    }
  }
  temps.add(path);
  return path;
}

/**
 * Forgets a temporary file (it was renamed into place).
 *
 * @param path The temporary file.
 */
export function untrackTemp(path: string): void {
  temps.delete(path);
  if (temps.size === 0 && canListen) {
    for (const { name, handler } of handlers) {
      Deno.removeSignalListener(name, handler);
    }
  }
}

/**
 * Removes a temporary file, if it is there, and forgets it.
 *
 * @param path The temporary file.
 */
export async function removeTemp(path: string): Promise<void> {
  await Deno.remove(path).catch(() => {});
  untrackTemp(path);
}

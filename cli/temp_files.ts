/**
 * The command line's temporary files and the signals that would strand
 * them. While a temporary file exists, SIGINT, SIGTERM and SIGHUP remove it
 * and end the process (exit 128 + the signal's number) instead of killing
 * it mid-write. SIGKILL cannot be caught: a `.backprop-*.tmp` file left by
 * one is safe to delete.
 *
 * @module
 */

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
      } catch { /* already gone */ }
    }
    temps.clear();
    console.error(`Stopped by ${name}: no output file was written`);
    Deno.exit(128 + number);
  },
}));
const canListen = Deno.build.os !== "windows";

/**
 * Registers a temporary file for removal on a signal.
 *
 * @param path The temporary file.
 */
export function trackTemp(path: string): void {
  if (temps.size === 0 && canListen) {
    for (const { name, handler } of handlers) {
      Deno.addSignalListener(name, handler);
    }
  }
  temps.add(path);
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
 * Removes a temporary file, if still there, and forgets it.
 *
 * @param path The temporary file.
 */
export async function removeTemp(path: string): Promise<void> {
  await Deno.remove(path).catch(() => {});
  untrackTemp(path);
}

/**
 * Peak resident set size of this process, for the benchmark reports.
 *
 * @module
 */

/**
 * Reads `VmHWM` from `/proc/self/status` (Linux); elsewhere the current RSS.
 *
 * @returns Peak RSS in MiB.
 */
export function peakRssMb(): number {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) / 1024;
  } catch {
    // not Linux: fall back below
  }
  return Deno.memoryUsage().rss / 2 ** 20;
}

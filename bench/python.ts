/**
 * Finding the Python peers for the benchmarks.
 *
 * @module
 */

/**
 * python3 with the given module: Debian's first (its numpy has OpenBLAS),
 * then PATH's.
 *
 * @param module The module to import.
 * @returns The interpreter, or undefined.
 */
export async function findPython(
  module = "numpy",
): Promise<string | undefined> {
  for (const py of ["/usr/bin/python3", "python3"]) {
    try {
      const ok = await new Deno.Command(py, {
        args: ["-c", `import ${module}`],
        stdout: "null",
        stderr: "null",
      }).output();
      if (ok.success) return py;
    } catch {
      // not installed
    }
  }
  return undefined;
}

/**
 * The environment for OpenBLAS on `threads` threads (undefined: its
 * default), with its own choice of kernel for this CPU.
 *
 * @param threads Thread count, or undefined for the library's default.
 * @returns The environment.
 */
export function numpyEnv(threads?: number): Record<string, string> {
  const env = Deno.env.toObject();
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  delete env.OPENBLAS_NUM_THREADS;
  delete env.OMP_NUM_THREADS;
  return threads === undefined
    ? env
    : { ...env, OPENBLAS_NUM_THREADS: String(threads) };
}

/**
 * Atomic file writes: a temporary file in the same folder, then a rename.
 *
 * @module
 */
import { dirname, resolve } from "node:path";

/**
 * Writes `text` to `path` through a temporary file in the same folder and a
 * rename, so a failure never leaves a half-written file behind.
 *
 * @param path Where to write.
 * @param text The contents.
 * @returns Resolves when the file is in place.
 */
export async function writeTextAtomic(
  path: string,
  text: string,
): Promise<void> {
  const target = resolve(path);
  const temp = await Deno.makeTempFile({
    dir: dirname(target),
    prefix: ".backprop-",
    suffix: ".tmp",
  });
  try {
    await Deno.writeTextFile(temp, text);
    await Deno.rename(temp, target);
  } catch (e) {
    await Deno.remove(temp).catch(() => {});
    throw e;
  }
}

/**
 * Writing a command's outputs all or nothing: every file goes to a
 * temporary file in its folder first; only when all are complete are they
 * renamed into place. A failure or a caught signal removes the temporary
 * files.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { newTempPath, removeTemp, untrackTemp } from "./temp_files.ts";

/** A file to write and its contents. */
export interface OutputFile {
  /** Where it goes. */
  path: string;
  /** Its text. */
  text: string;
}

/** Bytes written per call, so that a signal is seen mid-file. */
const CHUNK = 1 << 20;

/**
 * Writes every file through a temporary file and a rename, renaming only
 * once all are written.
 *
 * @param files The files.
 * @returns Resolves when all are in place.
 */
export async function writeOutputs(
  files: readonly OutputFile[],
): Promise<void> {
  const temps: string[] = [];
  try {
    for (const { path } of files) {
      const temp = newTempPath(dirname(resolve(path)));
      temps.push(temp);
      (await Deno.open(temp, { createNew: true, write: true, mode: 0o600 }))
        .close();
    }
    for (const [i, { path, text }] of files.entries()) {
      await writeChunked(temps[i]!, new TextEncoder().encode(text));
      // a replaced file keeps its mode; a new one is rw-r--r-- (temporary
      // files are created rw-------)
      const old = await Deno.stat(path).catch(() => undefined);
      await Deno.chmod(temps[i]!, (old?.mode ?? 0o644) & 0o777);
    }
    for (const [i, { path }] of files.entries()) {
      await Deno.rename(temps[i]!, resolve(path));
      untrackTemp(temps[i]!);
      temps[i] = "";
    }
  } finally {
    for (const t of temps) if (t !== "") await removeTemp(t);
  }
}

async function writeChunked(path: string, bytes: Uint8Array): Promise<void> {
  const file = await Deno.open(path, { write: true, truncate: true });
  try {
    for (let at = 0; at < bytes.length; at += CHUNK) {
      let chunk = bytes.subarray(at, Math.min(at + CHUNK, bytes.length));
      while (chunk.length > 0) chunk = chunk.subarray(await file.write(chunk));
    }
  } finally {
    file.close();
  }
}

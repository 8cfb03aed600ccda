/**
 * Files through `node:fs/promises`, the file API that Deno, Node (≥ 20) and
 * Bun share. The module is imported on first use, so a page that imports
 * `io` only to parse a dropped file never loads it.
 *
 * @module
 */

type Fs = typeof import("node:fs/promises");
let fsModule: Promise<Fs> | undefined;

function fs(): Promise<Fs> {
  return fsModule ??= import("node:fs/promises").catch((e) => {
    fsModule = undefined;
    throw new TypeError(
      "Cannot read or write files here: this runtime has no 'node:fs/promises' (Deno, Node and Bun have it); in a browser, give parseCsv a File, Blob or fetch body, and use Network.fromJSON for models",
      { cause: e },
    );
  });
}

/** Bytes per chunk when a file is streamed. */
const CHUNK = 65536;

/** What {@linkcode statFile} reports. */
export interface FileInfo {
  /** Size in bytes. */
  size: number;
  /** Whether the path is a directory. */
  isDirectory: boolean;
  /** Whether the path is a regular file (not a folder, device, FIFO or socket). */
  isFile: boolean;
  /** Whether the path is a character or block device or a socket. */
  isDevice: boolean;
}

/**
 * Size and kind of a file.
 *
 * @param path The file.
 * @returns Its size and whether it is a directory.
 * @throws {Error} `Deno.errors.NotFound` under Deno, else an Error with
 * `code` `"ENOENT"`, if the path does not exist.
 */
export async function statFile(path: string): Promise<FileInfo> {
  const { stat } = await fs();
  const info = await stat(path).catch((e) => rethrow(e, path));
  return {
    size: info.size,
    isDirectory: info.isDirectory(),
    isFile: info.isFile(),
    isDevice: info.isCharacterDevice() || info.isBlockDevice() ||
      info.isSocket(),
  };
}

/**
 * A file's bytes as a web stream, read one chunk at a time.
 *
 * @param path The file.
 * @returns The stream; the file closes when it ends or is cancelled.
 */
export async function readFileStream(
  path: string,
): Promise<ReadableStream<Uint8Array>> {
  const { open } = await fs();
  const handle = await open(path, "r").catch((e) => rethrow(e, path));
  return new ReadableStream<Uint8Array>({
    async pull(controller): Promise<void> {
      const buffer = new Uint8Array(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) {
        await handle.close();
        controller.close();
      } else controller.enqueue(buffer.subarray(0, bytesRead));
    },
    async cancel(): Promise<void> {
      await handle.close();
    },
  });
}

/**
 * A whole text file.
 *
 * @param path The file.
 * @returns Its text (UTF-8).
 */
export async function readTextFile(path: string): Promise<string> {
  const { readFile } = await fs();
  return await readFile(path, "utf8").catch((e) => rethrow(e, path));
}

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
  const { open, rename, rm } = await fs();
  const suffix = Array.from(
    crypto.getRandomValues(new Uint8Array(6)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  const temp = `${dirname(path)}/.backprop-${suffix}.tmp`;
  const handle = await open(temp, "wx");
  try {
    await handle.writeFile(text, "utf8");
    await handle.close();
    await rename(temp, path);
  } catch (e) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw e;
  }
}

/** The folder of a path, without node:path (`"."` for a bare name). */
function dirname(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (cut < 0) return ".";
  return cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

/**
 * A missing file as the runtime's own "not found" error (Deno's
 * `Deno.errors.NotFound`, which the CLI reports in one line), with the
 * `ENOENT` code that Node and Bun use.
 */
function rethrow(e: unknown, path: string): never {
  if ((e as { code?: string }).code !== "ENOENT") throw e;
  // deno-lint-ignore no-explicit-any
  const deno = (globalThis as any).Deno;
  const NotFound: ErrorConstructor = deno?.errors?.NotFound ?? Error;
  const error = new NotFound(
    `Cannot read '${path}': no such file; check the path`,
    { cause: e },
  );
  Object.assign(error, { code: "ENOENT" });
  throw error;
}

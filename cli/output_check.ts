/**
 * Checks of the files a command will write, made before any data is read:
 * the name, the folder, and what is there now. No output may replace a file
 * the same command reads; an existing file that is not one of ours needs
 * `--force`; folders, devices, FIFOs and sockets are never replaced.
 *
 * @module
 */
import { basename, dirname, resolve } from "node:path";
import { UsageError } from "./errors.ts";
import { newTempPath, removeTemp } from "./temp_files.ts";

/** A file a command writes. */
export interface Output {
  /** The flag that names it, for messages (`--out`). */
  flag: string;
  /** The path as the user gave it. */
  path: string;
  /**
   * Whether an existing file's first and last bytes show it to be a file
   * this command writes (a model, a plot, predictions), which may be
   * replaced without `--force`.
   */
  isOurs: (head: string, tail: string) => boolean;
}

/** Most file systems allow names of at most this many bytes. */
export const MAX_NAME_BYTES = 255;
/** Linux's PATH_MAX. */
const MAX_PATH_BYTES = 4095;

/**
 * Checks every output against the inputs and the file system.
 *
 * @param outputs The files to write.
 * @param inputs The files the command reads (missing ones are skipped).
 * @param force Whether `--force` was given.
 * @throws {UsageError} On a bad name, a missing or unwritable folder, an
 * output that is an input, a folder or a special file, two outputs with
 * one path, or an existing file that is not ours without `--force`.
 */
export async function checkOutputs(
  outputs: readonly Output[],
  inputs: readonly string[],
  force: boolean,
): Promise<void> {
  const read = new Map<string, string>();
  for (const path of inputs) {
    const s = await Deno.stat(path).catch(() => undefined);
    if (s?.ino != null) read.set(`${s.dev}:${s.ino}`, path);
  }
  const seen = new Map<string, string>();
  for (const out of outputs) {
    checkName(out);
    await checkExisting(out, read, force);
    await checkFolder(out);
    const key = resolve(out.path);
    const other = seen.get(key);
    if (other !== undefined) {
      throw new UsageError(
        `Cannot write ${out.flag} '${out.path}': ${other} writes the same file; give each output its own path`,
      );
    }
    seen.set(key, out.flag);
  }
}

function checkName(out: Output): void {
  const { flag, path } = out;
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  if (path.trim() === "") {
    throw new UsageError(`Flag '${flag}' needs a file name, got '${path}'`);
  }
  // deno-lint-ignore no-control-regex
  const control = /[\x00-\x1f\x7f]/.exec(path);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(2, "0");
    throw new UsageError(
      `Cannot write ${flag} '${
        JSON.stringify(path).slice(1, -1)
      }': the name has a control character (0x${code}); use printable characters`,
    );
  }
  const name = basename(path);
  if (path.endsWith("/") || name === "." || name === "..") {
    throw new UsageError(
      `Cannot write ${flag} '${path}': it names a folder; give a file name such as '${
        path.replace(/\/*$/, "")
      }/model.json'`,
    );
  }
  if (bytes(name) > MAX_NAME_BYTES) {
    throw new UsageError(
      `Cannot write ${flag} '${shorten(path)}': the file name is ${
        bytes(name)
      } bytes long but file systems allow ${MAX_NAME_BYTES}; use a shorter name`,
    );
  }
  if (bytes(resolve(path)) > MAX_PATH_BYTES) {
    throw new UsageError(
      `Cannot write ${flag} '${
        shorten(path)
      }': the path is longer than ${MAX_PATH_BYTES} bytes; use a shorter path`,
    );
  }
}

function shorten(path: string): string {
  return path.length > 60 ? `${path.slice(0, 28)}...${path.slice(-28)}` : path;
}

/** The output's folder must exist, be a folder and take a new file. */
async function checkFolder(out: Output): Promise<void> {
  const folder = dirname(resolve(out.path));
  const shown = dirname(out.path);
  const fail = (why: string): never => {
    throw new UsageError(`Cannot write ${out.flag} '${out.path}': ${why}`);
  };
  let stat: Deno.FileInfo;
  try {
    stat = await Deno.stat(folder);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      return fail(`folder '${shown}' does not exist; create it first`);
    }
    if (e instanceof Deno.errors.NotCapable) {
      return fail(
        `cannot write in system folder '${shown}'; choose another folder`,
      );
    }
    if (e instanceof Deno.errors.NotADirectory) {
      return fail(
        `'${await firstFile(folder) ?? shown}' is a file, not a folder`,
      );
    }
    return fail(`cannot open folder '${shown}' (${osReason(e)})`);
  }
  if (!stat.isDirectory) fail(`'${shown}' is a file, not a folder`);
  // The one sure test of "can I create a file here": create one.
  const probe = newTempPath(folder);
  try {
    (await Deno.open(probe, { createNew: true, write: true })).close();
  } catch (e) {
    return fail(
      `cannot create files in folder '${shown}' (${
        osReason(e)
      }); choose another folder`,
    );
  } finally {
    await removeTemp(probe);
  }
}

/** The first component of `path` that exists and is not a folder. */
async function firstFile(path: string): Promise<string | undefined> {
  const parts = path.split("/");
  for (let i = 2; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    const s = await Deno.stat(prefix).catch(() => undefined);
    if (s && !s.isDirectory) return prefix;
  }
  return undefined;
}

async function checkExisting(
  out: Output,
  inputs: ReadonlyMap<string, string>,
  force: boolean,
): Promise<void> {
  const { flag, path } = out;
  const fail = (why: string): never => {
    throw new UsageError(`Cannot write ${flag} '${path}': ${why}`);
  };
  // Deno asks for --allow-all to look at /proc, /dev/stdout and the like
  const system = () =>
    fail("it is a device or a system path; give a file name");
  const look = (f: (p: string) => Promise<Deno.FileInfo>) =>
    f(path).catch((e) =>
      e instanceof Deno.errors.NotCapable ? system() : undefined
    );
  const link = await look(Deno.lstat);
  if (link === undefined) return; // a new file
  const target = await look(Deno.stat);
  if (target?.ino != null) {
    const input = inputs.get(`${target.dev}:${target.ino}`);
    if (input !== undefined) {
      fail(
        `it is ${
          input === path ? "" : `the same file as '${input}', `
        }an input of this command; choose another name`,
      );
    }
  }
  if (target?.isDirectory) {
    fail(`it is a folder; give a file name inside it`);
  }
  if (target !== undefined && !target.isFile) {
    fail(
      `it is a device, FIFO or socket, not a regular file; outputs are written to a new file and renamed, so give a file name`,
    );
  }
  if (force) return;
  if (link.isSymlink) {
    fail(
      `it is a symbolic link; add --force to replace the link (its target is left alone)`,
    );
  }
  // a file we cannot read is not known to be ours
  const { head, tail } = await ends(path).catch(() => ({ head: "", tail: "" }));
  if (!out.isOurs(head, tail)) {
    fail(
      `the file exists and was not written by this command; add --force to replace it`,
    );
  }
}

/** The first and last 512 bytes of a regular file, as text. */
async function ends(path: string): Promise<{ head: string; tail: string }> {
  const file = await Deno.open(path);
  try {
    const size = (await file.stat()).size;
    const read = async (at: number): Promise<string> => {
      const buf = new Uint8Array(Math.min(512, size));
      await file.seek(at, Deno.SeekMode.Start);
      let n = 0;
      while (n < buf.length) {
        const got = await file.read(buf.subarray(n));
        if (got === null) break;
        n += got;
      }
      return new TextDecoder().decode(buf.subarray(0, n));
    };
    return { head: await read(0), tail: await read(Math.max(0, size - 512)) };
  } finally {
    file.close();
  }
}

/**
 * An OS error's reason without Deno's "(os error N)" and call details.
 *
 * @param e The error.
 * @returns The reason, in lower case.
 *
 * @example
 * ```ts
 * import { osReason } from "./output_check.ts";
 * import assert from "node:assert/strict";
 *
 * const e = new Error("Permission denied (os error 13): open '/x/.tmp'");
 * assert.equal(osReason(e), "permission denied");
 * ```
 */
export function osReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/\s*\(os error \d+\).*$/s, "").replace(/:.*$/s, "")
    .trim().toLowerCase();
}

/**
 * Checks of the files a command reads, by their type alone (nothing is
 * read), made before the outputs are checked, so that a missing or wrong
 * input is the first thing reported.
 *
 * @module
 */

/**
 * Checks that `path` exists and is a file or a pipe.
 *
 * @param path The input file.
 * @param what What it is, for the message ("model", or "" for data).
 * @throws {Deno.errors.NotFound} If it does not exist.
 * @throws {TypeError} If it is a folder, a device or a socket.
 */
export async function checkInput(path: string, what = ""): Promise<void> {
  const name = what ? `${what} '${path}'` : `'${path}'`;
  const info = await Deno.stat(path).catch((e) => {
    if (e instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot read ${name}: no such file; check the path`,
      );
    }
    if (e instanceof Deno.errors.NotCapable) {
      throw new TypeError(
        `Cannot read ${name}: it is a system path; give a file`,
      );
    }
    throw e;
  });
  if (info.isDirectory) {
    throw new TypeError(`Cannot read ${name}: it is a directory; give a file`);
  }
  if (info.isCharDevice || info.isBlockDevice || info.isSocket) {
    throw new TypeError(
      `Cannot read ${name}: it is a device or socket, not a file; give a file`,
    );
  }
}

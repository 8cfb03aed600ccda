/**
 * Saving and loading models as JSON files.
 *
 * @module
 */
import { readTextFile, statFile, writeTextAtomic } from "../io/fs.ts";
import { type FromJSONOptions, Network } from "../network/network.ts";
import { checkModelSizes } from "./validate.ts";

/**
 * Writes `network.toJSON()` to `path`, through a temporary file in the same
 * folder and a rename, so a failure never leaves a half-written model.
 *
 * @param network The network.
 * @param path Where to write.
 * @returns Resolves when the file is in place.
 *
 * @example
 * ```ts
 * import { saveModel, loadModel } from "./save_load.ts";
 * import { mlp } from "../network/mlp.ts";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * const net = mlp([2, 2, 1], { seed: 3 });
 * await saveModel(net, path);
 * const back = await loadModel(path);
 * assert.deepEqual(back.predict([[1, 2]]), net.predict([[1, 2]]));
 * await Deno.remove(path);
 * ```
 */
export async function saveModel(network: Network, path: string): Promise<void> {
  await writeTextAtomic(path, JSON.stringify(network.toJSON()) + "\n");
}

/**
 * Reads a model written by {@linkcode saveModel}, validating every field.
 *
 * @param path The file.
 * @param options User-defined layer types and costs.
 * @returns The network, with its `metadata`.
 * @throws {Deno.errors.NotFound} If the file does not exist (under Node and
 * Bun, an Error with code "ENOENT").
 * @throws {TypeError} If the file is not a valid model, or claims sizes its
 * numbers do not back (checked before anything is allocated); the message
 * names the file and the bad field.
 */
export async function loadModel(
  path: string,
  options: FromJSONOptions = {},
): Promise<Network> {
  const info = await statFile(path);
  if (!info.isFile) {
    throw new TypeError(
      `Cannot load model '${path}': it is ${
        info.isDirectory ? "a directory" : "a device, FIFO or socket"
      }, not a file; give the model's JSON file`,
    );
  }
  const text = await readTextFile(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TypeError(
      `Cannot load model '${path}': the file is not valid JSON (${
        (e as Error).message
      })`,
      {
        cause: e,
      },
    );
  }
  // Sizes the file claims are checked against its numbers before any
  // allocation (a 4 KB file must not make us allocate gigabytes).
  checkModelSizes(json, path);
  try {
    return Network.fromJSON(json, options);
  } catch (e) {
    throw new TypeError(`${(e as Error).message} (in '${path}')`, { cause: e });
  }
}

/**
 * Checkpoint files: a model with its training position, written atomically
 * and read back ready to resume.
 *
 * @module
 */
import { readTextFile, writeTextAtomic } from "../io/fs.ts";
import { type FromJSONOptions, Network } from "../network/network.ts";
import { type Checkpoint, TRAINING_FORMAT } from "../network/model_json.ts";

/** What {@linkcode loadCheckpoint} gives back. */
export interface LoadedCheckpoint {
  /** The network, with the checkpoint's weights. */
  network: Network;
  /** The checkpoint, for `train`'s `resume` option. */
  checkpoint: Checkpoint;
}

/**
 * Writes a checkpoint from `onCheckpoint` to `path`, through a temporary
 * file in the same folder and a rename, so the file is always a whole
 * checkpoint (the new one or the one before).
 *
 * @param checkpoint The checkpoint.
 * @param path Where to write.
 * @returns Resolves when the file is in place.
 *
 * @example Write every epoch's checkpoint, then resume from the file
 * ```ts
 * import { loadCheckpoint, saveCheckpoint } from "./checkpoint_file.ts";
 * import { mlp } from "../network/mlp.ts";
 * import { trainAsync } from "../network/train_async.ts";
 * import { Momentum } from "../optimizers/momentum.ts";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * const data = { x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [[0], [1], [1], [0]] };
 * const options = () => ({ epochs: 6, batchSize: 2, optimizer: new Momentum({ learningRate: 0.5 }) });
 * const straight = mlp([2, 3, 1], { seed: 4 });
 * await trainAsync(straight, data, options());
 *
 * await trainAsync(mlp([2, 3, 1], { seed: 4 }), data, {
 *   ...options(),
 *   onCheckpoint: (c) => saveCheckpoint(c, path),
 *   onEpoch: (s) => s.epoch < 2, // stopped after epoch 2
 * });
 * const { network, checkpoint } = await loadCheckpoint(path);
 * await trainAsync(network, data, { ...options(), resume: checkpoint });
 * assert.deepEqual(network.params.map((p) => p.value), straight.params.map((p) => p.value));
 * await Deno.remove(path);
 * ```
 */
export async function saveCheckpoint(
  checkpoint: Checkpoint,
  path: string,
): Promise<void> {
  await writeTextAtomic(path, JSON.stringify(checkpoint) + "\n");
}

/**
 * Reads a checkpoint written by {@linkcode saveCheckpoint}: the network
 * with its weights, and the checkpoint to pass as `resume`.
 *
 * @param path The file.
 * @param options User-defined layer types, costs and activations.
 * @returns The network and the checkpoint.
 * @throws {Deno.errors.NotFound} If the file does not exist.
 * @throws {TypeError} If the file is not a checkpoint; the message names
 * the file.
 */
export async function loadCheckpoint(
  path: string,
  options: FromJSONOptions = {},
): Promise<LoadedCheckpoint> {
  const bad = (what: string, cause?: unknown): never => {
    throw new TypeError(`Cannot load checkpoint '${path}': ${what}`, {
      cause,
    });
  };
  let json: unknown;
  try {
    json = JSON.parse(await readTextFile(path));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return bad("the file is not valid JSON; was it cut short?", e);
  }
  const training = (json as Partial<Checkpoint> | null)?.training;
  if (training?.format !== TRAINING_FORMAT) {
    return bad(
      "it has no training position (a model saved by saveModel cannot be resumed)",
    );
  }
  try {
    return {
      network: Network.fromJSON(json, options),
      checkpoint: json as Checkpoint,
    };
  } catch (e) {
    return bad((e as Error).message, e);
  }
}

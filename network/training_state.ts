/**
 * The training position of a checkpoint: checks on resume, before anything
 * is changed.
 *
 * @module
 */
import { Network } from "./network.ts";
import {
  type Checkpoint,
  TRAINING_FORMAT,
  TRAINING_VERSION,
  type TrainingJSON,
} from "./model_json.ts";
import type { EpochStats } from "./train_options.ts";

/** What a run must agree on with the checkpoint it resumes. */
export interface RunShape {
  /** n. */
  trainingSize: number;
  /** m as given. */
  batchSize: number;
  /** Planned epochs. */
  epochs: number;
  /** The seed. */
  seed: number;
  /** Whether rows are shuffled. */
  shuffle: boolean;
}

/** The checked position, ready to apply. */
export interface ResumePoint {
  /** The training part. */
  training: TrainingJSON;
  /** The order as typed array. */
  order: Uint32Array;
  /** The history so far. */
  history: EpochStats[];
}

/**
 * Checks a checkpoint (or its `training` field) against the run that is to
 * continue it, and loads a full checkpoint's weights into the network.
 *
 * @param resume What `train`'s `resume` option holds.
 * @param network The network to continue training.
 * @param run The run's shape.
 * @returns The checked position.
 * @throws {TypeError} If the checkpoint is malformed or belongs to another
 * run; the message names the field and what to do.
 */
export function checkResume(
  resume: unknown,
  network: Network,
  run: RunShape,
): ResumePoint {
  const bad = (what: string): never => {
    throw new TypeError(`Cannot resume training: ${what}`);
  };
  if (typeof resume !== "object" || resume === null) {
    return bad("option 'resume' must be a checkpoint object");
  }
  const full = "training" in resume;
  const t = (full ? (resume as Checkpoint).training : resume) as
    & Partial<Record<keyof TrainingJSON, unknown>>
    & object;
  if (typeof t !== "object" || t === null || t.format !== TRAINING_FORMAT) {
    bad(
      `the checkpoint has no training position (field 'training.format' must be '${TRAINING_FORMAT}'); was it saved by 'saveModel' rather than 'onCheckpoint'?`,
    );
  }
  if (t.version !== TRAINING_VERSION) {
    bad(
      `the training position has version '${
        String(t.version)
      }' but this library reads version ${TRAINING_VERSION}`,
    );
  }
  const nonNegative = (key: keyof TrainingJSON): number => {
    const v = t[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      bad(`field '${key}' must be a non-negative integer, got '${String(v)}'`);
    }
    return v as number;
  };
  const epoch = nonNegative("epoch");
  nonNegative("step");
  const same = (key: keyof RunShape, what: string): void => {
    if (t[key] !== run[key]) {
      bad(
        `the checkpoint was made with ${what} '${
          String(t[key])
        }' but this run has '${
          run[key]
        }'; resume with the same data and options`,
      );
    }
  };
  same("trainingSize", "training rows");
  same("batchSize", "batchSize");
  same("seed", "seed");
  same("shuffle", "shuffle");
  if (epoch > run.epochs) {
    bad(
      `the checkpoint is at epoch ${epoch} but this run has only ${run.epochs} epochs`,
    );
  }
  const order = t.order;
  const seen = new Uint8Array(run.trainingSize);
  if (
    !Array.isArray(order) || order.length !== run.trainingSize ||
    !order.every((i) =>
      Number.isInteger(i) && i >= 0 && i < seen.length &&
      (seen[i] = seen[i]! + 1) === 1
    )
  ) {
    bad(`field 'order' must be a permutation of the ${run.trainingSize} rows`);
  }
  if (!Array.isArray(t.history) || t.history.length !== epoch) {
    bad(`field 'history' must hold one entry per epoch done (${epoch})`);
  }
  if (!Array.isArray(t.layers) || t.layers.length !== network.layers.length) {
    bad(
      `field 'layers' must hold one entry per layer (${network.layers.length})`,
    );
  }
  if (full) loadWeights(resume as Checkpoint, network, bad);
  return {
    training: t as TrainingJSON,
    order: Uint32Array.from(order as number[]),
    history: (t.history as EpochStats[]).map((s) => ({ ...s })),
  };
}

/** Copies a full checkpoint's weights into the network, checking shapes. */
function loadWeights(
  checkpoint: Checkpoint,
  network: Network,
  bad: (what: string) => never,
): void {
  let saved: Network;
  try {
    saved = Network.fromJSON(checkpoint);
  } catch (e) {
    return bad(
      `${
        (e as Error).message
      }; for user-defined layers, pass the checkpoint's 'training' field and load the weights yourself`,
    );
  }
  const mine = network.params, theirs = saved.params;
  if (
    mine.length !== theirs.length ||
    mine.some((p, i) => p.value.length !== theirs[i]!.value.length)
  ) {
    bad(
      "the checkpoint's layers do not fit the network (another architecture); build the network the checkpoint was made from, or load it with Network.fromJSON",
    );
  }
  mine.forEach((p, i) => p.value.set(theirs[i]!.value));
}

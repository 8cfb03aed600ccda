/**
 * `train --checkpoint FILE --checkpoint-every N` and `train --resume FILE`:
 * the flags, the checkpoint file (the model, the training position, and the
 * run's settings with a fingerprint of its training rows), and the checks
 * that a resumed run is the run that wrote the checkpoint.
 *
 * @module
 */
import { resolve } from "node:path";
import type { FlagReader, FlagSpecs } from "./args.ts";
import { UsageError } from "./errors.ts";
import { requireAccess } from "./permissions.ts";
import type { Settings } from "./train_settings.ts";
import type { Matrix } from "../tensor/matrix.ts";
import type { Checkpoint } from "../network/model_json.ts";
import { writeOutputs } from "./write_outputs.ts";

/** The checkpoint flags of `train`. */
export const CHECKPOINT_FLAGS: FlagSpecs = {
  checkpoint: {
    type: "string",
    value: "FILE",
    help:
      "write a resumable checkpoint (atomically) every --checkpoint-every epochs",
  },
  "checkpoint-every": {
    type: "string",
    value: "N",
    help: "epochs between checkpoints",
    default: "1",
  },
  resume: {
    type: "string",
    value: "FILE",
    help:
      "continue the run that wrote this checkpoint (give the same data and flags)",
  },
};

/** The checkpoint settings of a run. */
export interface CheckpointSettings {
  /** Where to write checkpoints. */
  checkpoint: string | undefined;
  /** Epochs between checkpoints. */
  every: number;
  /** The checkpoint to continue. */
  resume: string | undefined;
}

/** What the CLI stores in a checkpoint's metadata to check a resume. */
interface RunRecord {
  settings: Record<string, unknown>;
  fingerprint: string;
}

/** The settings that may differ between a run and its resumption. */
const FREE = new Set([
  "data",
  "test",
  "out",
  "plot",
  "json",
  "epochs",
  // any thread count computes the same bits
  "threads",
]);

/**
 * Reads the checkpoint flags and checks their paths.
 *
 * @param f The parsed flags.
 * @param s The other settings, for path clashes.
 * @returns The checkpoint settings.
 * @throws {UsageError} On a bad value, a path that clashes with another
 * file of the run, or missing access.
 */
export function readCheckpointSettings(
  f: FlagReader,
  s: Settings,
): CheckpointSettings {
  const checkpoint = f.string("checkpoint", undefined);
  const resumeFrom = f.string("resume", undefined);
  if (f.has("checkpoint-every") && checkpoint === undefined) {
    throw new UsageError(
      "Flag '--checkpoint-every' needs '--checkpoint FILE' to say where",
    );
  }
  if (checkpoint !== undefined) {
    const others = [s.data, s.test, s.out, s.plot];
    const clash = others.find((p) =>
      p !== undefined && resolve(p) === resolve(checkpoint)
    );
    if (clash !== undefined) {
      throw new UsageError(
        `Flag '--checkpoint' names '${checkpoint}', which this run also uses as '${clash}'; give the checkpoint its own file`,
      );
    }
    requireAccess("write", checkpoint);
  }
  if (resumeFrom !== undefined) requireAccess("read", resumeFrom);
  return {
    checkpoint,
    every: f.positiveInt("checkpoint-every", 1),
    resume: resumeFrom,
  };
}

/**
 * Reads a checkpoint file and checks that it was written by a run with
 * these settings.
 *
 * @param path The file.
 * @param s The run's settings.
 * @returns The checkpoint.
 * @throws {TypeError} If the file is not a checkpoint (exit 1).
 * @throws {UsageError} If a flag differs from the checkpoint's run (exit 2).
 */
export async function readCheckpoint(
  path: string,
  s: Settings,
): Promise<Checkpoint> {
  const bad = (what: string): never => {
    throw new TypeError(`Cannot resume from '${path}': ${what}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return bad("the file is not valid JSON; was it cut short or edited?");
  }
  const c = json as Partial<Checkpoint> | null;
  const run = (c?.metadata as { run?: RunRecord } | undefined)?.run;
  if (
    typeof c !== "object" || c === null || typeof c.training !== "object" ||
    typeof run?.fingerprint !== "string" || typeof run.settings !== "object"
  ) {
    return bad(
      "it is not a checkpoint written by 'train --checkpoint' (a saved model cannot be resumed)",
    );
  }
  const mine = record(s), theirs = run.settings as Record<string, unknown>;
  for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    if (JSON.stringify(theirs[key]) !== JSON.stringify(mine[key])) {
      throw new UsageError(
        `Cannot resume from '${path}': it was written with ${key} '${
          show(theirs[key])
        }' but this run has '${
          show(mine[key])
        }'; give the same flags as the run that wrote it`,
      );
    }
  }
  return c as Checkpoint;
}

/**
 * Checks that the training rows are those the checkpoint was made on.
 *
 * @param path The checkpoint file, for the message.
 * @param checkpoint The checkpoint.
 * @param rows The training and validation matrices.
 * @throws {TypeError} If they differ.
 */
export function checkRows(
  path: string,
  checkpoint: Checkpoint,
  rows: readonly Matrix[],
): void {
  const run = (checkpoint.metadata as { run: RunRecord }).run;
  if (run.fingerprint !== fingerprint(rows)) {
    throw new TypeError(
      `Cannot resume from '${path}': the training rows differ from those the checkpoint was made on; resume with the same data file`,
    );
  }
}

/**
 * The `onCheckpoint` of a run: writes the checkpoint atomically, with the
 * run's settings and the fingerprint of its rows.
 *
 * @param path Where to write.
 * @param s The run's settings.
 * @param rows The training and validation matrices.
 * @returns The callback.
 */
export function checkpointWriter(
  path: string,
  s: Settings,
  rows: readonly Matrix[],
): (checkpoint: Checkpoint) => Promise<void> {
  const run: RunRecord = {
    settings: record(s),
    fingerprint: fingerprint(rows),
  };
  return async (checkpoint) => {
    const text = JSON.stringify({
      ...checkpoint,
      metadata: { ...checkpoint.metadata, run },
    });
    await writeOutputs([{ path, text: text + "\n" }]);
  };
}

/**
 * Names the checkpoint file in an error from resuming it.
 *
 * @param error What the resumed run threw.
 * @param path The checkpoint file.
 * @returns The error to report.
 */
export function inCheckpoint(error: unknown, path: string): unknown {
  if (
    error instanceof TypeError &&
    error.message.startsWith("Cannot resume training")
  ) {
    return new TypeError(`${error.message} (in '${path}')`, { cause: error });
  }
  return error;
}

function record(s: Settings): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(s).filter(([k, v]) => !FREE.has(k) && v !== undefined),
  );
}

function show(v: unknown): string {
  return v === undefined
    ? "(not given)"
    : Array.isArray(v)
    ? v.join(",")
    : String(v);
}

/** FNV-1a over the 32-bit words of the matrices' values and shapes. */
function fingerprint(rows: readonly Matrix[]): string {
  let h = 0x811c9dc5;
  const mix = (w: number) => (h = Math.imul(h ^ w, 0x01000193) >>> 0);
  for (const m of rows) {
    mix(m.rows);
    mix(m.cols);
    const words = new Uint32Array(
      m.data.buffer,
      m.data.byteOffset,
      m.data.length * 2,
    );
    for (let i = 0; i < words.length; i++) mix(words[i]!);
  }
  return h.toString(16).padStart(8, "0");
}

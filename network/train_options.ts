/**
 * The options and results of `train` and `trainAsync`, and the error of a
 * diverged run.
 *
 * @module
 */
import type { LayerFigures } from "../diagnostics/layer_figures.ts";
import type { Optimizer } from "../optimizers/types.ts";
import type { MatrixLike } from "../tensor/matrix.ts";
import type { LearningRateSchedule } from "../schedules/types.ts";
import type { Checkpoint, TrainingJSON } from "./model_json.ts";

/** Training data: inputs and targets, one row per sample. */
export interface TrainingData {
  /** Inputs, `n x n_in`. */
  x: MatrixLike;
  /** Targets, `n x n_out` (one-hot rows for classification). */
  y: MatrixLike;
}

/** When to stop before the last epoch. */
export interface EarlyStopping {
  /** Stop after this many epochs without improvement. */
  patience: number;
  /**
   * The figure to watch.
   *
   * @default {"validationLoss" if validation data is given, else "loss"}
   */
  monitor?: "loss" | "validationLoss";
  /**
   * How much lower counts as better.
   *
   * @default {0}
   */
  minDelta?: number;
  /**
   * Put back the weights of the best epoch at the end.
   *
   * @default {true}
   */
  restoreBest?: boolean;
}

/** What happened in one epoch. */
export interface EpochStats {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training cost over the epoch's batches (as the weights moved). */
  loss: number;
  /** Training accuracy over the epoch's batches, for classification. */
  accuracy?: number;
  /** Mean cost on the validation data after the epoch. */
  validationLoss?: number;
  /** Accuracy on the validation data after the epoch, for classification. */
  validationAccuracy?: number;
  /** The learning rate of the epoch's last step, when a schedule sets it. */
  learningRate?: number;
  /** Seconds spent in the training pass (shuffle included, evaluation excluded). */
  seconds: number;
  /** Seconds spent evaluating the validation data. */
  evalSeconds: number;
  /**
   * With the `diagnostics` option: one entry per layer with parameters
   * (speed of learning ‖∂C/∂b^l‖, saturation, update ratio, ...).
   */
  layers?: LayerFigures[];
}

/** Options of {@linkcode train}. */
export interface TrainOptions {
  /** Number of passes over the data; a positive integer. */
  epochs: number;
  /** Mini-batch size m; a positive integer. */
  batchSize: number;
  /** How to update the weights. */
  optimizer: Optimizer;
  /**
   * Seed of the shuffles.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Shuffle before every epoch; false keeps the given row order.
   *
   * @default {true}
   */
  shuffle?: boolean;
  /** Data to evaluate after every epoch. */
  validation?: TrainingData;
  /**
   * Called after every mini-batch with the samples done so far in the epoch
   * and the epoch's total (for progress bars).
   */
  onBatch?: (done: number, total: number) => void;
  /**
   * Called after every epoch; return `false` to stop (`trainAsync` also
   * waits for a returned promise).
   */
  onEpoch?: (stats: EpochStats) => void | boolean | Promise<void | boolean>;
  /** Stop when the monitored loss stops improving. */
  earlyStopping?: EarlyStopping;
  /**
   * Report accuracy (argmax of one-hot rows, or a 0.5 threshold for one
   * output). Default: when every target is 0 or 1 (and rows sum to 1 with
   * several outputs).
   */
  classification?: boolean;
  /**
   * Add per-layer figures to every epoch's stats (`layers`), measured on the
   * mini-batches as they train.
   *
   * @default {false}
   */
  diagnostics?: boolean;
  /**
   * Sets the optimizer's learning rate before every step, starting from
   * the rate the optimizer has when the run starts.
   */
  schedule?: LearningRateSchedule;
  /**
   * Called with a resumable {@linkcode Checkpoint} (the model and the
   * training position) after every `checkpointEvery` epochs, after the
   * last epoch, and when early stopping ends the run. `trainAsync` waits
   * for a returned promise (for example a file write).
   */
  onCheckpoint?: (checkpoint: Checkpoint) => void | Promise<void>;
  /**
   * Epochs between checkpoints; a positive integer.
   *
   * @default {1}
   */
  checkpointEvery?: number;
  /**
   * Continue a run from a checkpoint (or its `training` field), with the
   * same data and options as the run that wrote it: the result is the same,
   * bit for bit, as that run left uninterrupted. A full checkpoint's weights
   * are loaded into `network` first. The history returned includes the
   * checkpoint's epochs.
   */
  resume?: Checkpoint | TrainingJSON;
}

/** Thrown when the loss becomes NaN or infinite during training. */
export class TrainingDivergedError extends Error {
  /** The epoch (1-based) in which the loss diverged. */
  readonly epoch: number;

  /**
   * Creates the error.
   *
   * @param epoch The epoch.
   * @param loss The loss seen.
   * @param learningRate The optimizer's η, if it has one.
   */
  constructor(epoch: number, loss: number, learningRate?: number) {
    const lr = learningRate === undefined ? "" : ` (it is '${learningRate}')`;
    super(
      `Training diverged in epoch ${epoch}: the loss became '${loss}'; try a smaller learning rate${lr}`,
    );
    this.name = "TrainingDivergedError";
    this.epoch = epoch;
  }
}

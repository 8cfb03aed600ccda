/**
 * The per-layer figures that `diagnose` returns and that `train(...,
 * { diagnostics: true })` adds to every epoch, and how a layer is read.
 *
 * @module
 */
import type { Activation } from "../activations/types.ts";
import type { Layer } from "../layers/types.ts";
import { Matrix } from "../tensor/matrix.ts";

/** What one layer with parameters is doing. */
export interface LayerFigures {
  /** 0-based index of the layer in `network.layers`. */
  layer: number;
  /** A short description, for example `"784-30 sigmoid"`. */
  name: string;
  /**
   * ‖∂C/∂b^l‖, the norm of the bias gradient of the mean cost over the rows:
   * the book's "speed of learning" of the layer (NaN without a Param `b`).
   */
  biasGradientNorm: number;
  /** ‖∂C/∂W^l‖ (Frobenius) over every Param of the layer but `b`. */
  weightGradientNorm: number;
  /**
   * Fraction of values (rows × units) whose |σ′(z)| is below 1% of σ′'s
   * maximum, for a σ with a bounded range (sigmoid, tanh); else `null`.
   */
  saturation: number | null;
  /**
   * Fraction of units that output 0 for every row, for a σ that is 0 for
   * z < 0 (ReLU); else `null`.
   */
  dead: number | null;
  /** Mean of the layer's activations `A^l`. */
  activationMean: number;
  /** Standard deviation of the layer's activations `A^l`. */
  activationStd: number;
  /**
   * During training only: the mean over the measured steps of
   * ‖ΔW‖/‖W‖, the size of one optimizer step relative to the weights.
   */
  updateRatio?: number;
}

/**
 * The σ of a layer that has one (Dense), found by its shape, not its class.
 *
 * @param layer The layer.
 * @returns Its activation, or undefined.
 */
export function activationOf(layer: Layer): Activation | undefined {
  const act = (layer as { activation?: Partial<Activation> }).activation;
  return act !== undefined && typeof act.derivative === "function" &&
      typeof act.fn === "function"
    ? act as Activation
    : undefined;
}

/**
 * `Z` of the layer's last forward pass, if the layer shows it (Dense).
 *
 * @param layer The layer.
 * @returns `Z`, or undefined.
 */
export function zOf(layer: Layer): Matrix | undefined {
  try {
    const z = (layer as { z?: unknown }).z;
    return z instanceof Matrix ? z : undefined;
  } catch {
    return undefined; // no forward pass yet
  }
}

/**
 * A layer's short name: sizes and σ.
 *
 * @param layer The layer.
 * @returns For example `"784-30 sigmoid"`.
 */
export function layerName(layer: Layer): string {
  const act = (layer as { activation?: { name?: unknown } }).activation?.name;
  const size = `${layer.inputSize}-${layer.outputSize}`;
  return typeof act === "string" ? `${size} ${act}` : size;
}

/**
 * `A = σ(Z)` into `out`, for a layer whose output buffer is not public.
 *
 * @param act σ.
 * @param z `Z`.
 * @param out Receives `A` (same length).
 */
export function activate(
  act: Activation,
  z: Matrix,
  out: Float64Array,
): void {
  if (act.forward) act.forward(z.data, out, z.rows, z.cols);
  else for (let i = 0; i < z.data.length; i++) out[i] = act.fn(z.data[i]!);
}

function addInto(sum: Float64Array, g: Float64Array | Float32Array): void {
  const n = g.length;
  for (let k = 0; k < n; k++) sum[k] = sum[k]! + g[k]!;
}

/**
 * Sums of a layer's parameter gradients over batches: the norm of their
 * mean is the norm of the gradient of the mean cost over those batches
 * (exact when the batches have equal sizes and the weights did not move).
 */
export class GradientSums {
  readonly #params: Layer["params"];
  readonly #sums: Float64Array[];
  #batches = 0;

  /**
   * Creates zero sums for a layer's Params.
   *
   * @param params The layer's Params.
   */
  constructor(params: Layer["params"]) {
    this.#params = params;
    this.#sums = params.map((p) => new Float64Array(p.grad.length));
  }

  /** Adds the Params' current `grad`. */
  add(): void {
    for (let i = 0; i < this.#sums.length; i++) {
      addInto(this.#sums[i]!, this.#params[i]!.grad);
    }
    this.#batches++;
  }

  /** @returns `[‖mean ∂C/∂b‖, ‖mean ∂C/∂(the rest)‖]`. */
  norms(): [bias: number, weights: number] {
    let bias = 0, weights = 0, hasBias = false;
    this.#params.forEach((p, i) => {
      let sq = 0;
      for (const v of this.#sums[i]!) sq += v * v;
      if (p.name === "b") {
        bias += sq;
        hasBias = true;
      } else weights += sq;
    });
    const n = Math.max(1, this.#batches);
    return [hasBias ? Math.sqrt(bias) / n : NaN, Math.sqrt(weights) / n];
  }

  /** Back to zero. */
  reset(): void {
    for (const s of this.#sums) s.fill(0);
    this.#batches = 0;
  }
}

/**
 * Backprop for one training example, exactly as the chapter states it:
 * vectors, not matrices, and the four equations one neuron at a time.
 *
 * @module
 */
import type { Network } from "./network.ts";
import type { Layer } from "../layers/types.ts";
import type { Activation } from "../activations/types.ts";

/** A fully connected layer as the chapter writes it: `a' = σ(w a + b)`. */
interface FullyConnected {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly activation: Activation;
  /** `w`, `n_out x n_in` row-major. */
  readonly w: Float64Array | Float32Array;
  /** `b`, length n_out. */
  readonly b: Float64Array | Float32Array;
}

/**
 * The layer as `σ(w a + b)` if it is one: an activation, and Params `[W, b]`
 * shaped `[n_out, n_in]` and `[n_out]` (Dense, or a user's layer alike).
 */
function fullyConnected(layer: Layer): FullyConnected | undefined {
  const [W, b] = layer.params, nIn = layer.inputSize, nOut = layer.outputSize;
  if (
    layer.activation === undefined || layer.params.length !== 2 ||
    W === undefined || b === undefined || W.shape.length !== 2 ||
    W.shape[0] !== nOut || W.shape[1] !== nIn || b.shape.length !== 1 ||
    b.shape[0] !== nOut
  ) return undefined;
  return {
    inputSize: nIn,
    outputSize: nOut,
    activation: layer.activation,
    w: W.value,
    b: b.value,
  };
}

/** The gradient of `C_x` for one example, per fully connected layer. */
export interface SampleGradient {
  /** `C_x`. */
  loss: number;
  /** `∂C_x/∂w^l_jk`, one `n_out x n_in` row-major array per layer. */
  nablaW: Float64Array[];
  /** `∂C_x/∂b^l_j`, one array per layer. */
  nablaB: Float64Array[];
  /** `δ^l`, one array per layer. */
  delta: Float64Array[];
}

/**
 * Backprop for a single `(x, y)`, written as the chapter's vector
 * algorithm: feedforward storing `z^l` and `a^l`, then BP1 for the output
 * error, BP2 down the layers, BP3 and BP4 for the gradient. It supports
 * networks of fully connected layers only (Dense, or any layer with an
 * `activation` and Params `[W, b]` shaped `[n_out, n_in]` and `[n_out]`; no
 * dropout, no convolution) and is meant for learning and
 * testing: averaging it over a mini-batch gives the batch gradient of
 * `Network.gradient` with the generic (unfused) path.
 *
 * @param network A network of fully connected layers.
 * @param x One input.
 * @param y Its target.
 * @returns `C_x`, `∇_w C_x`, `∇_b C_x` and every `δ^l`.
 * @throws {TypeError} If a layer is not fully connected or a length is wrong.
 *
 * @example
 * ```ts
 * import { backpropSample } from "./backprop_sample.ts";
 * import { mlp } from "./mlp.ts";
 * import assert from "node:assert/strict";
 *
 * const g = backpropSample(mlp([2, 3, 1], { seed: 1 }), [1, 0], [1]);
 * assert.equal(g.nablaW[0]!.length, 6);
 * ```
 */
export function backpropSample(
  network: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): SampleGradient {
  const layers = network.layers.map((layer, l) => {
    const fc = fullyConnected(layer);
    if (fc === undefined) {
      throw new TypeError(
        `Cannot run backpropSample: layer ${l} is not fully connected (an activation and Params [W, b]); use Network.gradient`,
      );
    }
    return fc;
  });
  if (x.length !== network.inputSize || y.length !== network.outputSize) {
    throw new TypeError(
      `Cannot run backpropSample: x has ${x.length} values and y ${y.length}, but the network takes ${network.inputSize} and gives ${network.outputSize}`,
    );
  }
  // Feedforward: z^l = w^l a^(l-1) + b^l, a^l = σ(z^l)
  const zs: Float64Array[] = [];
  const as: Float64Array[] = [Float64Array.from(x)];
  for (const layer of layers) {
    const prev = as[as.length - 1]!,
      nIn = layer.inputSize,
      nOut = layer.outputSize;
    const w = layer.w,
      z = new Float64Array(nOut),
      a = new Float64Array(nOut);
    for (let j = 0; j < nOut; j++) {
      let s = layer.b[j]!;
      for (let k = 0; k < nIn; k++) s += w[j * nIn + k]! * prev[k]!;
      z[j] = s;
    }
    const act = layer.activation;
    if (act.forward) act.forward(z, a, 1, nOut);
    else for (let j = 0; j < nOut; j++) a[j] = act.fn(z[j]!);
    zs.push(z);
    as.push(a);
  }
  const L = layers.length, aL = as[L]!, yv = Float64Array.from(y);
  const loss = network.cost.fn(aL, yv);
  const delta: Float64Array[] = new Array(L);
  // BP1: δ^L = ∇_a C ⊙ σ′(z^L)
  const gradA = new Float64Array(aL.length);
  network.cost.gradient(aL, yv, gradA);
  delta[L - 1] = hadamardPrime(layers[L - 1]!, zs[L - 1]!, aL, gradA);
  // BP2: δ^l = ((w^(l+1))^T δ^(l+1)) ⊙ σ′(z^l)
  for (let l = L - 2; l >= 0; l--) {
    const next = layers[l + 1]!, nIn = next.inputSize, nOut = next.outputSize;
    const w = next.w,
      dNext = delta[l + 1]!,
      back = new Float64Array(nIn);
    for (let k = 0; k < nIn; k++) {
      let s = 0;
      for (let j = 0; j < nOut; j++) s += w[j * nIn + k]! * dNext[j]!;
      back[k] = s;
    }
    delta[l] = hadamardPrime(layers[l]!, zs[l]!, as[l + 1]!, back);
  }
  const nablaB: Float64Array[] = [], nablaW: Float64Array[] = [];
  for (let l = 0; l < L; l++) {
    const d = delta[l]!, prev = as[l]!, nIn = layers[l]!.inputSize;
    nablaB.push(d.slice()); // BP3: ∂C/∂b^l_j = δ^l_j
    const gw = new Float64Array(d.length * nIn);
    for (let j = 0; j < d.length; j++) {
      for (let k = 0; k < nIn; k++) gw[j * nIn + k] = prev[k]! * d[j]!; // BP4: ∂C/∂w^l_jk = a^(l-1)_k δ^l_j
    }
    nablaW.push(gw);
  }
  return { loss, nablaW, nablaB, delta };
}

/** `g ⊙ σ′(z)`, or the vector-Jacobian product for softmax. */
function hadamardPrime(
  layer: FullyConnected,
  z: Float64Array,
  a: Float64Array,
  g: Float64Array,
): Float64Array {
  const out = new Float64Array(z.length), act = layer.activation;
  if (act.backward) act.backward(z, a, g, out, 1, z.length);
  else {for (let j = 0; j < z.length; j++) {
      out[j] = g[j]! * act.derivative(z[j]!, a[j]!);
    }}
  return out;
}

/**
 * Deliberately broken components, written as a user would write a buggy
 * plug-in: the mutation and per-equation tests check that the harness
 * catches each one and points at the right place.
 *
 * @module
 */
import {
  type Activation,
  type Cost,
  Dense,
  type Matrix,
  quadratic,
  sigmoid,
  softmax,
} from "../../mod.ts";

/**
 * The activation with σ′ off by 1%: the kind of slip the default tolerance
 * must catch.
 */
export function sloppy(act: Activation): Activation {
  return { ...act, derivative: (z, a) => 1.01 * act.derivative(z, a) };
}

/** A Dense layer whose BP3 doubles the bias gradient. */
export class DoubledBias extends Dense {
  override backwardFromDelta(needInputGrad = true): Matrix {
    const out = super.backwardFromDelta(needInputGrad);
    for (let j = 0; j < this.outputSize; j++) this.params[1]!.grad[j]! *= 2;
    return out;
  }
}

/** A square Dense layer whose BP4 hands back the transposed weight gradient. */
export class TransposedWeightGrad extends Dense {
  override backwardFromDelta(needInputGrad = true): Matrix {
    const out = super.backwardFromDelta(needInputGrad);
    const g = this.params[0]!.grad, n = this.outputSize, t = g.slice();
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) g[j * n + k] = t[k * n + j]!;
    }
    return out;
  }
}

/** Softmax with only the diagonal of its Jacobian: a_j (1 − a_j) g_j. */
export const diagonalSoftmax: Activation = {
  ...softmax,
  backward(_z, a, grad, out) {
    for (let i = 0; i < out.length; i++) {
      out[i] = a[i]! * (1 - a[i]!) * grad[i]!;
    }
  },
};

/** The quadratic cost with ∇_a C of the wrong sign. */
export const flippedQuadratic: Cost = {
  name: "flippedQuadratic",
  fn: quadratic.fn,
  gradient(a, y, out) {
    for (let j = 0; j < a.length; j++) out[j] = y[j]! - a[j]!;
  },
};

/**
 * σ(1.01 z) under sigmoid's name with its true σ′: crossEntropy's fused
 * `δ^L = a − y` after a "sigmoid" is then 1% short; the generic path is
 * right.
 */
export const steeperSigmoid: Activation = {
  ...sigmoid,
  fn: (z) => sigmoid.fn(1.01 * z),
  derivative: (_z, a) => 1.01 * a * (1 - a),
};

/** A Dense layer whose forward kernel gives 1% too much (backward unchanged). */
export class LoudForward extends Dense {
  override forward(input: Matrix, training = false): Matrix {
    const a = super.forward(input, training);
    for (let i = 0; i < a.data.length; i++) a.data[i]! *= 1.01;
    return a;
  }
}

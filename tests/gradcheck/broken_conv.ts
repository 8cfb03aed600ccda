/**
 * Deliberately broken convolution and pooling layers, as a user might write
 * them: the mutation tests check that gradcheck catches each one and that
 * `checkEquations` names the generalised equation it violates.
 *
 * @module
 */
import { Conv2D, type Layer, type Matrix, MaxPool2D } from "../../mod.ts";

/** Flips every kernel (rot180) in place: its own inverse. */
function flip(conv: Conv2D): void {
  const [kh, kw] = conv.kernelSize, K = conv.kernels.data, n = kh * kw;
  for (let start = 0; start < K.length; start += n) {
    K.subarray(start, start + n).reverse();
  }
}

/**
 * Passes δ down through the flipped kernels where the correlation needs the
 * kernels themselves (the classic convolution/correlation mix-up).
 */
export class FlippedKernelConv extends Conv2D {
  override backwardFromDelta(needInputGrad = true): Matrix {
    flip(this);
    try {
      return super.backwardFromDelta(needInputGrad);
    } finally {
      flip(this);
    }
  }
}

/** Computes ∂C/∂K as if the stride were 1 (`a_{y+u, x+v}`, not `a_{y·s+u, x·s+v}`). */
export class MissingStrideConv extends Conv2D {
  #input: Matrix | undefined;
  override forward(input: Matrix, training = false): Matrix {
    this.#input = input;
    return super.forward(input, training);
  }
  override backwardFromDelta(needInputGrad = true): Matrix {
    const out = super.backwardFromDelta(needInputGrad);
    const [C, H, W] = this.inputShape, [F, OH, OW] = this.outputShape;
    const [kh, kw] = this.kernelSize, D = this.delta.data;
    const X = this.#input!.data, gK = this.params[0]!.grad;
    gK.fill(0);
    for (let i = 0; i < this.delta.rows; i++) {
      for (let f = 0; f < F; f++) {
        for (let y = 0; y < OH; y++) {
          for (let x = 0; x < OW; x++) {
            const d = D[((i * F + f) * OH + y) * OW + x]!;
            for (let c = 0; c < C; c++) {
              for (let u = 0; u < kh; u++) {
                for (let v = 0; v < kw; v++) {
                  gK[((f * C + c) * kh + u) * kw + v]! += d *
                    X[((i * C + c) * H + y + u) * W + x + v]!;
                }
              }
            }
          }
        }
      }
    }
    return out;
  }
}

/** Routes δ one cell to the right of the arg-max. */
export class WrongCellPool extends MaxPool2D {
  override backward(outputGrad: Matrix): Matrix {
    const out = super.backward(outputGrad), n = this.inputSize;
    const right = out.data.slice();
    out.data.fill(0);
    for (let i = 0; i < right.length; i++) {
      if (i % n !== n - 1) out.data[i + 1] = right[i]!;
    }
    return out;
  }
}

/** A max-pool that hides its kink state: ties go unflagged. */
export class TiesUndeclared implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly params = [] as const;
  readonly #pool: MaxPool2D;
  constructor(pool: MaxPool2D) {
    this.#pool = pool;
    this.inputSize = pool.inputSize;
    this.outputSize = pool.outputSize;
  }
  forward(input: Matrix, training: boolean): Matrix {
    return this.#pool.forward(input, training);
  }
  backward(outputGrad: Matrix): Matrix {
    return this.#pool.backward(outputGrad);
  }
}

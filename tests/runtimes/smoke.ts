/**
 * The smoke suite that runs in every runtime (Deno, Node, Chromium): it
 * takes the package's two modules as arguments, so each runtime tests its
 * own build of the package (Deno the sources, Node and the page the
 * bundles in dist/). It only imports types.
 *
 * @module
 */
import type * as Lib from "../../mod.ts";
import type * as Io from "../../io/mod.ts";

/** What a runtime hands the suite. */
export interface SmokeEnv {
  /** The runtime's name, for messages. */
  runtime: string;
  /** The package's "." export. */
  lib: typeof Lib;
  /** The package's "./io" export. */
  io: typeof Io;
  /** examples/iris.csv as text (a page has no file system). */
  irisCsv: string;
  /** A path to write a file to, where the runtime has files. */
  tempFile?: () => Promise<string>;
  /** examples/iris.csv's path, where the runtime has files. */
  irisPath?: string;
  /** Workers that gradcheckParallel should report using. */
  expectWorkers: number;
  /** Threads that `startThreads(2)` should report running. */
  expectThreads: number;
  /** Threads that `startThreads()` should report: the layers' default, the
   * cores the runtime reports (1 without shared memory). */
  expectDefaultThreads: number;
}

/** One case's outcome. */
export interface SmokeResult {
  name: string;
  ok: boolean;
  /** What was checked, or what went wrong. */
  detail: string;
  ms: number;
}

/** The suite's outcome. */
export interface SmokeRun {
  results: SmokeResult[];
  /** Bit patterns of computed numbers, to compare runtimes. */
  fingerprints: Record<string, string>;
}

class Failure extends Error {}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Failure(message);
}

/** Hex of a float64's bits. */
function bits(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16).padStart(16, "0");
}

/** FNV-1a over the bytes of a Float64Array, as hex. */
function digest(a: Float64Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) {
    h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

function argmax(row: ArrayLike<number>, from: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (row[from + j]! > row[from + best]!) best = j;
  return best;
}

/**
 * Runs every case; a case that throws is a failure with its message.
 *
 * @param env The runtime's modules and abilities.
 * @returns Results and fingerprints.
 */
export async function runSmoke(env: SmokeEnv): Promise<SmokeRun> {
  const { lib, io } = env;
  const fingerprints: Record<string, string> = {};
  const results: SmokeResult[] = [];
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

  async function test(name: string, fn: () => Promise<string> | string) {
    const start = performance.now();
    try {
      const detail = await fn();
      results.push({ name, ok: true, detail, ms: performance.now() - start });
    } catch (e) {
      const detail = e instanceof Failure
        ? e.message
        : `${(e as Error)?.stack ?? e}`;
      results.push({ name, ok: false, detail, ms: performance.now() - start });
    }
  }

  await test("train XOR", () => {
    const x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [0, 1, 1, 0];
    const net = lib.mlp([2, 4, 1], { seed: 1 });
    lib.train(net, { x, y: y.map((v) => [v]) }, {
      epochs: 3000,
      batchSize: 4,
      optimizer: new lib.SGD({ learningRate: 3 }),
      seed: 1,
    });
    const out = Array.from(net.predict(x).data);
    check(
      out.every((v, i) => Math.abs(v - y[i]!) < 0.1),
      `outputs ${out.map((v) => v.toFixed(3))} are not XOR's 0 1 1 0`,
    );
    fingerprints["XOR outputs"] = digest(net.predict(x).data);
    fingerprints["XOR weights"] = digest(
      Float64Array.from(net.params.flatMap((p) => Array.from(p.value))),
    );
    return `outputs ${out.map((v) => v.toFixed(3)).join(" ")}`;
  });

  await test("train a ReLU regression (no exp, log or pow on the way)", () => {
    // y = |x1| - 2 x2 on a grid: ReLU hidden units can fit |x1| exactly.
    const x: number[][] = [], y: number[][] = [];
    for (let i = -4; i <= 4; i++) {
      for (let j = -4; j <= 4; j++) {
        x.push([i / 4, j / 4]);
        y.push([Math.abs(i / 4) - 2 * (j / 4)]);
      }
    }
    const net = lib.mlp([2, 8, 1], {
      seed: 2,
      activation: "relu",
      output: "identity",
      cost: "quadratic",
    });
    fingerprints["initial weights (Random.normal: Math.log, sin, cos)"] =
      digest(
        Float64Array.from(net.params.flatMap((p) => Array.from(p.value))),
      );
    // Start from uniform weights (integer arithmetic, exact division), so
    // that nothing but + - * / and max touches the numbers.
    const random = new lib.Random(2);
    for (const p of net.params) {
      for (let i = 0; i < p.value.length; i++) {
        p.value[i] = random.uniform() - 0.5;
      }
    }
    const before = net.loss(x, y);
    lib.train(net, { x, y }, {
      epochs: 400,
      batchSize: 9,
      optimizer: new lib.SGD({ learningRate: 0.05 }),
      seed: 2,
    });
    const after = net.loss(x, y);
    check(after < 0.01 * before, `loss went from ${before} to ${after}`);
    fingerprints["ReLU regression weights"] = digest(
      Float64Array.from(net.params.flatMap((p) => Array.from(p.value))),
    );
    return `loss ${before.toPrecision(3)} -> ${after.toPrecision(3)}`;
  });

  /** `n` rows of 100 inputs, 80% zeros, and one-hot targets. */
  function sparseData(random: Lib.Random, n: number, classes: number) {
    const x = new lib.Matrix(n, 100), y = new lib.Matrix(n, classes);
    for (let i = 0; i < x.data.length; i++) {
      x.data[i] = random.uniform() < 0.8 ? 0 : random.uniform();
    }
    for (let r = 0; r < n; r++) y.data[r * classes + random.int(classes)] = 1;
    return { x, y };
  }

  /**
   * Trains `net` from weights uniform in ±0.1 (drawn from `weights`) with
   * SGD, checks that the loss halves and records the trained weights'
   * fingerprint under `name`.
   */
  function trainFromUniform(
    name: string,
    net: Lib.Network,
    data: { x: Lib.Matrix; y: Lib.Matrix },
    weights: Lib.Random,
    options: { batchSize: number; learningRate: number; seed: number },
  ): string {
    for (const p of net.params) {
      for (let i = 0; i < p.value.length; i++) {
        p.value[i] = 0.2 * (weights.uniform() - 0.5);
      }
    }
    const before = net.loss(data.x, data.y);
    lib.train(net, data, {
      epochs: 60,
      batchSize: options.batchSize,
      optimizer: new lib.SGD({ learningRate: options.learningRate }),
      seed: options.seed,
    });
    const after = net.loss(data.x, data.y);
    check(
      after < 0.5 * before,
      `${name}: loss went from ${before} to ${after}`,
    );
    fingerprints[name] = digest(
      Float64Array.from(net.params.flatMap((p) => Array.from(p.value))),
    );
    return `loss ${before.toPrecision(3)} -> ${after.toPrecision(3)}`;
  }

  await test("train a wide sparse ReLU network in the WebAssembly kernels", () => {
    // 100 inputs, 80% zeros: the sparse path, with forward, backward and
    // the SGD step of the first layer in WebAssembly (f64x2).
    const random = new lib.Random(4), data = sparseData(random, 60, 3);
    const net = lib.mlp([100, 16, 3], {
      seed: 4,
      activation: "relu",
      output: "identity",
      cost: "quadratic",
    });
    return trainFromUniform(
      "sparse ReLU network weights (WebAssembly kernels)",
      net,
      data,
      random,
      { batchSize: 10, learningRate: 0.05, seed: 4 },
    );
  });

  await test("train a wide sparse layer in the SIMD sparse kernels, float64 and float32", () => {
    // one layer, 100 inputs (80% zeros) -> 24 linear outputs, batches of 30:
    // 6 nonzeros per input column, so the forward pass packs W for its SIMD
    // kernel and BP4 reads the batch by columns (wasm/gen_sparse.ts); no
    // dense product runs, so nothing may fuse a multiply-add
    const data = sparseData(new lib.Random(5), 90, 24);
    return (["float64", "float32"] as const).map((dtype) =>
      `${dtype} ${
        trainFromUniform(
          `sparse layer weights, SIMD sparse kernels, ${dtype}`,
          lib.mlp([100, 24], {
            seed: 5,
            output: "identity",
            cost: "quadratic",
            dtype,
          }),
          data,
          new lib.Random(6),
          { batchSize: 30, learningRate: 0.1, seed: 5 },
        )
      }`
    ).join(", ");
  });

  await test("train a wide sparse sigmoid layer, σ in the SIMD sparse forward pass", () => {
    // as above in float64, with a sigmoid output: the packed forward adds
    // the bias and applies σ itself (wasm/gen_sparse_nt.ts)
    const data = sparseData(new lib.Random(5), 90, 24);
    return trainFromUniform(
      "sparse sigmoid layer weights, σ in the sparse forward pass",
      lib.mlp([100, 24], { seed: 5, output: "sigmoid", cost: "quadratic" }),
      data,
      new lib.Random(6),
      { batchSize: 30, learningRate: 1, seed: 5 },
    );
  });

  await test("train on two threads: one thread's bits", async () => {
    // 400 inputs (80% zeros) -> 96 sigmoid -> 10, batches of 100: the first
    // layer's sparse forward and BP4 (1.5 Mflop each) are split between the
    // threads; every element is the same sum on either side of a split
    const byDefault = await lib.startThreads();
    check(
      byDefault === env.expectDefaultThreads,
      `${byDefault} threads by default, expected ${env.expectDefaultThreads}`,
    );
    const running = await lib.startThreads(2);
    check(
      running === env.expectThreads,
      `${running} threads running, expected ${env.expectThreads}`,
    );
    const random = new lib.Random(8);
    const x = new lib.Matrix(300, 400), y = new lib.Matrix(300, 10);
    for (let i = 0; i < x.data.length; i++) {
      x.data[i] = random.uniform() < 0.8 ? 0 : random.uniform();
    }
    for (let r = 0; r < 300; r++) y.data[r * 10 + random.int(10)] = 1;
    const weights = (threads: number) => {
      const net = lib.mlp([400, 96, 10], { seed: 8, threads });
      lib.train(net, { x, y }, {
        epochs: 3,
        batchSize: 100,
        optimizer: new lib.SGD({ learningRate: 1 }),
        seed: 8,
      });
      return digest(
        Float64Array.from(net.params.flatMap((p) => Array.from(p.value))),
      );
    };
    const one = weights(1), two = weights(2);
    check(one === two, `two threads' weights ${two}, one thread's ${one}`);
    return `${running} thread${
      running > 1 ? "s" : ""
    } running (${byDefault} by default), the same bits`;
  });

  await test("predict equals a hand-written forward pass", () => {
    const net = lib.mlp([3, 4, 2], { seed: 7 });
    const x = [[0.5, -1.25, 2], [-0.3, 0.8, 0.1]];
    const got = net.predict(x);
    let worst = 0;
    for (let r = 0; r < x.length; r++) {
      let a = x[r]!;
      for (const layer of net.layers) {
        const [w, b] = layer.params;
        const n = layer.outputSize, m = layer.inputSize;
        a = Array.from({ length: n }, (_, j) => {
          let z = b!.value[j]!;
          for (let k = 0; k < m; k++) z += w!.value[j * m + k]! * a[k]!;
          return sigmoid(z);
        });
      }
      a.forEach((v, j) => {
        worst = Math.max(worst, Math.abs(v - got.get(r, j)));
      });
    }
    check(worst < 1e-14, `predict differs from the loops by ${worst}`);
    return `largest difference ${worst.toExponential(1)}`;
  });

  let iris: Io.Dataset | undefined;
  await test("parseCsv reads a string, a Blob and a stream of iris alike", async () => {
    const fromText = await io.parseCsv(env.irisCsv);
    const fromBlob = await io.parseCsv(new Blob([env.irisCsv]));
    const fromStream = await io.parseCsv(new Blob([env.irisCsv]).stream());
    check(
      fromText.x.rows === 150 && fromText.x.cols === 4,
      "iris is not 150 x 4",
    );
    // The file's first row: 5.1,3.5,1.4,0.2,setosa
    check(
      Array.from(fromText.x.data.subarray(0, 4)).join() === "5.1,3.5,1.4,0.2",
      `first row is ${fromText.x.data.subarray(0, 4)}`,
    );
    for (const other of [fromBlob, fromStream]) {
      check(
        other.x.data.every((v, i) => v === fromText.x.data[i]) &&
          other.y.data.every((v, i) => v === fromText.y.data[i]),
        "a Blob or stream gave other numbers than the string",
      );
    }
    iris = fromText;
    if (env.irisPath) {
      const fromFile = await io.loadCsv(env.irisPath);
      check(
        fromFile.x.data.every((v, i) => v === fromText.x.data[i]),
        "loadCsv gave other numbers than parseCsv",
      );
      return "string, Blob, stream and loadCsv agree";
    }
    const refused = await io.loadCsv("iris.csv").then(
      () => "",
      (e: Error) => e.message,
    );
    check(/parseCsv/.test(refused), `loadCsv without files said '${refused}'`);
    return "string, Blob and stream agree; loadCsv (no file system) points to parseCsv";
  });

  let irisNet: Lib.Network | undefined;
  await test("train iris to >= 90% test accuracy", () => {
    check(iris !== undefined, "iris did not load");
    const [trainSet, testSet] = lib.splitDataset(iris!, 0.2, 42);
    const scaling = lib.fitScaling(trainSet.x);
    lib.standardize(trainSet.x, scaling);
    lib.standardize(testSet.x, scaling);
    const net = lib.mlp([4, 10, 3], {
      seed: 1,
      output: "softmax",
      cost: "logLikelihood",
    });
    lib.train(net, trainSet, {
      epochs: 60,
      batchSize: 10,
      optimizer: new lib.Adam({ learningRate: 0.01 }),
      seed: 1,
    });
    const out = net.predict(testSet.x);
    let correct = 0;
    for (let r = 0; r < out.rows; r++) {
      if (argmax(out.data, r * 3, 3) === argmax(testSet.y.data, r * 3, 3)) {
        correct++;
      }
    }
    const accuracy = correct / out.rows;
    check(accuracy >= 0.9, `test accuracy ${accuracy}`);
    fingerprints["iris test outputs"] = digest(out.data);
    fingerprints["iris training loss"] = bits(net.loss(trainSet.x, trainSet.y));
    irisNet = net;
    return `test accuracy ${
      (100 * accuracy).toFixed(1)
    }% (${correct}/${out.rows})`;
  });

  await test("save and load give the same predictions, bit for bit", async () => {
    check(
      irisNet !== undefined && iris !== undefined,
      "no trained iris network",
    );
    const before = irisNet!.predict(iris!.x).data;
    let back: Lib.Network, how: string;
    if (env.tempFile) {
      const path = await env.tempFile();
      await io.saveModel(irisNet!, path);
      back = await io.loadModel(path);
      how = "saveModel/loadModel through a file";
    } else {
      back = lib.Network.fromJSON(
        JSON.parse(JSON.stringify(irisNet!.toJSON())),
      );
      how = "toJSON/fromJSON through JSON text (no file system)";
    }
    check(
      back instanceof lib.Network,
      "loadModel did not return the library's Network",
    );
    const after = back.predict(iris!.x).data;
    check(
      after.every((v, i) => Object.is(v, before[i])),
      "predictions changed",
    );
    return how;
  });

  const x3 = [[0.5, -1, 2], [1, 0.25, -0.5], [-2, 0.3, 0.1]];
  const y3 = [[1, 0], [0, 1], [1, 0]];
  await test("gradcheck passes, and fails a 1% error in σ′ naming the layer", () => {
    const net = lib.mlp([3, 5, 4, 2], { seed: 3, activation: "tanh" });
    const report = lib.gradcheck(net, x3, y3);
    check(report.ok, `max relative error ${report.maxRelativeError}`);
    fingerprints["gradcheck max relative error"] = bits(
      report.maxRelativeError,
    );
    const tanh = lib.tanh;
    const sloppy = {
      ...tanh,
      derivative: (z: number, a: number) => 1.01 * tanh.derivative(z, a),
    };
    const layers = [
      new lib.Dense(3, 5, tanh, { seed: 1 }),
      new lib.Dense(5, 4, sloppy, { seed: 2 }),
      new lib.Dense(4, 2, lib.sigmoid, { seed: 3 }),
    ];
    const broken = lib.gradcheck(
      new lib.Network(layers, lib.quadratic),
      x3,
      y3,
    );
    check(!broken.ok, "the broken σ′ passed");
    check(
      broken.suspect?.layer === 1,
      `suspect is layer ${broken.suspect?.layer}, not the broken layer 1`,
    );
    return `ok at ${
      report.maxRelativeError.toExponential(1)
    }; broken σ′ caught, suspect layer ${broken.suspect!.layer} (${
      broken.suspect!.param
    })`;
  });

  await test("gradcheckParallel gives gradcheck's numbers", async () => {
    const serial = lib.gradcheck(lib.mlp([3, 6, 2], { seed: 5 }), x3, y3);
    const warn = console.warn;
    console.warn = () => {};
    let parallel: Lib.GradcheckReport;
    try {
      parallel = await lib.gradcheckParallel(
        lib.mlp([3, 6, 2], { seed: 5 }),
        x3,
        y3,
        {
          workers: 2,
        },
      );
    } finally {
      console.warn = warn;
    }
    check(parallel.ok, "parallel check failed");
    check(
      parallel.maxRelativeError === serial.maxRelativeError,
      `${parallel.maxRelativeError} != ${serial.maxRelativeError}`,
    );
    check(
      parallel.timing.workers === env.expectWorkers,
      `${parallel.timing.workers} workers, expected ${env.expectWorkers} (${parallel.timing.note})`,
    );
    return parallel.timing.workers === 1
      ? parallel.timing.note.split(";")[0]!
      : `${parallel.timing.workers} Workers`;
  });

  return { results, fingerprints };
}

/**
 * The report lines: one per case and the closing `N passed, N failed`.
 *
 * @param run The suite's outcome.
 * @param runtime The runtime's name.
 * @returns The lines.
 */
export function smokeLines(run: SmokeRun, runtime: string): string[] {
  const lines = run.results.map((r) =>
    `${r.ok ? "ok" : "FAILED"} [${runtime}] ${r.name} (${
      r.ms.toFixed(0)
    } ms): ${r.detail}`
  );
  const passed = run.results.filter((r) => r.ok).length;
  lines.push(`${passed} passed, ${run.results.length - passed} failed`);
  return lines;
}

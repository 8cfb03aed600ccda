// One row of `bench:scale` trained by a build of the package in whichever
// runtime loads this file (run by bench/runtimes.ts, plain JavaScript so
// that Node runs it as it is):
//
//   deno run -A bench/runtime_row.js MODULE DIR CONFIG   (Deno)
//   node bench/runtime_row.js MODULE DIR CONFIG          (Node)
//   index.html?config=CONFIG beside ./dist/ and ./data/  (a page)
//
// MODULE is the build's mod.js, DIR holds x_train.bin and y_train.bin
// (bench/mnist_data.ts's writeSetup), CONFIG is JSON: sizes, batch, epochs,
// threads, n, initSeed, shuffleSeed, learningRate. It prints (a page: sets
// `window.__result` to) one JSON object: seconds per epoch, the threads
// running and the last epoch's training accuracy.

const page = typeof document === "object";
const nodeArgs = () =>
  globalThis.Deno?.args ?? globalThis.process.argv.slice(2);

/** The build, the data and the config, from the page's URL or the args. */
async function load() {
  if (page) {
    const config = JSON.parse(
      new URLSearchParams(location.search).get("config"),
    );
    const f64 = async (name) =>
      new Float64Array(
        await (await fetch(`./data/${name}.bin`)).arrayBuffer(),
      );
    const lib = await import("./dist/mod.js");
    return { lib, config, x: await f64("x_train"), y: await f64("y_train") };
  }
  const [module, dir, configText] = nodeArgs();
  const { readFileSync } = await import("node:fs");
  const { pathToFileURL } = await import("node:url");
  const f64 = (name) => {
    const b = readFileSync(`${dir}/${name}.bin`);
    return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8).slice();
  };
  const lib = await import(pathToFileURL(module).href);
  const config = JSON.parse(configText);
  return { lib, config, x: f64("x_train"), y: f64("y_train") };
}

const { lib, config: c, x, y } = await load();
const { Matrix, mlp, SGD, startThreads, train } = lib;
const inputs = c.sizes[0], outputs = c.sizes.at(-1);
const data = {
  x: new Matrix(c.n, inputs, x.subarray(0, c.n * inputs)),
  y: new Matrix(c.n, outputs, y.subarray(0, c.n * outputs)),
};
const net = mlp(c.sizes, { seed: c.initSeed, threads: c.threads });
const threads = await startThreads(c.threads);
const history = train(net, data, {
  epochs: c.epochs,
  batchSize: c.batch,
  optimizer: new SGD({ learningRate: c.learningRate }),
  seed: c.shuffleSeed,
});
const result = {
  seconds: history.map((s) => s.seconds),
  threads,
  accuracy: history.at(-1).accuracy,
};
if (page) globalThis.__result = result;
else console.log(JSON.stringify(result));

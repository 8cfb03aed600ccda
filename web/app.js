/**
 * The live page: trains a network on a 2-D data set in the page, draws the
 * decision boundary, the loss curves and each layer's error size ‖δ^l‖,
 * and checks backprop's gradients against finite differences. It imports
 * the package's browser build (`deno task build`), as any page would.
 *
 * @module
 */
import * as lib from "../dist/browser/mod.js";
import * as io from "../dist/browser/io/mod.js";
import { generate } from "./datasets.js";
import { drawBoundary, drawLogChart } from "./plots.js";
import { showReport } from "./check_view.js";

const $ = (id) => document.getElementById(id);
const GRID = 100; // decision-boundary resolution
const DELTA_ROWS = 64; // training rows averaged for ‖δ^l‖
const FRAME_MS = 30; // the least time between two redraws while training
const MAX_EPOCHS = 1_000_000; // a run goes on until Pause
const BUG_FACTOR = 1.05; // the planted σ′ error
const LAYER_COLORS = [
  "#1b9e77",
  "#d95f02",
  "#7570b3",
  "#e7298a",
  "#66a61e",
  "#a6761d",
];

const state = {
  csv: null, // a dropped data set, standardised
  train: null,
  test: null,
  view: null,
  gridX: null,
  net: null,
  optimizer: null,
  epoch: 0,
  history: [],
  deltas: [],
  running: false,
};
globalThis.backpropPage = state;

function fill(select, names, chosen) {
  select.replaceChildren(
    ...names.map((name) => new Option(name, name, false, name === chosen)),
  );
}
fill(
  $("activation"),
  Object.keys(lib.activations).filter((a) => a !== "softmax"),
  "tanh",
);
fill($("cost"), Object.keys(lib.costs), "logLikelihood");
fill($("optimizer"), Object.keys(lib.optimizers), "adam");
$("footer").textContent =
  `crossOriginIsolated: ${globalThis.crossOriginIsolated}; ` +
  `${navigator.hardwareConcurrency} hardware threads; the library: ` +
  new URL("../dist/browser/mod.js", import.meta.url).pathname;

function hiddenSizes() {
  const text = $("layers").value.trim();
  if (text === "") return [];
  const sizes = text.split(",").map((s) => Number(s.trim()));
  if (!sizes.every((n) => Number.isInteger(n) && n > 0 && n <= 256)) {
    throw new RangeError(
      `Cannot use hidden layers '${text}': give sizes from 1 to 256, comma-separated`,
    );
  }
  return sizes;
}

/** The network for the controls; `bug` breaks σ′ of one hidden layer. */
function buildNetwork(k, seed) {
  const sizes = [2, ...hiddenSizes(), k];
  const cost = $("cost").value;
  const hidden = lib.getActivation($("activation").value);
  const output = cost === "logLikelihood" ? "softmax" : "sigmoid";
  const bugLayer = $("bug").checked ? Number($("bug-layer").value) : -1;
  const layers = sizes.slice(1).map((nOut, l) => {
    let act = l === sizes.length - 2 ? output : hidden;
    if (l === bugLayer) {
      act = {
        ...hidden,
        name: `${hidden.name} with a bug`,
        derivative: (z, a) => BUG_FACTOR * hidden.derivative(z, a),
      };
    }
    return new lib.Dense(sizes[l], nOut, act, { seed: 1000 * seed + l });
  });
  return new lib.Network(layers, lib.getCost(cost));
}

function showError(message) {
  $("error").textContent = message;
}

/** New data, split, network and optimizer from the controls. */
function reset() {
  stop();
  showError("");
  try {
    const seed = Number($("seed").value);
    const name = $("dataset").value;
    const data = name === "csv" && state.csv ? state.csv : generate(lib, name, {
      n: Math.max(20, Number($("points").value)),
      noise: Math.max(0, Number($("noise").value)),
      seed,
    });
    [state.train, state.test] = lib.splitDataset(data, 0.2, seed);
    state.view = viewOf(data.x);
    state.gridX = gridOf(state.view);
    const k = data.y.cols;
    fill(
      $("bug-layer"),
      hiddenSizes().map((_, l) => `${l}`),
      $("bug-layer").value || "0",
    );
    $("bug").disabled = hiddenSizes().length === 0;
    state.net = buildNetwork(k, seed);
    state.optimizer = lib.getOptimizer($("optimizer").value, {
      learningRate: Number($("lr").value),
    });
    state.epoch = 0;
    state.history = [];
    state.deltas = [];
    recordDeltas();
  } catch (e) {
    showError(e.message);
    state.net = null;
  }
  render();
}

/** Square data bounds with a margin. */
function viewOf(x) {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let r = 0; r < x.rows; r++) {
    x0 = Math.min(x0, x.data[2 * r]);
    x1 = Math.max(x1, x.data[2 * r]);
    y0 = Math.min(y0, x.data[2 * r + 1]);
    y1 = Math.max(y1, x.data[2 * r + 1]);
  }
  const half = 0.55 * Math.max(x1 - x0, y1 - y0, 1e-9);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
}

/** The grid's points, row-major from the top-left corner. */
function gridOf(view) {
  const g = new lib.Matrix(GRID * GRID, 2);
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < GRID; j++) {
      const r = i * GRID + j;
      g.data[2 * r] = view.x0 + ((j + 0.5) / GRID) * (view.x1 - view.x0);
      g.data[2 * r + 1] = view.y1 - ((i + 0.5) / GRID) * (view.y1 - view.y0);
    }
  }
  return g;
}

/** Mean ‖δ^l‖ per layer over the first training rows (the chapter's δ). */
function recordDeltas() {
  const { x, y } = state.train;
  const rows = Math.min(DELTA_ROWS, x.rows), k = y.cols;
  const sums = state.net.layers.map(() => 0);
  for (let r = 0; r < rows; r++) {
    const g = lib.backpropSample(
      state.net,
      x.data.subarray(2 * r, 2 * r + 2),
      y.data.subarray(k * r, k * r + k),
    );
    g.delta.forEach((d, l) => {
      let s = 0;
      for (const v of d) s += v * v;
      sums[l] += Math.sqrt(s);
    });
  }
  state.deltas.push({ epoch: state.epoch, norms: sums.map((s) => s / rows) });
}

/**
 * Trains with trainAsync, which gives the event loop a turn every few
 * milliseconds, so the page stays responsive; the figures are redrawn at
 * most once per FRAME_MS. Pause aborts the run at a batch boundary.
 */
async function start() {
  if (!state.net || state.running) return;
  state.running = true;
  state.abort = new AbortController();
  $("train").disabled = true;
  $("pause").disabled = false;
  let drawn = 0;
  try {
    await lib.trainAsync(state.net, state.train, {
      epochs: MAX_EPOCHS,
      batchSize: Math.max(1, Number($("batch").value)),
      optimizer: state.optimizer,
      // a new run after a pause shuffles on from where the last one stopped
      seed: 7919 * Number($("seed").value) + state.epoch,
      validation: state.test,
      classification: true,
      signal: state.abort.signal,
      onEpoch: (stats) => {
        state.epoch++;
        state.history.push({ ...stats, epoch: state.epoch });
        if (performance.now() - drawn >= FRAME_MS) {
          recordDeltas();
          render();
          drawn = performance.now();
        }
      },
    });
  } catch (e) {
    if (e?.name !== "AbortError") showError(e.message);
  }
  state.running = false;
  recordDeltas();
  render();
  $("train").disabled = false;
  $("pause").disabled = true;
}

function stop() {
  state.abort?.abort();
}

function percent(v) {
  return v === undefined ? "–" : `${(100 * v).toFixed(1)}%`;
}

function render() {
  if (!state.net) return;
  const last = state.history.at(-1);
  $("epoch").textContent = `${state.epoch}`;
  $("train-loss").textContent = last ? last.loss.toPrecision(4) : "–";
  $("test-loss").textContent = last ? last.validationLoss.toPrecision(4) : "–";
  $("train-acc").textContent = percent(last?.accuracy);
  $("test-acc").textContent = percent(last?.validationAccuracy);
  $("test-acc").dataset.value = `${last?.validationAccuracy ?? 0}`;
  const out = state.net.predict(state.gridX);
  drawBoundary($("boundary"), state.view, {
    size: GRID,
    probs: out.data,
    k: out.cols,
  }, [
    { data: state.train, test: false },
    { data: state.test, test: true },
  ]);
  drawLogChart($("loss"), [
    {
      label: "training loss",
      color: "#2166ac",
      points: state.history.map((h) => [h.epoch, h.loss]),
    },
    {
      label: "test loss",
      color: "#d6604d",
      points: state.history.map((h) => [h.epoch, h.validationLoss]),
    },
  ], "Loss (mean C over the rows)");
  const depth = state.net.layers.length;
  drawLogChart(
    $("grads"),
    state.net.layers.map((_, l) => ({
      label: `‖δ^${l}‖ ${l === depth - 1 ? "(output)" : ""}`,
      color: LAYER_COLORS[l % LAYER_COLORS.length],
      points: state.deltas.map((d) => [d.epoch, d.norms[l]]),
    })),
    "Error size per layer, mean ‖δ^l‖ (BP1, BP2)",
  );
}

/**
 * Runs gradcheck on the training set's mean cost, with central differences,
 * and shows its verdict. (On a few rows of a converged network the
 * gradient is near 1e-7, where a forward difference's truncation error is
 * about 1% of it: see docs/web.md.)
 */
async function checkGradients() {
  if (!state.net) return;
  const box = $("check-result");
  box.dataset.ok = "";
  box.textContent = "checking…";
  const report = await lib.gradcheckParallel(
    state.net,
    state.train.x,
    state.train.y,
    { method: "central" },
  );
  showReport(box, report, state.net);
}

/** Rebuilds the network with the same weights, with or without the bug. */
function plantBug() {
  if (!state.net) return;
  const old = state.net;
  state.net = buildNetwork(old.outputSize, Number($("seed").value));
  state.net.params.forEach((p, i) => p.value.set(old.params[i].value));
  state.optimizer = lib.getOptimizer($("optimizer").value, {
    learningRate: Number($("lr").value),
  });
  $("check-result").dataset.ok = "";
  $("check-result").textContent = $("bug").checked
    ? `σ′ of layer ${$("bug-layer").value} is now ${BUG_FACTOR}× too large.`
    : "σ′ is right again.";
}

async function loadDropped(file) {
  try {
    const data = await io.parseCsv(file);
    if (data.x.cols !== 2) {
      throw new TypeError(
        `Cannot plot '${file.name}': it has ${data.x.cols} feature columns; the page needs 2`,
      );
    }
    if (data.task !== "classification") {
      throw new TypeError(
        `Cannot plot '${file.name}': its label is not a class; the page needs classes`,
      );
    }
    lib.standardize(data.x, lib.fitScaling(data.x));
    state.csv = data;
    const option = $("dataset").querySelector('option[value="csv"]');
    option.disabled = false;
    option.textContent = file.name;
    $("dataset").value = "csv";
    reset();
  } catch (e) {
    showError(e.message);
  }
}

for (
  const id of [
    "dataset",
    "points",
    "noise",
    "layers",
    "activation",
    "cost",
    "optimizer",
    "lr",
    "batch",
    "seed",
  ]
) {
  $(id).addEventListener("change", reset);
}
$("train").addEventListener("click", start);
$("pause").addEventListener("click", () => {
  stop();
  render();
});
$("reset").addEventListener("click", reset);
$("check-button").addEventListener(
  "click",
  () => checkGradients().catch((e) => showError(e.message)),
);
$("bug").addEventListener("change", plantBug);
$("bug-layer").addEventListener("change", () => {
  if ($("bug").checked) plantBug();
});
$("csv-file").addEventListener("change", (e) => {
  const file = e.target.files[0];
  if (file) loadDropped(file);
});
document.addEventListener("dragover", (e) => {
  e.preventDefault();
  document.body.classList.add("drop");
});
document.addEventListener(
  "dragleave",
  () => document.body.classList.remove("drop"),
);
document.addEventListener("drop", (e) => {
  e.preventDefault();
  document.body.classList.remove("drop");
  const file = e.dataTransfer.files[0];
  if (file) loadDropped(file);
});

reset();
document.body.dataset.ready = "true";

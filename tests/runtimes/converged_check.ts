/**
 * The numbers behind docs/web.md's choice of check: the page's default
 * spirals network trained in Deno for 482 epochs (as the page trains, one
 * epoch per `train` call), then `gradcheck` on 20 training rows and on the
 * whole training set, with forward and central differences.
 *
 * ```sh
 * deno run --frozen tests/runtimes/converged_check.ts
 * ```
 *
 * @module
 */
import * as lib from "../../mod.ts";
import { generate } from "../../web/datasets.js";

const EPOCHS = 482;
const data = generate(lib, "spirals", {
  n: 500,
  noise: 0.04,
  seed: 1,
}) as unknown as lib.Dataset;
const [train, test] = lib.splitDataset(data, 0.2, 1);
const net = new lib.Network([
  new lib.Dense(2, 16, "tanh", { seed: 1000 }),
  new lib.Dense(16, 16, "tanh", { seed: 1001 }),
  new lib.Dense(16, 2, "softmax", { seed: 1002 }),
], lib.logLikelihood);
const optimizer = lib.getOptimizer("adam", { learningRate: 0.02 });
let last: lib.EpochStats | undefined;
for (let e = 0; e < EPOCHS; e++) {
  [last] = lib.train(net, train, {
    epochs: 1,
    batchSize: 16,
    optimizer,
    seed: 7919 + e,
    validation: test,
    classification: true,
  });
}
console.log(
  `after ${EPOCHS} epochs: test accuracy ${
    (100 * last!.validationAccuracy!).toFixed(1)
  }%`,
);
const rows = 20;
const sets = {
  "20 training rows": [
    new lib.Matrix(rows, 2, train.x.data.slice(0, 2 * rows)),
    new lib.Matrix(rows, 2, train.y.data.slice(0, 2 * rows)),
  ],
  [`the training set (${train.x.rows} rows)`]: [train.x, train.y],
} as const;
for (const [name, [x, y]] of Object.entries(sets)) {
  for (const method of ["forward", "central"] as const) {
    const r = lib.gradcheck(net, x, y, { method });
    console.log(
      `${name}, ${method}: loss ${r.loss.toExponential(2)}, ok ${r.ok}, ` +
        `max relative error ${r.maxRelativeError.toExponential(2)} ` +
        `(tolerance ${r.tolerance}), worst entry backprop ${
          r.worst!.analytic.toExponential(3)
        } vs ${r.worst!.numeric.toExponential(3)}`,
    );
  }
}

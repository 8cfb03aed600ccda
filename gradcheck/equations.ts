/**
 * `checkEquations`: the four equations of backprop, each on its own, so a
 * learner sees which one a broken layer violates.
 *
 * @module
 */
import { Dense } from "../layers/mod.ts";
import type { Network } from "../network/mod.ts";
import type { MatrixLike } from "../tensor/mod.ts";
import { DEFAULT_EPSILON, DEFAULT_TOLERANCE } from "./defaults.ts";
import { compare, differencesInZ } from "./equation_rows.ts";
import { convEquationRows } from "./conv_equations.ts";
import { prepare } from "./prepare.ts";
import type { EquationRow, EquationsReport } from "./types.ts";

/**
 * Checks BP1 to BP4 separately at every Dense layer. BP1 (output layer) and
 * BP2 (hidden layers): the layer's `Δ = ∂C/∂Z` against a central difference
 * of the batch cost in each entry of Z. BP3 and BP4: the layer's `∂C/∂b`
 * and `∂C/∂W` against the equation applied to its own Δ
 * (`Σ_rows Δ`, `Δ^T A^(l-1)`), so that a wrong δ shows up once, in BP1 or
 * BP2, and a wrong line of BP3 or BP4 shows up only there. Entries whose
 * step crosses a kink are skipped; randomness is frozen; the network is
 * left as it was.
 *
 * @param network The network.
 * @param x Inputs.
 * @param y Targets.
 * @param options Tolerance (default 1e-5) and paths.
 * @returns Rows per equation and layer, and the first violated one.
 *
 * @example A doubled bias gradient violates BP3 and nothing else
 * ```ts
 * import { checkEquations } from "./equations.ts";
 * import { Dense, Matrix, Network, quadratic, sigmoid } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * class DoubledBias extends Dense {
 *   override backwardFromDelta(needInputGrad = true): Matrix {
 *     const out = super.backwardFromDelta(needInputGrad);
 *     this.biases.forEach((_, j) => (this.params[1]!.grad[j]! *= 2));
 *     return out;
 *   }
 * }
 * const net = new Network([new Dense(2, 3, sigmoid, { seed: 1 }), new DoubledBias(3, 1, sigmoid, { seed: 2 })], quadratic);
 * const r = checkEquations(net, [[1, -1]], [[1]]);
 * assert.deepEqual(r.rows.filter((row) => !row.ok).map((row) => `${row.equation}@${row.layer}`), ["BP3@1"]);
 * ```
 */
export function checkEquations(
  network: Network,
  x: MatrixLike,
  y: MatrixLike,
  options: { tolerance?: number; paths?: "both" | "network" } = {},
): EquationsReport {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE.central;
  const eps = DEFAULT_EPSILON.central;
  const prep = prepare(network, x, y, {
    method: "central",
    sample: 1,
    ...(options.paths ? { paths: options.paths } : {}),
  });
  try {
    const layers = network.layers, pf = prep.pf, L = layers.length;
    const rows: EquationRow[] = [];
    for (let l = L - 1; l >= 0; l--) {
      const layer = layers[l];
      if (!(layer instanceof Dense)) {
        // convolutions and the layers without parameters between them
        rows.push(...convEquationRows(network, l, prep, tolerance));
        continue;
      }
      // numerical ∂C/∂Z^l, entry by entry, from a base pass
      pf.base();
      const m = layer.z.rows, n = layer.outputSize;
      const { numeric, skip, model } = differencesInZ(
        pf,
        l,
        layer.z,
        layer.activation,
        eps,
      );
      pf.base();
      const input = pf.input(l).data, k = layer.inputSize;
      const pIndex = network.params.indexOf(layer.params[0]!);
      for (const [path, grads] of prep.analytic) {
        network.fused = path === "fused";
        network.gradient(prep.x, prep.y);
        const delta = layer.delta.data.slice();
        const gW = grads[pIndex]!, gb = grads[pIndex + 1]!;
        const ownB = new Float64Array(n), ownW = new Float64Array(n * k);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            const d = delta[i * n + j]!;
            ownB[j]! += d;
            for (let c = 0; c < k; c++) {
              ownW[j * k + c]! += d * input[i * k + c]!;
            }
          }
        }
        rows.push(
          compare(
            l === L - 1 ? "BP1" : "BP2",
            l,
            path,
            delta,
            numeric,
            skip,
            tolerance,
            model,
          ),
          compare("BP3", l, path, gb, ownB, null, tolerance, null),
          compare("BP4", l, path, gW, ownW, null, tolerance, null),
        );
      }
    }
    const violated = rows.find((r) => r.failed > 0) ?? null;
    return {
      ok: rows.every((r) => r.ok),
      rows,
      violated,
      inconclusive: rows.reduce((n, r) => n + r.inconclusive, 0),
    };
  } finally {
    prep.restore();
  }
}

/**
 * `checkEquations`: the four equations of backprop, each on its own, so a
 * learner sees which one a broken layer violates.
 *
 * @module
 */
import { Dense } from "../layers/mod.ts";
import type { Network } from "../network/mod.ts";
import { Matrix, type MatrixLike } from "../tensor/mod.ts";
import {
  DEFAULT_EPSILON,
  DEFAULT_TOLERANCE,
  relativeError,
  relativeErrorFloor,
} from "./defaults.ts";
import { prepare } from "./prepare.ts";
import { convEquationRows } from "./conv_equations.ts";
import type { GradientPath } from "./types.ts";

/** One of the chapter's four equations. */
export type Equation = "BP1" | "BP2" | "BP3" | "BP4";

/** The verdict on one equation at one Dense layer and path. */
export interface EquationRow {
  /** The equation. */
  equation: Equation;
  /** 0-based layer index. */
  layer: number;
  /** The backprop path. */
  path: GradientPath;
  /** Largest relative error. */
  maxRelativeError: number;
  /** Flat index of the worst entry (of Δ, b or W). */
  worstIndex: number;
  /** Entries compared. */
  checked: number;
  /** Whether it holds within the tolerance. */
  ok: boolean;
}

/** The result of {@linkcode checkEquations}. */
export interface EquationsReport {
  /** True if all four equations hold at every Dense layer. */
  ok: boolean;
  /** One row per equation, Dense layer and path, output layer first. */
  rows: EquationRow[];
  /** The first failing row (nearest the output), or null. */
  violated: EquationRow | null;
}

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
        rows.push(...convEquationRows(network, l, prep, tolerance, compare));
        continue;
      }
      // numerical ∂C/∂Z^l, entry by entry, from a base pass
      pf.base();
      const Z = layer.z.data.slice(), m = layer.z.rows, n = layer.outputSize;
      const numeric = new Float64Array(Z.length),
        skip = new Uint8Array(Z.length);
      const zp = new Matrix(m, n, Z.slice()), ap = new Matrix(m, n);
      const kinks = layer.activation.kinks ?? [];
      const act = layer.activation;
      const costAt = (): number => {
        if (act.forward) act.forward(zp.data, ap.data, m, n);
        else {for (let i = 0; i < zp.data.length; i++) {
            ap.data[i] = act.fn(zp.data[i]!);
          }}
        return pf.lossFromInput(l + 1, ap);
      };
      for (let i = 0; i < Z.length; i++) {
        const z = Z[i]!, h = eps * Math.max(1, Math.abs(z));
        zp.data[i] = z + h;
        const hi = zp.data[i]!, cp = costAt();
        let crossed = pf.crossedKink(l + 1);
        zp.data[i] = z - h;
        const lo = zp.data[i]!, cm = costAt();
        crossed ||= pf.crossedKink(l + 1) ||
          kinks.some((k) => lo <= k && k <= hi);
        zp.data[i] = z;
        numeric[i] = (cp - cm) / (hi - lo);
        skip[i] = crossed ? 1 : 0;
      }
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
            eps,
            pf.loss0,
          ),
          compare("BP3", l, path, gb, ownB, null, tolerance, eps, 0),
          compare("BP4", l, path, gW, ownW, null, tolerance, eps, 0),
        );
      }
    }
    const violated = rows.find((r) => !r.ok) ?? null;
    return { ok: violated === null, rows, violated };
  } finally {
    prep.restore();
  }
}

/**
 * One equation's verdict: the largest relative error of `analytic` against
 * `reference`, entries flagged in `skip` left out.
 *
 * @param equation The equation.
 * @param layer 0-based layer index.
 * @param path The backprop path.
 * @param analytic What the layer computed.
 * @param reference What the equation says.
 * @param skip 1 for entries not to judge (kinks), or null.
 * @param tolerance The largest relative error that passes.
 * @param eps The relative step of the differences.
 * @param loss The batch cost, for the floor of the relative error.
 * @returns The row.
 */
export function compare(
  equation: Equation,
  layer: number,
  path: GradientPath,
  analytic: Float64Array,
  reference: Float64Array,
  skip: Uint8Array | null,
  tolerance: number,
  eps: number,
  loss: number,
): EquationRow {
  let scale = 0;
  for (let i = 0; i < analytic.length; i++) {
    if (skip?.[i]) continue;
    scale = Math.max(scale, Math.abs(analytic[i]!), Math.abs(reference[i]!));
  }
  const floor = relativeErrorFloor(scale, loss, eps, tolerance);
  let max = 0, worstIndex = -1, checked = 0;
  for (let i = 0; i < analytic.length; i++) {
    if (skip?.[i]) continue;
    checked++;
    let e = relativeError(analytic[i]!, reference[i]!, floor);
    if (Number.isNaN(e)) e = Infinity;
    if (worstIndex < 0 || e > max) {
      max = e;
      worstIndex = i;
    }
  }
  return {
    equation,
    layer,
    path,
    maxRelativeError: max,
    worstIndex,
    checked,
    ok: max <= tolerance,
  };
}

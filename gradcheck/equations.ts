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
  FLOOR_FRACTION,
  relativeError,
} from "./defaults.ts";
import { ERROR_FACTOR, noiseOf, roundingQuantum } from "./error_model.ts";
import { prepare } from "./prepare.ts";
import type {
  Equation,
  EquationRow,
  EquationsReport,
  GradientPath,
} from "./types.ts";

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
      if (!(layer instanceof Dense)) continue;
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
      // the error of each central difference: truncation from two step
      // sizes, round-off from the quantum (the noise only if needed)
      const quantum = roundingQuantum(pf);
      const truncation = new Float64Array(Z.length),
        span = new Float64Array(Z.length);
      const at = (i: number, t: number): number => {
        zp.data[i] = t;
        const c = costAt();
        zp.data[i] = Z[i]!;
        return c;
      };
      for (let i = 0; i < Z.length; i++) {
        const z = Z[i]!, h = eps * Math.max(1, Math.abs(z));
        zp.data[i] = z + h;
        const hi = zp.data[i]!, cp = costAt();
        let crossed = pf.crossedKink(l + 1);
        zp.data[i] = z - h;
        const lo = zp.data[i]!, cm = costAt();
        crossed ||= pf.crossedKink(l + 1) ||
          kinks.some((k) => z - 2 * h <= k && k <= z + 2 * h);
        zp.data[i] = z;
        numeric[i] = (cp - cm) / (hi - lo);
        span[i] = hi - lo;
        // the steps as stored: (z + 2h) − (z − 2h) rounded
        zp.data[i] = z + 2 * h;
        const hi2 = zp.data[i]!;
        zp.data[i] = z - 2 * h;
        const span2 = hi2 - zp.data[i]!;
        zp.data[i] = z;
        const cp2 = at(i, z + 2 * h);
        crossed ||= pf.crossedKink(l + 1);
        const cm2 = at(i, z - 2 * h);
        crossed ||= pf.crossedKink(l + 1);
        truncation[i] = Math.abs((cp2 - cm2) / span2 - numeric[i]!) / 3;
        skip[i] = crossed ? 1 : 0;
      }
      const model: ErrorModel = {
        quantum,
        truncation,
        span,
        noise: (i) =>
          noiseOf((t) => at(i, t), Z[i]! + span[i]! / 2, quantum) +
          noiseOf((t) => at(i, t), Z[i]! - span[i]! / 2, quantum),
      };
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

/** The error model of the BP1/BP2 differences (see `error_model.ts`). */
interface ErrorModel {
  /** The rounding quantum of C. */
  quantum: number;
  /** Truncation estimate of each entry. */
  truncation: Float64Array;
  /** The step `(z + h) − (z − h)` of each entry. */
  span: Float64Array;
  /** ρ(z + h) + ρ(z − h) of entry i, measured. */
  noise: (i: number) => number;
}

function compare(
  equation: Equation,
  layer: number,
  path: GradientPath,
  analytic: Float64Array,
  reference: Float64Array,
  skip: Uint8Array | null,
  tolerance: number,
  model: ErrorModel | null,
): EquationRow {
  let scale = 0;
  for (let i = 0; i < analytic.length; i++) {
    if (skip?.[i]) continue;
    scale = Math.max(scale, Math.abs(analytic[i]!), Math.abs(reference[i]!));
  }
  const floor = Math.max(FLOOR_FRACTION * scale, Number.MIN_VALUE);
  let max = 0, worstIndex = -1, checked = 0, failed = 0, inconclusive = 0;
  for (let i = 0; i < analytic.length; i++) {
    if (skip?.[i]) continue;
    checked++;
    const a = analytic[i]!, n = reference[i]!, d = Math.abs(a - n);
    let floorI = floor, bound = 0;
    if (model) {
      // as in gradcheck's verdict: round-off is judged against its own
      // size where the whole of Δ is resolved; beyond the tolerance, fail
      // only beyond ERROR_FACTOR times the estimated error
      const roundoff = (2 * model.quantum) / model.span[i]!;
      const res = ERROR_FACTOR * roundoff;
      if (res <= tolerance * scale) floorI = Math.max(floor, res / tolerance);
      bound = ERROR_FACTOR * (model.truncation[i]! + roundoff);
    }
    let e = relativeError(a, n, floorI);
    if (Number.isNaN(e)) e = Infinity;
    if (!(e <= tolerance)) {
      if (model && d > bound && Number.isFinite(e)) {
        bound = ERROR_FACTOR *
          (model.truncation[i]! + model.noise(i) / model.span[i]!);
      }
      if (model && d <= bound) inconclusive++;
      else failed++;
    }
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
    failed,
    inconclusive,
    ok: failed === 0 && inconclusive === 0,
  };
}

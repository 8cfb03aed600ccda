/**
 * The four equations generalised to convolution and pooling, each checked
 * on its own, so a learner sees which one a broken conv layer violates:
 *
 * - BP1/BP2 at a Conv2D: its `Δ = ∂C/∂Z` against central differences of
 *   the batch cost in each entry of Z (δ of a convolution is the full
 *   correlation of the next δ with the flipped kernels: a wrong one shows
 *   here, at the layer below the broken one).
 * - BP3 at a Conv2D: `∂C/∂b_f = Σ_rows Σ_(y,x) δ_{f,y,x}` (shared bias).
 * - BP4 at a Conv2D: `∂C/∂K_{f,c,u,v} = Σ_rows Σ_(y,x) δ_{f,y,x}
 *   a_{c, y·s+u−p, x·s+v−p}`, the correlation of the input with δ, by
 *   naive loops from the layer's own Δ.
 * - BP2 through a layer without Params (a pool): its `backward` applied to
 *   the numerical `∂C/∂output` against the numerical `∂C/∂input` (max-pool
 *   routes δ to the arg-max; average-pool shares it out).
 *
 * @module
 */
import { Conv2D, type Layer } from "../layers/mod.ts";
import type { Network } from "../network/mod.ts";
import { Matrix } from "../tensor/mod.ts";
import { DEFAULT_EPSILON } from "./defaults.ts";
import type { EquationRow } from "./types.ts";
import {
  centralDifferences,
  compare,
  differencesInZ,
} from "./equation_rows.ts";
import { roundingQuantum } from "./error_model.ts";
import type { Prepared } from "./prepare.ts";

/**
 * The equation rows of layer `l` if it is a Conv2D or a layer without
 * Params that is not the last (a pool, dropout); none otherwise. Called by
 * `checkEquations` for every layer that is not Dense.
 *
 * @param network The network (its weights as prepared).
 * @param l The layer index.
 * @param prep The prepared check (frozen randomness, forward cache).
 * @param tolerance The largest relative error that passes.
 * @param compareRow `checkEquations`' verdict on one equation (passed in,
 * so that the two files do not import each other).
 * @returns The rows, output side first.
 */
export function convEquationRows(
  network: Network,
  l: number,
  prep: Prepared,
  tolerance: number,
): EquationRow[] {
  const layer = network.layers[l]!;
  if (layer instanceof Conv2D) {
    return convRows(network, l, layer, prep, tolerance);
  }
  if (layer.params.length === 0 && l < network.layers.length - 1) {
    return passThroughRows(l, layer, prep, tolerance);
  }
  return [];
}

function convRows(
  network: Network,
  l: number,
  layer: Conv2D,
  prep: Prepared,
  tolerance: number,
): EquationRow[] {
  const pf = prep.pf, eps = DEFAULT_EPSILON.central, L = network.layers.length;
  pf.base();
  const m = layer.z.rows;
  const { numeric, skip, model } = differencesInZ(
    pf,
    l,
    layer.z,
    layer.activation,
    eps,
  );
  pf.base();
  const input = pf.input(l).data;
  const pIndex = network.params.indexOf(layer.params[0]!);
  const rows: EquationRow[] = [];
  for (const [path, grads] of prep.analytic) {
    network.fused = path === "fused";
    network.gradient(prep.x, prep.y);
    const delta = layer.delta.data.slice();
    const [ownK, ownB] = kernelGradient(layer, input, delta, m);
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
      compare(
        "BP3",
        l,
        path,
        grads[pIndex + 1]!,
        ownB,
        null,
        tolerance,
        null,
      ),
      compare("BP4", l, path, grads[pIndex]!, ownK, null, tolerance, null),
    );
  }
  return rows;
}

/** BP3 and BP4 of a convolution by their definitions, from its own Δ. */
function kernelGradient(
  layer: Conv2D,
  input: Float64Array,
  delta: Float64Array,
  m: number,
): [Float64Array, Float64Array] {
  const [C, H, W] = layer.inputShape, [F, OH, OW] = layer.outputShape;
  const [kh, kw] = layer.kernelSize, s = layer.stride;
  // the padding before, as Conv2D's "same" rule places it
  const pt = layer.padding === "same"
    ? Math.floor(Math.max((OH - 1) * s + kh - H, 0) / 2)
    : 0;
  const pl = layer.padding === "same"
    ? Math.floor(Math.max((OW - 1) * s + kw - W, 0) / 2)
    : 0;
  const gK = new Float64Array(F * C * kh * kw), gb = new Float64Array(F);
  for (let i = 0; i < m; i++) {
    for (let f = 0; f < F; f++) {
      for (let y = 0; y < OH; y++) {
        for (let x = 0; x < OW; x++) {
          const d = delta[((i * F + f) * OH + y) * OW + x]!;
          gb[f]! += d; // BP3: Σ over rows and positions
          for (let c = 0; c < C; c++) {
            for (let u = 0; u < kh; u++) {
              const r = y * s + u - pt;
              if (r < 0 || r >= H) continue;
              for (let v = 0; v < kw; v++) {
                const q = x * s + v - pl;
                if (q < 0 || q >= W) continue;
                // BP4: δ_{f,y,x} a_{c, y·s+u−p, x·s+v−p}
                gK[((f * C + c) * kh + u) * kw + v]! += d *
                  input[((i * C + c) * H + r) * W + q]!;
              }
            }
          }
        }
      }
    }
  }
  return [gK, gb];
}

/** BP2 through a layer without Params: its backward as a Jacobian product. */
function passThroughRows(
  l: number,
  layer: Layer,
  prep: Prepared,
  tolerance: number,
): EquationRow[] {
  const pf = prep.pf, eps = DEFAULT_EPSILON.central;
  pf.base();
  const out = copy(layer.forward(pf.input(l), true));
  // ∂C/∂output and ∂C/∂input by central differences
  const gOut = differences(
    out,
    (a) => pf.lossFromInput(l + 1, a),
    () => pf.crossedKink(l + 1),
    eps,
  );
  const input = copy(pf.input(l));
  const gIn = centralDifferences(
    input.data,
    () => pf.lossFromInput(l, input),
    () => pf.crossedKink(l),
    [],
    eps,
    roundingQuantum(pf),
  );
  pf.base();
  layer.forward(pf.input(l), true);
  const mapped = layer.backward(new Matrix(out.rows, out.cols, gOut.value));
  // a kink above the layer spoils the whole of ∂C/∂output: then nothing is
  // judged; a kink of the layer itself (a max-pool tie) only its entry
  const skip = gOut.skip.includes(1) ? gIn.skip.fill(1) : gIn.skip;
  return [
    compare(
      "BP2",
      l,
      "generic",
      mapped.data.slice(),
      gIn.numeric,
      skip,
      tolerance,
      gIn.model,
    ),
  ];
}

function copy(m: Matrix): Matrix {
  return new Matrix(m.rows, m.cols, m.data.slice());
}

function differences(
  at: Matrix,
  cost: (a: Matrix) => number,
  crossed: () => boolean,
  eps: number,
): { value: Float64Array; skip: Uint8Array } {
  const A = at.data,
    value = new Float64Array(A.length),
    skip = new Uint8Array(A.length);
  for (let i = 0; i < A.length; i++) {
    const a = A[i]!, h = eps * Math.max(1, Math.abs(a));
    A[i] = a + h;
    const hi = A[i]!, cp = cost(at);
    let c = crossed();
    A[i] = a - h;
    const lo = A[i]!, cm = cost(at);
    c ||= crossed();
    A[i] = a;
    value[i] = (cp - cm) / (hi - lo);
    skip[i] = c ? 1 : 0;
  }
  return { value, skip };
}

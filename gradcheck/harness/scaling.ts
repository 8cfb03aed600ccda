/**
 * The scaling sweep: backprop's and the forward difference's cost from
 * about 100 to over 1,000,000 parameters, fitted on a log-log scale.
 *
 * @module
 */
import { mlp } from "../../network/mod.ts";
import { Random } from "../../tensor/mod.ts";
import { gradcheck } from "../check.ts";
import { fitLogLog } from "./fit.ts";
import type { ScalingPoint, ScalingResult } from "./scaling_types.ts";
export type { ScalingPoint, ScalingResult } from "./scaling_types.ts";
import { scalingSvg } from "./svg.ts";
import { formatMs, formatTable } from "./table.ts";

/** Options of {@linkcode scalingSweep}. */
export interface ScalingOptions {
  /**
   * Widths n of the `[n, n, 10]` networks.
   *
   * @default {[8, 16, 32, 64, 128, 256, 512, 1024]}
   */
  widths?: readonly number[];
  /**
   * Check every entry while the full numeric pass is estimated below this
   * (ms); above it, sample entries and extrapolate.
   *
   * @default {4000}
   */
  fullBudgetMs?: number;
  /**
   * Entries per Param when sampling.
   *
   * @default {64}
   */
  sample?: number;
  /**
   * Seed.
   *
   * @default {0}
   */
  seed?: number;
  /** Called after each point. */
  onPoint?: (p: ScalingPoint) => void;
}

/**
 * Times backprop and the forward difference on `[n, n, 10]` sigmoid
 * networks with a batch of 10, from about 100 to over 1,000,000 parameters.
 * Where a full numeric pass would take longer than the budget, it samples
 * entries of every Param and extrapolates (the point is marked).
 *
 * @param options Widths, budget, sample size, seed.
 * @returns The points and the log-log fits.
 *
 * @example
 * ```ts
 * import { scalingSweep } from "./scaling.ts";
 * import assert from "node:assert/strict";
 *
 * const r = scalingSweep({ widths: [4, 8, 16, 32] });
 * assert.equal(r.points.length, 4);
 * assert.ok(r.numeric.slope > r.backprop.slope);
 * ```
 */
export function scalingSweep(options: ScalingOptions = {}): ScalingResult {
  const widths = options.widths ?? [8, 16, 32, 64, 128, 256, 512, 1024];
  const budget = options.fullBudgetMs ?? 4000, seed = options.seed ?? 0;
  const points: ScalingPoint[] = [];
  for (const n of widths) {
    const sizes = [n, n, 10], network = mlp(sizes, { seed });
    const r = new Random(seed + n);
    const x = Array.from(
      { length: 10 },
      () => Array.from({ length: n }, () => r.uniform()),
    );
    const y = Array.from(
      { length: 10 },
      (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 1 : 0)),
    );
    const params = network.params.reduce((s, p) => s + p.value.length, 0);
    // estimate the full pass from a small sample first
    const probe = gradcheck(network, x, y, {
      sample: 8,
      seed,
      paths: "network",
      minTimingMs: 50,
    });
    const full = probe.timing.numericMs < budget;
    const report = full
      ? gradcheck(network, x, y, {
        paths: "network",
        minTimingMs: 100,
      })
      : gradcheck(network, x, y, {
        sample: options.sample ?? 64,
        seed,
        paths: "network",
        minTimingMs: 100,
      });
    const point: ScalingPoint = {
      sizes,
      params,
      backpropMs: report.timing.backpropMs,
      numericMs: report.timing.numericMs,
      extrapolated: report.timing.extrapolated,
      speedup: report.timing.speedup,
    };
    points.push(point);
    options.onPoint?.(point);
  }
  const big = points.filter((p) => p.params >= 1000);
  const fitOn = big.length >= 2 ? big : points;
  return {
    points,
    backprop: fitLogLog(
      fitOn.map((p) => p.params),
      fitOn.map((p) => p.backpropMs),
    ),
    numeric: fitLogLog(
      fitOn.map((p) => p.params),
      fitOn.map((p) => p.numericMs),
    ),
  };
}

/**
 * `deno task gradcheck --scaling`: runs the sweep, prints the table and the
 * fitted slopes, writes the SVG plot.
 *
 * @param o Seed, JSON output, SVG path.
 * @returns The exit code (0).
 *
 * @example
 * ```ts ignore
 * import { runScaling } from "./scaling.ts";
 *
 * await runScaling({ seed: 0, json: false, out: "docs/gradcheck_scaling.svg" }); // minutes
 * ```
 */
export async function runScaling(
  o: { seed: number; json: boolean; out: string },
): Promise<number> {
  if (!o.json) {
    console.log("Scaling sweep: [n, n, 10] sigmoid networks, batch of 10\n");
  }
  const result = scalingSweep({
    seed: o.seed,
    onPoint: (p) => {
      if (!o.json) {
        console.log(
          `  ${p.params} params: backprop ${formatMs(p.backpropMs)}, numeric ${
            formatMs(p.numericMs)
          }${p.extrapolated ? " (extrapolated)" : ""}`,
        );
      }
    },
  });
  const dir = o.out.replace(/[\\/][^\\/]*$/, "");
  if (dir !== o.out) await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(o.out, scalingSvg(result));
  if (o.json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  console.log(
    "\n" + formatTable(
      ["network", "params", "backprop", "forward difference", "speedup"],
      result.points.map((p) => [
        `[${p.sizes.join(", ")}]`,
        String(p.params),
        formatMs(p.backpropMs),
        formatMs(p.numericMs) + (p.extrapolated ? " (extrapolated)" : ""),
        `${p.speedup.toPrecision(3)}x`,
      ]),
      [false, true, true, true, true],
    ),
  );
  console.log(
    `\nLog-log slopes (points with >= 1,000 params): backprop ${
      result.backprop.slope.toFixed(2)
    }, ` +
      `forward difference ${result.numeric.slope.toFixed(2)}.\nWrote ${o.out}`,
  );
  return 0;
}

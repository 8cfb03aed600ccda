/**
 * The scaling plot as a self-contained SVG.
 *
 * @module
 */
import type { ScalingResult } from "./scaling_types.ts";

const W = 640, H = 420, L = 70, R = 20, T = 40, B = 55;

/**
 * Draws the sweep on log-log axes: backprop and the forward difference
 * against the parameter count, measured points filled, extrapolated ones
 * hollow, with the fitted lines and their slopes.
 *
 * @param r The sweep.
 * @returns SVG text.
 *
 * @example
 * ```ts
 * import { scalingSvg } from "./svg.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = scalingSvg({
 *   points: [
 *     { sizes: [8, 8, 10], params: 100, backpropMs: 0.01, numericMs: 1, extrapolated: false, speedup: 100 },
 *     { sizes: [99, 99, 10], params: 10000, backpropMs: 1, numericMs: 10000, extrapolated: true, speedup: 1e4 },
 *   ],
 *   backprop: { slope: 1, intercept: -4 },
 *   numeric: { slope: 2, intercept: -4 },
 * });
 * assert.ok(svg.includes("<svg") && svg.includes("slope 2.00"));
 * ```
 */
export function scalingSvg(r: ScalingResult): string {
  const ps = r.points;
  const xs = ps.map((p) => Math.log10(p.params));
  const ys = ps.flatMap((
    p,
  ) => [Math.log10(p.backpropMs), Math.log10(p.numericMs)]);
  const x0 = Math.floor(Math.min(...xs)), x1 = Math.ceil(Math.max(...xs));
  const y0 = Math.floor(Math.min(...ys)), y1 = Math.ceil(Math.max(...ys));
  const px = (lx: number) => L + ((lx - x0) / (x1 - x0)) * (W - L - R);
  const py = (ly: number) => H - B - ((ly - y0) / (y1 - y0)) * (H - T - B);
  const f = (n: number) => n.toFixed(1);
  const out: string[] = [
    // the file is generated: deno fmt leaves it as written
    "<!-- deno-fmt-ignore-file -->",
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${
      W / 2
    }" y="22" text-anchor="middle" font-size="15">Time for the whole gradient: backprop vs forward difference</text>`,
  ];
  for (let e = x0; e <= x1; e++) {
    out.push(
      `<line x1="${f(px(e))}" y1="${T}" x2="${f(px(e))}" y2="${
        H - B
      }" stroke="#ddd"/>`,
      `<text x="${f(px(e))}" y="${
        H - B + 18
      }" text-anchor="middle">1e${e}</text>`,
    );
  }
  for (let e = y0; e <= y1; e++) {
    out.push(
      `<line x1="${L}" y1="${f(py(e))}" x2="${W - R}" y2="${
        f(py(e))
      }" stroke="#ddd"/>`,
      `<text x="${L - 6}" y="${
        f(py(e) + 4)
      }" text-anchor="end">1e${e} ms</text>`,
    );
  }
  out.push(
    `<text x="${(L + W - R) / 2}" y="${
      H - 12
    }" text-anchor="middle">parameters (log scale)</text>`,
    `<rect x="${L}" y="${T}" width="${W - L - R}" height="${
      H - T - B
    }" fill="none" stroke="#333"/>`,
  );
  const series = [
    {
      fit: r.numeric,
      color: "#d95f02",
      key: "numericMs" as const,
      name: "forward difference",
    },
    {
      fit: r.backprop,
      color: "#1b6ac9",
      key: "backpropMs" as const,
      name: "backprop",
    },
  ];
  series.forEach((s, k) => {
    const a = s.fit.intercept + s.fit.slope * x0,
      b = s.fit.intercept + s.fit.slope * x1;
    out.push(
      `<line x1="${f(px(x0))}" y1="${f(py(a))}" x2="${f(px(x1))}" y2="${
        f(py(b))
      }" stroke="${s.color}" stroke-dasharray="5 4" clip-path="url(#plot)"/>`,
    );
    for (const p of ps) {
      const hollow = s.key === "numericMs" && p.extrapolated;
      out.push(
        `<circle cx="${f(px(Math.log10(p.params)))}" cy="${
          f(py(Math.log10(p[s.key])))
        }" r="4.5" fill="${
          hollow ? "white" : s.color
        }" stroke="${s.color}" stroke-width="1.5"/>`,
      );
    }
    const ly = T + 18 + 18 * k;
    out.push(
      `<circle cx="${L + 16}" cy="${ly - 4}" r="4.5" fill="${s.color}"/>`,
      `<text x="${L + 26}" y="${ly}">${s.name}: slope ${
        s.fit.slope.toFixed(2)
      }</text>`,
    );
  });
  out.push(
    `<circle cx="${L + 16}" cy="${
      T + 50
    }" r="4.5" fill="white" stroke="#d95f02" stroke-width="1.5"/>`,
    `<text x="${L + 26}" y="${
      T + 54
    }">extrapolated from sampled entries</text>`,
    `<clipPath id="plot"><rect x="${L}" y="${T}" width="${W - L - R}" height="${
      H - T - B
    }"/></clipPath>`,
    "</svg>",
  );
  return out.join("\n") + "\n";
}

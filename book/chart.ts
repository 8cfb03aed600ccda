/**
 * Line charts for the book's figures, as SVG (Vega-Lite rendered by vega,
 * as the CLI's plots are).
 *
 * @module
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** One point of a line chart. */
export interface Point {
  /** The x value (usually the epoch). */
  x: number;
  /** The y value. */
  y: number;
  /** The line it belongs to. */
  series: string;
}

/** A chart's labels and scale. */
export interface ChartOptions {
  /** Title (with the command that made the figure). */
  title: string | string[];
  /** x axis title. */
  x: string;
  /** y axis title. */
  y: string;
  /** Log scale on y. */
  logY?: boolean;
  /** y axis number format. */
  format?: string;
}

/**
 * Renders a line chart, one line per series.
 *
 * @param points The points.
 * @param options Labels and scale.
 * @returns The SVG text.
 */
export async function lineChart(
  points: readonly Point[],
  options: ChartOptions,
): Promise<string> {
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: options.title, fontSize: 13 },
    width: 480,
    height: 280,
    data: { values: points.filter((p) => Number.isFinite(p.y)) },
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: { field: "x", type: "quantitative", title: options.x },
      y: {
        field: "y",
        type: "quantitative",
        title: options.y,
        scale: options.logY ? { type: "log" } : { zero: false },
        ...(options.format ? { axis: { format: options.format } } : {}),
      },
      color: { field: "series", type: "nominal", title: null },
    },
    config: {
      font: "sans-serif",
      legend: { orient: "bottom", columns: 2, labelLimit: 400 },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), {
    renderer: "none",
  });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

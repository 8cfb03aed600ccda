/**
 * The learning curves as an SVG: a Vega-Lite chart rendered server-side by
 * the `vega` package (`view.toSVG()`, no canvas needed). The only module
 * that imports vega and vega-lite.
 *
 * @module
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { EpochStats } from "../network/train.ts";
import { speedPanel } from "./speed_panel.ts";

/**
 * Renders loss (and accuracy, for classification) per epoch, training and
 * validation, side by side, and with per-layer figures each layer's speed
 * of learning.
 *
 * @param history `train`'s history.
 * @param title The chart title (the data file).
 * @returns The SVG text.
 */
export async function learningCurvesSvg(
  history: readonly EpochStats[],
  title: string,
): Promise<string> {
  const rows: { epoch: number; metric: string; set: string; value: number }[] =
    [];
  for (const s of history) {
    const add = (
      metric: string,
      set: string,
      value: number | undefined,
    ): void => {
      if (value !== undefined && Number.isFinite(value)) {
        rows.push({ epoch: s.epoch, metric, set, value });
      }
    };
    add("loss", "training", s.loss);
    add("loss", "validation", s.validationLoss);
    add("accuracy", "training", s.accuracy);
    add("accuracy", "validation", s.validationAccuracy);
  }
  const panel = (metric: string, format: string) => ({
    transform: [{ filter: { field: "metric", equal: metric } }],
    mark: { type: "line" as const, strokeWidth: 2 },
    width: 320,
    height: 220,
    title: metric,
    encoding: {
      x: { field: "epoch", type: "quantitative" as const, title: "epoch" },
      y: {
        field: "value",
        type: "quantitative" as const,
        title: metric,
        axis: { format },
        scale: { zero: false },
      },
      color: {
        field: "set",
        type: "nominal" as const,
        title: null,
        scale: {
          domain: ["training", "validation"],
          range: ["#1f77b4", "#ff7f0e"],
        },
      },
    },
  });
  const panels = [panel("loss", ".3~f")];
  if (rows.some((r) => r.metric === "accuracy")) {
    panels.push(panel("accuracy", ".0%"));
  }
  // train --diagnose: each layer's speed of learning, log scale
  const speed = speedPanel(history);
  if (speed) panels.push(speed as ReturnType<typeof panel>);
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    data: { values: rows },
    hconcat: panels,
    config: { font: "sans-serif", legend: { orient: "bottom" } },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), {
    renderer: "none",
  });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

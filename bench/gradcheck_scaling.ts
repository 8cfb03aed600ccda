/**
 * Checks the growth rates behind the chapter's "in what sense is backprop
 * fast": over [n, n, 10] networks, the time of one backprop pass grows like
 * the parameter count P (log-log slope near 1) and the forward difference's
 * like P² (slope near 2), so the slopes differ by about 1. A benchmark, not a
 * test: it times things. `deno task bench:gradcheck` (exit code 1 if the
 * slopes are off).
 *
 * @module
 */
import { scalingSweep } from "../gradcheck/harness/mod.ts";

const result = scalingSweep({
  widths: [32, 64, 128, 256, 512],
  fullBudgetMs: 2000,
  onPoint: (p) =>
    console.log(
      `${p.params} params: backprop ${p.backpropMs.toPrecision(3)} ms, ` +
        `forward difference ${p.numericMs.toPrecision(3)} ms` +
        (p.extrapolated ? " (extrapolated)" : ""),
    ),
});
const b = result.backprop.slope, n = result.numeric.slope;
console.log(
  `log-log slopes: backprop ${b.toFixed(2)}, forward difference ${
    n.toFixed(2)
  }, difference ${(n - b).toFixed(2)}`,
);
const ok = b > 0.6 && b < 1.4 && n > 1.6 && n < 2.4 && n - b > 0.7;
console.log(ok ? "slopes as expected: ~1 and ~2" : "slopes NOT as expected");
if (!ok) Deno.exit(1);

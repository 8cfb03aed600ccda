/**
 * The gradient check's report as the page shows it: the verdict (or the
 * layer where the error starts), both methods' times, the worst entry and
 * a row per layer. `data-ok` and `data-suspect` on the box say the same
 * for tests.
 *
 * @module
 */

function format(ms) {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

/**
 * Fills `box` with a gradcheck report.
 *
 * @param {HTMLElement} box Where to write.
 * @param {import("../mod.ts").GradcheckReport} report The report.
 * @param {import("../mod.ts").Network} net The network checked.
 */
export function showReport(box, report, net) {
  const t = report.timing, w = report.worst;
  const wParam = w && w.param === "W"
    ? `W[${Math.floor(w.index / net.layers[w.layer].inputSize)}][${
      w.index % net.layers[w.layer].inputSize
    }]`
    : w
    ? `${w.param}[${w.index}]`
    : "";
  const verdict = report.ok
    ? `All ${report.checked} gradients agree with finite differences (largest relative error ${
      report.maxRelativeError.toExponential(1)
    }, tolerance ${report.tolerance.toExponential(0)}).`
    : `Gradients disagree: the error starts in layer ${report.suspect.layer} (${report.suspect.param}); backprop is wrong in that layer, or in what the layer above passes down to it.`;
  box.innerHTML = "";
  const add = (tag, text, cls) => {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    box.append(el);
    return el;
  };
  add("p", verdict, "verdict");
  add(
    "p",
    `Backprop: ${
      format(t.backpropMs)
    } for the whole gradient (${t.forwardPasses.backprop} forward + 1 backward pass). ` +
      `Central differences: ${
        format(t.numericMs)
      } (${t.forwardPasses.numeric} forward passes${
        t.workers > 1 ? `, ${t.workers} Workers` : ""
      }), ` +
      `${t.speedup.toFixed(0)}× slower.`,
  );
  if (w) {
    add(
      "p",
      `Worst entry: layer ${w.layer}, ${wParam}: backprop ${
        w.analytic.toPrecision(6)
      }, finite difference ${w.numeric.toPrecision(6)}, relative error ${
        w.relativeError.toExponential(1)
      }.`,
      "worst",
    );
  }
  const table = document.createElement("table");
  table.innerHTML =
    "<tr><th>layer</th><th>largest relative error</th><th></th></tr>";
  for (const row of report.layers) {
    const tr = table.insertRow();
    tr.insertCell().textContent = `${row.layer}`;
    tr.insertCell().textContent = row.maxRelativeError.toExponential(2);
    tr.insertCell().textContent = row.ok ? "ok" : "FAILS";
  }
  box.append(table);
  box.dataset.ok = `${report.ok}`;
  box.dataset.suspect = report.suspect ? `${report.suspect.layer}` : "";
}

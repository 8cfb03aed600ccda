/**
 * Canvas drawings of the page: the decision boundary with the points, and
 * line charts on a log scale (loss curves, gradient sizes).
 *
 * @module
 */

/** Class colours: [r, g, b]. */
export const COLORS = [
  [33, 102, 172],
  [214, 96, 77],
  [27, 158, 119],
  [117, 112, 179],
  [230, 171, 2],
  [102, 102, 102],
];

/**
 * Paints the network's class regions on a grid and the points over them.
 *
 * @param canvas The canvas.
 * @param view `{ x0, x1, y0, y1 }`, the data coordinates shown.
 * @param grid `{ size, probs, k }`: a size x size grid of k-class outputs,
 * row-major from the top-left corner.
 * @param sets `[{ data, test }]` to draw as points.
 */
export function drawBoundary(canvas, view, grid, sets) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  const image = ctx.createImageData(grid.size, grid.size);
  for (let i = 0; i < grid.size * grid.size; i++) {
    let best = 0, sum = 0;
    for (let c = 0; c < grid.k; c++) {
      const p = grid.probs[i * grid.k + c];
      sum += p;
      if (p > grid.probs[i * grid.k + best]) best = c;
    }
    const confidence = grid.probs[i * grid.k + best] / (sum || 1);
    const color = COLORS[best % COLORS.length];
    const alpha = Math.max(
      0,
      Math.min(1, (confidence - 1 / grid.k) * grid.k / (grid.k - 1)),
    );
    for (let ch = 0; ch < 3; ch++) {
      image.data[4 * i + ch] = 255 - alpha * 0.55 * (255 - color[ch]);
    }
    image.data[4 * i + 3] = 255;
  }
  const small = new OffscreenCanvas(grid.size, grid.size);
  small.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, w, h);
  for (const { data, test } of sets) {
    const k = data.y.cols;
    for (let r = 0; r < data.x.rows; r++) {
      const px = ((data.x.data[2 * r] - view.x0) / (view.x1 - view.x0)) * w;
      const py =
        (1 - (data.x.data[2 * r + 1] - view.y0) / (view.y1 - view.y0)) * h;
      let label = 0;
      for (let c = 1; c < k; c++) {
        if (data.y.data[r * k + c] > data.y.data[r * k + label]) label = c;
      }
      ctx.beginPath();
      ctx.arc(px, py, test ? 4 : 3, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${COLORS[label % COLORS.length].join(",")})`;
      ctx.fill();
      ctx.lineWidth = test ? 1.5 : 0.6;
      ctx.strokeStyle = test ? "#000" : "#fff";
      ctx.stroke();
    }
  }
}

/**
 * A line chart with a log-scaled y axis.
 *
 * @param canvas The canvas.
 * @param series `[{ label, color, points: [[x, y], ...] }]`.
 * @param title The chart's title.
 */
export function drawLogChart(canvas, series, title) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  const left = 52, right = 8, top = 22, bottom = 22;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = "#222";
  ctx.font = "12px system-ui, sans-serif";
  ctx.fillText(title, left, 14);
  const all = series.flatMap((s) => s.points).filter(([, y]) =>
    y > 0 && Number.isFinite(y)
  );
  if (all.length === 0) return;
  const xMax = Math.max(1, ...all.map(([x]) => x));
  let yMin = Math.log10(Math.min(...all.map(([, y]) => y)));
  let yMax = Math.log10(Math.max(...all.map(([, y]) => y)));
  yMin = Math.floor(yMin);
  yMax = Math.max(yMin + 1, Math.ceil(yMax));
  const X = (x) => left + (x / xMax) * (w - left - right);
  const Y = (y) =>
    top + (1 - (Math.log10(y) - yMin) / (yMax - yMin)) * (h - top - bottom);
  ctx.strokeStyle = "#ddd";
  ctx.fillStyle = "#666";
  ctx.lineWidth = 1;
  for (let e = yMin; e <= yMax; e++) {
    ctx.beginPath();
    ctx.moveTo(left, Y(10 ** e));
    ctx.lineTo(w - right, Y(10 ** e));
    ctx.stroke();
    ctx.fillText(`1e${e}`, 6, Y(10 ** e) + 4);
  }
  ctx.fillText(`${xMax}`, w - right - ctx.measureText(`${xMax}`).width, h - 6);
  ctx.fillText("epoch", left, h - 6);
  series.forEach((s, i) => {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.6;
    ctx.beginPath();
    let started = false;
    for (const [x, y] of s.points) {
      if (!(y > 0) || !Number.isFinite(y)) continue;
      if (started) ctx.lineTo(X(x), Y(y));
      else ctx.moveTo(X(x), Y(y));
      started = true;
    }
    ctx.stroke();
    ctx.fillStyle = s.color;
    ctx.fillText(s.label, w - right - 150, top + 14 + 14 * i);
  });
}

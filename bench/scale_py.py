"""NumPy or PyTorch at one row of `deno task bench:scale` (run by
bench/scale.ts in its own process): the MNIST training rows that
bench/mnist_data.ts writes, sigmoid layers, quadratic cost, plain SGD
(eta 3), rows in the same per-epoch order as ours. NumPy: matrix-based
mini-batches as ours (threads from OPENBLAS_NUM_THREADS, set by the
caller). PyTorch: what a user writes (nn.Sequential of Linear + Sigmoid,
autograd, torch.optim.SGD), torch.set_num_threads(THREADS) unless THREADS
is "default" (then all the cores).

Usage: python3 bench/scale_py.py DIR SIZES BATCH EPOCHS numpy|torch
  float64|float32 THREADS
Prints one JSON line: {"seconds": [...], "cpuSeconds": [...]} (wall clock
and the process's CPU time per epoch).
"""
import json
import os
import sys
import time

import numpy as np


def main():
    d, sizes, batch, epochs, lib, dtype, threads = sys.argv[1:8]
    sizes = [int(s) for s in sizes.split(",")]
    batch, epochs = int(batch), int(epochs)
    f64 = lambda name: np.fromfile(os.path.join(d, name + ".bin"), dtype="<f8")
    x, y = f64("x_train").reshape(-1, 784), f64("y_train").reshape(-1, 10)
    n = len(x)
    orders = np.fromfile(os.path.join(d, "orders.bin"), dtype="<u4").reshape(-1, n)
    eta = 3.0
    rng = np.random.default_rng(1)
    seconds, cpu = [], []
    if lib == "numpy":
        dt = np.float64 if dtype == "float64" else np.float32
        x, y = x.astype(dt), y.astype(dt)
        ws = [rng.standard_normal((o, i)).astype(dt) / np.sqrt(i)
              for i, o in zip(sizes[:-1], sizes[1:])]
        bs = [rng.standard_normal(o).astype(dt) for o in sizes[1:]]
        sig = lambda z: 1.0 / (1.0 + np.exp(-z))
        for e in range(epochs):
            t0, c0 = time.perf_counter(), time.process_time()
            order = orders[e % len(orders)]
            for s in range(0, n, batch):
                idx = order[s:s + batch]
                xb, yb = x[idx], y[idx]
                m = len(idx)
                acts = [xb]
                for w, b in zip(ws, bs):
                    acts.append(sig(acts[-1] @ w.T + b))
                a = acts[-1]
                delta = (a - yb) * a * (1 - a)
                for l in range(len(ws) - 1, -1, -1):
                    gw, gb = delta.T @ acts[l], delta.sum(0)
                    if l > 0:
                        delta = (delta @ ws[l]) * acts[l] * (1 - acts[l])
                    ws[l] -= (eta / m) * gw
                    bs[l] -= (eta / m) * gb
            seconds.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "threads": os.environ.get(
            "OPENBLAS_NUM_THREADS", "default"), "version": np.__version__}))
        return
    import torch
    torch.set_num_threads(os.cpu_count() if threads == "default" else int(threads))
    dt = torch.float64 if dtype == "float64" else torch.float32
    torch.manual_seed(1)
    layers = []
    for i, o in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(i, o), torch.nn.Sigmoid()]
    model = torch.nn.Sequential(*layers).to(dt)
    opt = torch.optim.SGD(model.parameters(), lr=eta)
    xt, yt = torch.from_numpy(x).to(dt), torch.from_numpy(y).to(dt)
    for e in range(epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        order = torch.from_numpy(orders[e % len(orders)].astype(np.int64))
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, yb = xt[idx], yt[idx]
            opt.zero_grad()
            loss = 0.5 * ((model(xb) - yb) ** 2).sum() / len(idx)
            loss.backward()
            opt.step()
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "threads": torch.get_num_threads(),
                      "version": torch.__version__}))


if __name__ == "__main__":
    main()

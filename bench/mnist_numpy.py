"""NumPy reference for `deno task bench:mnist` (run in its own process).

The chapter's network [784, 30, 10], sigmoid, quadratic cost, SGD, float64,
from the same initial weights and the same per-epoch order as our train(),
read from the files that bench/mnist_data.ts writes. Two variants:
"matrix" (one mini-batch as a matrix, as ours) and "loop" (Nielsen's
network.py: backprop one sample at a time, summed over the mini-batch).

Usage: python3 bench/mnist_numpy.py DIR BATCH EPOCHS matrix|loop
Prints one JSON line, like bench/mnist_ours.ts.
"""
import json
import os
import resource
import sys
import time

import numpy as np


def blas_name():
    """The BLAS library mapped into this process (after numpy loaded it)."""
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line.lower()}
    return ", ".join(sorted(os.path.basename(p) + " (" + os.path.realpath(p) + ")"
                            for p in libs if p.startswith("/"))) or "unknown"


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def main():
    d, batch, epochs, variant = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    f64 = lambda name: np.fromfile(os.path.join(d, name + ".bin"), dtype="<f8")
    x, y = f64("x_train").reshape(-1, 784), f64("y_train").reshape(-1, 10)
    xt, yt = f64("x_test").reshape(-1, 784), f64("y_test").reshape(-1, 10)
    w1, b1 = f64("w1").reshape(30, 784), f64("b1")
    w2, b2 = f64("w2").reshape(10, 30), f64("b2")
    orders = np.fromfile(os.path.join(d, "orders.bin"), dtype="<u4").reshape(-1, len(x))
    eta, n = 3.0, len(x)
    seconds, accuracy = [], []
    for e in range(epochs):
        t0 = time.perf_counter()
        order = orders[e]
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, yb = x[idx], y[idx]
            m = len(idx)
            if variant == "matrix":
                a1 = sigmoid(xb @ w1.T + b1)
                a2 = sigmoid(a1 @ w2.T + b2)
                d2 = (a2 - yb) * a2 * (1 - a2)  # BP1
                d1 = (d2 @ w2) * a1 * (1 - a1)  # BP2
                gw2, gb2 = d2.T @ a1, d2.sum(0)  # BP4, BP3
                gw1, gb1 = d1.T @ xb, d1.sum(0)
            else:
                gw1, gb1 = np.zeros_like(w1), np.zeros_like(b1)
                gw2, gb2 = np.zeros_like(w2), np.zeros_like(b2)
                for r in range(m):
                    xr = xb[r][:, None]
                    a1 = sigmoid(w1 @ xr + b1[:, None])
                    a2 = sigmoid(w2 @ a1 + b2[:, None])
                    d2 = (a2 - yb[r][:, None]) * a2 * (1 - a2)
                    d1 = (w2.T @ d2) * a1 * (1 - a1)
                    gw2 += d2 @ a1.T
                    gb2 += d2[:, 0]
                    gw1 += d1 @ xr.T
                    gb1 += d1[:, 0]
            w1 -= (eta / m) * gw1
            b1 -= (eta / m) * gb1
            w2 -= (eta / m) * gw2
            b2 -= (eta / m) * gb2
        seconds.append(time.perf_counter() - t0)
        out = sigmoid(sigmoid(xt @ w1.T + b1) @ w2.T + b2)
        accuracy.append(float(np.mean(out.argmax(1) == yt.argmax(1))))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "name": "numpy-" + variant,
        "seconds": seconds,
        "accuracy": accuracy,
        "peakRssMb": peak,
        "blas": blas_name(),
        "numpy": np.__version__,
        "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
    }))


if __name__ == "__main__":
    main()

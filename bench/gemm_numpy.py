"""OpenBLAS (through NumPy) on the dense layer's three products at given
shapes, float64 (dgemm) and float32 (sgemm): the forward X @ W.T, BP4
D.T @ X and BP2 D @ W. Threads as OPENBLAS_NUM_THREADS says. Reads a JSON
list of [m, k, n] from argv[1]; prints one JSON line: {"m,k,n": {"f64":
[fwd, bp4, bp2], "f32": [...]}} in GFLOP/s (best of 5 timings)."""
import json
import sys
import time

import numpy as np


def rate(f, flops):
    f()
    reps = max(1, int(2e8 / flops))
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps):
            f()
        best = min(best, (time.perf_counter() - t) / reps)
    return flops / best / 1e9


out = {}
for m, k, n in json.loads(sys.argv[1]):
    row = {}
    for name, dt in (("f64", np.float64), ("f32", np.float32)):
        rng = np.random.default_rng(1)
        x = rng.standard_normal((m, k)).astype(dt)
        w = rng.standard_normal((n, k)).astype(dt)
        d = rng.standard_normal((m, n)).astype(dt)
        flops = 2 * m * k * n
        row[name] = [
            rate(lambda: x @ w.T, flops),
            rate(lambda: d.T @ x, flops),
            rate(lambda: d @ w, flops),
        ]
    out[f"{m},{k},{n}"] = row
print(json.dumps(out))

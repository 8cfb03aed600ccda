"""The machine's dgemm ceiling for the README: NumPy's float64 matmul
(OpenBLAS, OPENBLAS_NUM_THREADS=1 as set by bench/mnist.ts) on a large
square matrix and on the first layer's mini-batch shape 10x784 by 784x30.
Prints one JSON line of GFLOP/s."""
import json
import time

import numpy as np


def rate(m, k, n, reps):
    a, b = np.random.rand(m, k), np.random.rand(k, n)
    a @ b
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps):
            a @ b
        best = min(best, (time.perf_counter() - t) / reps)
    return 2 * m * k * n / best / 1e9


print(json.dumps({
    "dgemm1000": rate(1000, 1000, 1000, 3),
    "dgemm10x784x30": rate(10, 784, 30, 2000),
}))

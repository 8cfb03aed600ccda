"""PyTorch reference for `deno task bench:conv` (run in its own process).

Chapter 6's first network: conv 20 filters 5x5 -> max-pool 2x2 -> dense 100
-> softmax 10, log-likelihood (log_softmax + nll_loss, the batch mean),
SGD eta = 0.1, mini-batch 10, float64, from the same initial weights and the
same per-epoch order as our train(), read from the files that bench/conv.ts
writes.

Usage: python3 bench/conv_torch.py DIR sigmoid|relu EPOCHS THREADS [float64|float32]
Prints one JSON line, like bench/conv_ours.ts. float32 (PyTorch's default)
starts from the same weights rounded to float32.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

directory, activation, epochs, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
dtype = sys.argv[5] if len(sys.argv) > 5 else "float64"
torch.set_num_threads(threads)
torch.set_default_dtype(getattr(torch, dtype))


def read(name, shape=None, dtype=np.float64):
    a = np.fromfile(f"{directory}/{name}.bin", dtype=dtype)
    return torch.from_numpy(a.reshape(shape) if shape else a).to(torch.get_default_dtype())


n, t = 8000, 2000
x = read("x_train", (n, 1, 28, 28))
y = read("y_train", (n, 10)).argmax(1)
x_test = read("x_test", (t, 1, 28, 28))
y_test = read("y_test", (t, 10)).argmax(1)
orders = np.fromfile(f"{directory}/orders.bin", dtype=np.uint32).astype(np.int64).reshape(-1, n)
shapes = [(20, 1, 5, 5), (20,), (100, 2880), (100,), (10, 100), (10,)]
params = [read(f"{activation}_p{i}", s).clone().requires_grad_() for i, s in enumerate(shapes)]
K, b1, W2, b2, W3, b3 = params
sigma = torch.sigmoid if activation == "sigmoid" else torch.relu


def forward(inp):
    a = F.max_pool2d(sigma(F.conv2d(inp, K, b1)), 2)
    a = sigma(F.linear(a.reshape(a.shape[0], -1), W2, b2))
    return F.log_softmax(F.linear(a, W3, b3), dim=1)


optimizer = torch.optim.SGD(params, lr=0.1)
seconds, accuracy = [], []
for epoch in range(epochs):
    started = time.perf_counter()
    order = torch.from_numpy(orders[epoch])
    for start in range(0, n, 10):
        idx = order[start:start + 10]
        optimizer.zero_grad()
        loss = F.nll_loss(forward(x[idx]), y[idx])
        loss.backward()
        optimizer.step()
    seconds.append(time.perf_counter() - started)
    with torch.no_grad():
        accuracy.append((forward(x_test).argmax(1) == y_test).double().mean().item())

print(json.dumps({
    "name": f"PyTorch {torch.__version__.split('a')[0]} {dtype}, {threads} thread{'s' if threads > 1 else ''}",
    "seconds": seconds,
    "accuracy": accuracy,
}))

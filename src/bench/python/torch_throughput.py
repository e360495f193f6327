#!/usr/bin/python3
"""PyTorch side of ThroughputBenchmark: training samples/s of the course notebooks' networks at one thread.

Run by ThroughputBenchmark (run it with Debian's /usr/bin/python3 and python3-torch). Prints one JSON object per
line: first {"blas": ...} naming the BLAS library torch loaded, then one {"model", "samples_per_s", ...} per model.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_images(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    n, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols)


def load_labels(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    return np.frombuffer(data, dtype=np.uint8, offset=8).astype(np.int64)


def loaded_blas():
    """The BLAS shared objects mapped into this process: Debian's torch uses whatever libblas.so.3 points to."""
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            name = line.split()[-1]
            if "blas" in name.lower() or "mkl" in name.lower():
                libs.add(name)
    return sorted(libs)


class Mlp1(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(784, 200), nn.Linear(200, 100), nn.Linear(100, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Mlp2(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(784, 512), nn.Linear(512, 10)
        for layer in (self.fc1, self.fc2):
            nn.init.xavier_normal_(layer.weight)

    def forward(self, x):
        return self.fc2(F.elu(self.fc1(x)))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 32, 5), nn.Conv2d(32, 64, 5)
        self.fc1, self.fc2 = nn.Linear(64 * 2 * 2, 200), nn.Linear(200, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 3))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


class Cnn3(nn.Module):
    """The searched kind of CNN: 3 blocks of conv 3x3 'same' -> batch norm -> ReLU -> max-pool 2 (32, 64, 128)."""

    def __init__(self):
        super().__init__()
        chans = [1, 32, 64, 128]
        self.convs = nn.ModuleList(nn.Conv2d(chans[i], chans[i + 1], 3, padding=1) for i in range(3))
        self.norms = nn.ModuleList(nn.BatchNorm2d(chans[i + 1]) for i in range(3))
        self.fc1, self.fc2 = nn.Linear(128 * 3 * 3, 128), nn.Linear(128, 10)

    def forward(self, x):
        for conv, norm in zip(self.convs, self.norms):
            x = F.max_pool2d(F.relu(norm(conv(x))), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


MODELS = {
    "MLP1": (Mlp1, lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9), False),
    "MLP2": (Mlp2, lambda p: torch.optim.Adam(p, lr=1e-3), False),
    "CNN": (Cnn, lambda p: torch.optim.SGD(p, lr=0.1), True),
    "CNN3": (Cnn3, lambda p: torch.optim.Adam(p, lr=1e-3), True),
}


def measure(name, x, y, batch, warmup, iters, seed):
    cls, make_opt, image = MODELS[name]
    torch.manual_seed(seed)
    model = cls()
    opt = make_opt(model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(seed)
    perm = torch.randperm(x.shape[0], generator=gen)
    pos = 0

    def step():
        nonlocal pos, perm
        if pos + batch > x.shape[0]:
            perm, pos = torch.randperm(x.shape[0], generator=gen), 0
        idx = perm[pos:pos + batch]
        pos += batch
        xb = x[idx]
        if image:
            xb = xb.view(-1, 1, 28, 28)
        opt.zero_grad()
        loss = loss_fn(model(xb), y[idx])
        loss.backward()
        opt.step()
        return loss.item()  # the loss read each iteration, as the DL4J side's divergence guard does

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    cpu_start = time.process_time()
    for _ in range(iters):
        last = step()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    # process CPU time: the cost of the work itself, robust to other load on a shared machine (the DL4J side
    # measures the same way, its GC and deallocator threads included)
    return {"model": name, "samples_per_s": iters * batch / seconds, "cpu_samples_per_s": iters * batch / cpu,
            "iterations": iters, "seconds": seconds, "last_loss": last}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--models", default="MLP1,MLP2,CNN,CNN3")
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--iters", default="MLP1=600,MLP2=400,CNN=150,CNN3=100")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    iters = dict(kv.split("=") for kv in args.iters.split(","))
    raw = load_images(os.path.join(args.data, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    x = torch.from_numpy((raw - raw.mean()) / raw.std())
    y = torch.from_numpy(load_labels(os.path.join(args.data, "train-labels-idx1-ubyte.gz")))
    print(json.dumps({"blas": loaded_blas(), "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas_info": torch.__config__.show().split("BLAS_INFO=")[1].split(",")[0]}), flush=True)
    for name in args.models.split(","):
        print(json.dumps(measure(name, x, y, args.batch, args.warmup, int(iters[name]), 0)), flush=True)


if __name__ == "__main__":
    main()

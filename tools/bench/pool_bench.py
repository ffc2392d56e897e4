"""PyTorch 1.13 timings of the shapes of dev.kiln.nn.PoolBench (median of 15 rounds of 10 calls,
microseconds per call): forward, and forward + zeroing the input grad + backward.

Run:  /usr/bin/python3 tools/bench/pool_bench.py [threads]
"""
import sys
import time

import torch
from torch import nn


def bench(name, layer, shape):
    x = torch.randn(shape, requires_grad=True)
    with torch.no_grad():
        y = layer(x)
    dy = torch.randn(y.shape)

    def fwd():
        with torch.no_grad():
            layer(x)

    def both():
        x.grad = None
        layer(x).backward(dy)

    print("%-36s fwd %9.1f us   fwd+bwd %9.1f us" % (name, timed(fwd), timed(both)))


def timed(f):
    for _ in range(20):
        f()
    t = []
    for _ in range(15):
        t0 = time.perf_counter()
        for _ in range(10):
            f()
        t.append((time.perf_counter() - t0) / 10 * 1e6)
    return sorted(t)[len(t) // 2]


def main():
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    bench("MaxPool2d(2) 64x32x28x28", nn.MaxPool2d(2), (64, 32, 28, 28))
    bench("MaxPool2d(2) 64x64x14x14", nn.MaxPool2d(2), (64, 64, 14, 14))
    bench("MaxPool2d(3,2,1) 64x64x32x32", nn.MaxPool2d(3, 2, 1), (64, 64, 32, 32))
    bench("AvgPool2d(2) 64x64x32x32", nn.AvgPool2d(2), (64, 64, 32, 32))
    bench("AdaptiveAvgPool2d(1) 64x512x7x7", nn.AdaptiveAvgPool2d(1), (64, 512, 7, 7))
    bench("Upsample(2,nearest) 16x64x32x32", nn.Upsample(scale_factor=2), (16, 64, 32, 32))
    bench("Upsample(2,bilinear) 16x64x32x32", nn.Upsample(scale_factor=2, mode="bilinear"),
          (16, 64, 32, 32))
    bench("PixelShuffle(2) 16x256x32x32", nn.PixelShuffle(2), (16, 256, 32, 32))
    bench("ZeroPad2d(1) 64x64x32x32", nn.ZeroPad2d(1), (64, 64, 32, 32))


if __name__ == "__main__":
    main()

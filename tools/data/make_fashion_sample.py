#!/usr/bin/env python3
"""Writes the Fashion-MNIST sample bundled with the examples.

Takes the first 6,000 training and the first 1,000 test images (and labels) from Debian's
dataset-fashion-mnist (/usr/share/datasets/fashion-mnist) and writes them as gzipped IDX files
with the standard names into examples/src/main/resources/fashion-mnist-sample/.
Run from the repository root: python3 tools/data/make_fashion_sample.py
"""
import gzip
import os
import struct

SRC = "/usr/share/datasets/fashion-mnist"
DST = "examples/src/main/resources/fashion-mnist-sample"
SPLITS = {"train": 6000, "t10k": 1000}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return magic, dims, data[4 + 4 * ndim:]


def write_idx(path, magic, dims, body):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * len(dims), *dims)
    # mtime=0 keeps the output byte-identical from run to run.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(header + body)


def main():
    os.makedirs(DST, exist_ok=True)
    for prefix, n in SPLITS.items():
        for kind in ("images-idx3-ubyte", "labels-idx1-ubyte"):
            name = f"{prefix}-{kind}.gz"
            magic, dims, body = read_idx(os.path.join(SRC, name))
            row = 1
            for d in dims[1:]:
                row *= d
            write_idx(os.path.join(DST, name), magic, (n,) + tuple(dims[1:]), body[: n * row])
            print(name, (n,) + tuple(dims[1:]))


if __name__ == "__main__":
    main()

"""The flagship recipe in PyTorch, recording each seed's initial weights and sample orders.

For every seed on the command line: torch.manual_seed(seed), the MNISTClassifier, SGD(lr 0.1),
batch 64, DataLoader(shuffle=True), 5 epochs on Fashion-MNIST; prints the test accuracy and
writes OUT/init<seed>.bin (the parameters, state-dict order, float32 LE) and OUT/perm<seed>.bin
(the 5 x 60,000 sample indices in the order the batches used them, int32 LE) for PairedRun.java.
Offline only (Debian's python3-torch): /usr/bin/python3 torch_runs.py OUT 0 1 2 ...
"""
import gzip
import struct
import sys

import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
D = "/usr/share/datasets/fashion-mnist/"


def idx(name):
    d = gzip.open(D + name).read()
    dims = struct.unpack(">" + "I" * d[3], d[4:4 + 4 * d[3]])
    return np.frombuffer(d, dtype=np.uint8, offset=4 + 4 * d[3]).reshape(dims)


xtr = torch.tensor(idx("train-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
ytr = torch.tensor(idx("train-labels-idx1-ubyte.gz"), dtype=torch.long)
xte = torch.tensor(idx("t10k-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
yte = torch.tensor(idx("t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
out = sys.argv[1]
for seed in map(int, sys.argv[2:]):
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64),
                        nn.ReLU(), nn.Linear(64, 10))
    init = np.concatenate([p.detach().numpy().ravel() for p in net.parameters()])
    init.astype("<f4").tofile(f"{out}/init{seed}.bin")
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(60000)),
                                         batch_size=64, shuffle=True)
    orders = []
    for epoch in range(5):
        for (ib,) in loader:
            orders.append(ib)
            loss = loss_fn(net(xtr[ib]), ytr[ib])
            opt.zero_grad()
            loss.backward()
            opt.step()
    torch.cat(orders).numpy().astype("<i4").tofile(f"{out}/perm{seed}.bin")
    with torch.no_grad():
        acc = (net(xte).argmax(1) == yte).float().mean().item()
    print(f"seed {seed} {acc * 100:.2f}", flush=True)

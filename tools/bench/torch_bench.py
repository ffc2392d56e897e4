"""CpuBench's rows in PyTorch, timed the same way (warm-up, rounds of calls, median per call).

Usage: torch_bench.py ROW THREADS   prints "median min max" in nanoseconds per call, one line.
Rows are numbered as in CpuBench: 0 train B=64, 1 train B=256, 2 inference B=1,
3 inference B=256, 4 SineNet 5000 steps, 5 sgemm 1024, 6 Conv2d(64, 64, 3, padding=1) forward on
(64, 64, 32, 32), 7 the same forward and backward, 8 the CNN flagship's model (FashionCnn)
training step at batch 64 (forward, backward, SGD), 9 LayerNorm(128) forward and backward on
(32 * 64, 128), 10 Embedding(1000, 128) forward and backward on (32, 64) token ids, 11
LSTM(128, 256) forward and backward on (32, 64, 128), batch first, 12
TransformerEncoderLayer(128, 4, 512) forward and backward on (32, 64, 128), batch first, dropout
0. Offline only: Debian's python3-torch and
libopenblas0-openmp (OpenBLAS 0.3.21, the issue's reference; without it torch uses the reference
BLAS, 20x slower).
"""
import math
import os
import sys
import time

OPENMP_BLAS = "/usr/lib/x86_64-linux-gnu/openblas-openmp"
if __name__ == "__main__" and os.path.isdir(OPENMP_BLAS) and OPENMP_BLAS not in os.environ.get(
        "LD_LIBRARY_PATH", ""):
    # OpenBLAS built for OpenMP shares PyTorch's threads (libopenblas0-openmp, as the issue's
    # figures were measured); the pthread build's own threads fight them (measured: train B=64 at
    # 2 threads 5.2 ms a step against 1.1 ms).
    os.environ["LD_LIBRARY_PATH"] = OPENMP_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)
elif __name__ == "__main__" and not os.path.isdir(OPENMP_BLAS):
    print("torch_bench: " + OPENMP_BLAS + " not found (apt-get install libopenblas0-openmp):"
          " PyTorch's figures will not be the issue's", file=sys.stderr)
if __name__ == "__main__":  # OpenBLAS reads its thread count once, when it loads
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = sys.argv[2]
import torch  # noqa: E402
from torch import nn  # noqa: E402


def mlp():
    torch.manual_seed(0)
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64),
                         nn.ReLU(), nn.Linear(64, 10))


def train_step(batch):
    model = mlp()
    x = torch.rand(batch, 1, 28, 28)
    y = torch.arange(batch) % 10
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def call():
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return call


def inference(batch):
    model = mlp().eval()
    x = torch.rand(batch, 1, 28, 28)

    def call():
        with torch.no_grad():
            model(x)
    return call


def sine_net():
    x = torch.linspace(0, 2 * math.pi, 200).reshape(200, 1)
    y = torch.sin(x)
    loss_fn = nn.MSELoss()

    def call():
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(1, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(),
                              nn.Linear(64, 1))
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        for _ in range(5000):
            loss = loss_fn(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return call


def conv2d(backward):
    """Conv2d(64, 64, 3, padding=1) on (64, 64, 32, 32): forward (no_grad), or forward and
    backward with the input, weight and bias gradients."""
    torch.manual_seed(0)
    conv = nn.Conv2d(64, 64, 3, padding=1)
    x = torch.rand(64, 64, 32, 32)
    if not backward:
        def forward():
            with torch.no_grad():
                conv(x)
        return forward
    x.requires_grad_(True)
    dy = torch.rand(64, 64, 32, 32)

    def step():
        x.grad = None
        conv.zero_grad(set_to_none=True)
        conv(x).backward(dy)
    return step


def cnn_train_step():
    """FashionCnn (tools/fixtures/cnn_recipe.py) forward, CrossEntropyLoss, backward, SGD step on
    a (64, 1, 28, 28) batch, in train mode (batch norm's batch statistics, dropout)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
    from cnn_recipe import FashionCnn
    torch.manual_seed(0)
    model = FashionCnn().train()
    x = torch.rand(64, 1, 28, 28)
    y = torch.arange(64) % 10
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def call():
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return call


def layer_norm():
    """LayerNorm(128) on (32 * 64, 128): forward and backward (input, weight, bias gradients)."""
    torch.manual_seed(0)
    ln = nn.LayerNorm(128)
    x = torch.randn(32 * 64, 128).requires_grad_(True)
    dy = torch.randn(32 * 64, 128)

    def step():
        x.grad = None
        ln.zero_grad(set_to_none=True)
        ln(x).backward(dy)
    return step


def embedding():
    """Embedding(1000, 128) on (32, 64) token ids: forward and backward (the table's gradient)."""
    torch.manual_seed(0)
    emb = nn.Embedding(1000, 128)
    ids = (torch.arange(32 * 64) * 7919 % 1000).reshape(32, 64)
    dy = torch.randn(32, 64, 128)

    def step():
        emb.zero_grad(set_to_none=True)
        emb(ids).backward(dy)
    return step


def lstm_step():
    """LSTM(128, 256, batch_first=True) on (32, 64, 128): forward, then backward from a random
    gradient of the output, with the input and parameter gradients."""
    torch.manual_seed(0)
    lstm = nn.LSTM(128, 256, batch_first=True)
    x = torch.rand(32, 64, 128, requires_grad=True)
    dy = torch.rand(32, 64, 256)

    def step():
        x.grad = None
        lstm.zero_grad(set_to_none=True)
        lstm(x)[0].backward(dy)
    return step


def transformer_layer():
    """TransformerEncoderLayer(128, 4, 512, dropout=0, batch_first=True) forward and backward on
    (32, 64, 128), with the input's and the parameters' gradients (train mode: no fast path)."""
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(128, 4, 512, dropout=0.0, batch_first=True).train()
    x = torch.rand(32, 64, 128, requires_grad=True)
    dy = torch.rand(32, 64, 128)

    def step():
        x.grad = None
        layer.zero_grad(set_to_none=True)
        layer(x).backward(dy)
    return step


def sgemm(n):
    a, b, c = torch.rand(n, n), torch.rand(n, n), torch.zeros(n, n)
    return lambda: torch.mm(a, b, out=c)


# (call, calls per round, rounds): CpuBench's figures.
ROWS = [(lambda: train_step(64), 300, 9), (lambda: train_step(256), 100, 9),
        (lambda: inference(1), 5000, 9), (lambda: inference(256), 200, 9),
        (sine_net, 1, 9), (lambda: sgemm(1024), 10, 9),
        (lambda: conv2d(False), 3, 9), (lambda: conv2d(True), 2, 9), (cnn_train_step, 10, 9),
        (layer_norm, 200, 9), (embedding, 500, 9), (lstm_step, 3, 9),
        (transformer_layer, 5, 9)]


def measure(call, calls, rounds):
    for _ in range(max(3, rounds // 2)):
        for _ in range(calls):
            call()
    nanos = []
    for _ in range(rounds):
        t0 = time.perf_counter_ns()
        for _ in range(calls):
            call()
        nanos.append((time.perf_counter_ns() - t0) / calls)
    nanos.sort()
    return nanos[rounds // 2], nanos[0], nanos[-1]


if __name__ == "__main__":
    row, threads = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    make, calls, rounds = ROWS[row]
    print("%.1f %.1f %.1f" % measure(make(), calls, rounds))

"""Kiln's CpuBench rows against the same rows in PyTorch, run alternately on the same host.

The shared 2-core host's load swings single timings by up to 1.4x, and a reference figure
measured on another day cannot share this run's noise. Here each pair is one Kiln child JVM and
one PyTorch process for the same row and thread count, back to back (which goes first
alternates), so both see the same load; the figure that counts is the ratio within each pair.

Usage, after `mvn -q -DskipTests install` (offline; Debian's python3-torch and
libopenblas0-openmp, as torch_bench.py says):
  python3 tools/bench/paired.py PAIRS [ROW ...]     rows as in CpuBench, all when none given
KILN_CLASSPATH, when set, is the class path to run CpuBench from instead (e.g. the modules'
target/classes before their installed jars).
Prints, per row and thread count: the medians of Kiln's and PyTorch's per-run medians, the
median speed-up over the pairs (above 1: Kiln is ahead) with its min-max, and pairs Kiln won.
"""
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NAMES = ["MLP train step, B=64", "MLP train step, B=256", "MLP inference, B=1",
         "MLP inference, B=256", "SineNet 5000 SGD steps", "sgemm 1024x1024",
         "Conv2d 64x64x32x32 fwd", "Conv2d 64x64x32x32 f+b", "FashionCnn train step, B=64",
         "LayerNorm(128) f+b 2048r", "Embedding(1000,128) f+b",
         "LSTM(128,256) f+b", "TransformerEncoderLayer f+b"]
# How a time per call becomes the printed figure, and whether larger is better.
UNITS = [("samples/s", lambda ns: 64e9 / ns, True), ("samples/s", lambda ns: 256e9 / ns, True),
         ("us", lambda ns: ns / 1e3, False), ("samples/s", lambda ns: 256e9 / ns, True),
         ("s", lambda ns: ns / 1e9, False), ("GFLOP/s", lambda ns: 2.0 * 1024 ** 3 / ns, True),
         ("ms", lambda ns: ns / 1e6, False), ("ms", lambda ns: ns / 1e6, False),
         ("samples/s", lambda ns: 64e9 / ns, True), ("us", lambda ns: ns / 1e3, False),
         ("us", lambda ns: ns / 1e3, False), ("ms", lambda ns: ns / 1e6, False),
         ("ms", lambda ns: ns / 1e6, False)]


def class_path():
    if os.environ.get("KILN_CLASSPATH"):  # a worktree whose modules are built but not installed
        return os.environ["KILN_CLASSPATH"]
    out = os.path.join(ROOT, "examples", "target", "bench.classpath")
    subprocess.run(["mvn", "-q", "-pl", "examples", "dependency:build-classpath",
                    "-Dmdep.outputFile=" + out], cwd=ROOT, check=True)
    with open(out) as f:
        return os.path.join(ROOT, "examples", "target", "classes") + os.pathsep + f.read().strip()


def kiln(cp, row, threads):
    out = subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-cp", cp,
                          "dev.kiln.examples.bench.CpuBench", "--row", str(row), "--threads",
                          str(threads)], capture_output=True, text=True, check=True).stdout
    return float(out.split()[0])


def torch(row, threads):
    out = subprocess.run([sys.executable, os.path.join(HERE, "torch_bench.py"), str(row),
                          str(threads)], capture_output=True, text=True, check=True).stdout
    return float(out.split()[0])


def main():
    pairs = int(sys.argv[1])
    rows = [int(r) for r in sys.argv[2:]] or list(range(len(NAMES)))
    cp = class_path()
    times = {(r, t): ([], []) for r in rows for t in (1, 2)}
    for p in range(pairs):
        for (r, t), (k, py) in times.items():
            if p % 2 == 0:
                k.append(kiln(cp, r, t))
                py.append(torch(r, t))
            else:
                py.append(torch(r, t))
                k.append(kiln(cp, r, t))
        print("pair %d of %d done" % (p + 1, pairs), file=sys.stderr)
    print("%-24s %3s %14s %14s %9s %14s %6s" % ("workload", "thr", "Kiln", "PyTorch", "unit",
                                               "speed-up", "won"))
    for (r, t), (k, py) in times.items():
        unit, show, larger = UNITS[r]
        ups = sorted(b / a for a, b in zip(k, py))  # time ratio: PyTorch's over Kiln's
        won = sum(u > 1 for u in ups)
        print("%-24s %3d %14.4g %14.4g %9s %6.2fx (%.2f-%.2f) %2d/%d" % (
            NAMES[r], t, show(statistics.median(k)), show(statistics.median(py)), unit,
            statistics.median(ups), ups[0], ups[-1], won, len(ups)))


if __name__ == "__main__":
    main()

"""Building big networks: time per module and connection at growing sizes
(issue 13, item 3: construction must be linear, not quadratic).

    python bench/construction.py [--sizes 10000 40000 160000]

For each size n: a chain of n LinearLayers joined by n-1 FullConnections,
unnamed (so the names are made up too), added with addModule/addConnection,
then sortModules(). Prints the seconds and the time per module; a linear
build keeps the per-module time flat as n grows fourfold.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from brainkit import FeedForwardNetwork, FullConnection, LinearLayer  # noqa: E402


def build(n):
    net = FeedForwardNetwork()
    layers = [LinearLayer(1) for _ in range(n)]
    started = time.perf_counter()
    net.addInputModule(layers[0])
    net.addOutputModule(layers[-1])
    for a, b in zip(layers, layers[1:]):
        net.addModule(b)
        net.addConnection(FullConnection(a, b))
    added = time.perf_counter() - started
    net.sortModules()
    return added, time.perf_counter() - started


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10000, 40000, 160000])
    args = p.parse_args(argv)
    print(f"{'modules':>9} {'add s':>8} {'add+sort s':>11} {'us/module (add)':>16}")
    for n in args.sizes:
        added, total = build(n)
        print(f"{n:9d} {added:8.2f} {total:11.2f} {added / n * 1e6:16.1f}", flush=True)


if __name__ == "__main__":
    main()

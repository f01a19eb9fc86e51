"""Where brainkit's time goes in one workload: cProfile of the timed part only.

    python bench/profile_brainkit.py W1 [--dtype float64] [--quick] [--top 25] [--sort cumtime]

Builds the workload as bench/run.py does, runs brainkit's side once to warm
up, then profiles one timed run (the training epochs, or the forward pass for
W5) and prints the functions sorted by ``--sort`` (cumtime, tottime, ncalls).
"""

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import numpy as np  # noqa: E402

import workloads  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("workload", help="W1, W2, W3, W4, W4b, W5 or W6")
    p.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--sort", default="cumtime", choices=("cumtime", "tottime", "ncalls"))
    args = p.parse_args(argv)
    known = {w.wid.lower(): w for w in workloads.WORKLOADS}
    if args.workload.lower() not in known:
        p.error(f"unknown workload {args.workload!r}; choose from {sorted(known)}")
    case = known[args.workload.lower()].make(np.dtype(args.dtype), args.quick)
    impl = (workloads.BrainkitPredict if case.task == "predict" else workloads.BrainkitTrain)(case)
    impl.prepare()
    impl.run()
    impl.prepare()
    profiler = cProfile.Profile()
    profiler.enable()
    impl.run()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())

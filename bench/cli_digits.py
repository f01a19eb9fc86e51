"""Time the README's main job, ``brainkit train`` on the bundled digits, end to end.

Runs ``python -m brainkit train --quiet`` (a fresh process each time, so the
time includes starting Python and importing brainkit) for a few seeds, with
numpy's thread pools limited to the given number of cores, and prints the
wall-clock time and the test accuracy of each run. The promise checked: at
least 95 % test accuracy in under a minute on 2 cores.

    python bench/cli_digits.py              # seeds 0, 1, 2 on 2 cores
    python bench/cli_digits.py --seeds 0 1 2 3 4 --cores 1
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(seed, cores, extra):
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(cores)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-m", "brainkit", "train", "--quiet", "--seed", str(seed), *extra]
    if hasattr(os, "sched_setaffinity") and cores < os.cpu_count():
        command = ["taskset", "-c", f"0-{cores - 1}", *command]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    accuracy = float(re.search(r"^  test\s+\d+\s+\S+\s+([\d.]+)%", done.stdout, re.M).group(1))
    epochs = int(re.search(r"trained (\d+) epochs", done.stdout).group(1))
    return seconds, accuracy, epochs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("extra", nargs="*", help="more options for brainkit train (after --)")
    args = parser.parse_args()
    print(f"brainkit train (digits), {args.cores} core(s), {sys.executable}")
    results = []
    for seed in args.seeds:
        seconds, accuracy, epochs = run(seed, args.cores, args.extra)
        results.append((seconds, accuracy))
        print(f"  seed {seed}: {seconds:5.1f} s  {epochs:4d} epochs  test accuracy {accuracy:.2f}%")
    worst_time = max(s for s, _ in results)
    worst_accuracy = min(a for _, a in results)
    ok = worst_time < 60 and worst_accuracy >= 95
    print(f"slowest {worst_time:.1f} s, lowest test accuracy {worst_accuracy:.2f}%: "
          f"{'meets' if ok else 'MISSES'} the promise (>= 95 % in under 60 s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

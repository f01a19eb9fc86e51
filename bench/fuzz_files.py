"""Fuzz the file readers: thousands of damaged files per format, each loaded in a
worker process, every outcome counted.

    python bench/fuzz_files.py                       # 3000 cases per kind (about 10 min)
    python bench/fuzz_files.py --cases 200 --keep /tmp/fuzz   # keep the odd files

Kinds: ``xml`` (edits of PyBrain XML networks), ``h5-structure`` and
``dataset-structure`` (damage through h5py to the structure, attributes,
types, links, storage and stored values of HDF5 network and data set files),
``h5-bytes`` and ``dataset-bytes`` (damage to any bytes of the file; this can
crash or hang libhdf5 itself). The damage comes from tests/fuzzing.py, the
generator of the suite's fuzz tests, seeded per case.

A worker process loads the files one by one, as a user would
(``brainkit.load``, ``DataSet.loadFromFile``), with Python warnings turned
into errors, and reports the outcome, the time and the peak of traced Python
and numpy memory (``tracemalloc``); its address space is capped at
``--memory-limit`` MB so that an unbounded allocation shows up as a
MemoryError instead of taking the machine. A worker that does not answer
within ``--hang-seconds`` is killed and counted as a hang, one that dies as
a crash; a new worker takes over. Documented outcomes: the file loads, or
the reader raises its documented error (ModelFileError for networks,
DataSetFileError for data sets); everything else is listed.
"""

import argparse
import collections
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

KINDS = ("xml", "h5-structure", "h5-bytes", "dataset-structure", "dataset-bytes")


def worker(memory_mb):
    """Read ``[format, path]`` lines; answer one JSON line per file."""
    import resource
    import tracemalloc
    import warnings
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    warnings.simplefilter("error")
    from tests import fuzzing
    for line in sys.stdin:
        fmt, path = json.loads(line)
        error = fuzzing.documented_error(fmt)
        tracemalloc.start()
        started = time.perf_counter()
        try:
            fuzzing.load(fmt, path)
            outcome, detail = "loaded", ""
        except error as exc:
            outcome, detail = "documented error", str(exc)[:200]
        except BaseException as exc:     # the point is to see every other outcome
            outcome, detail = "undocumented", f"{type(exc).__name__}: {str(exc)[:300]}"
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps([outcome, detail, seconds, peak, rss]), flush=True)


class Worker:
    def __init__(self, memory_mb):
        self.memory_mb = memory_mb
        self.start()

    def start(self):
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker", str(self.memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, env=env, cwd=ROOT)

    def load(self, fmt, path, hang_seconds):
        """(outcome, detail, seconds, traced peak bytes)."""
        self.proc.stdin.write(json.dumps([fmt, path]) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], hang_seconds)
        if not ready:
            self.proc.kill()
            self.proc.wait()
            self.start()
            return "hang", f"no answer within {hang_seconds} s", hang_seconds, 0, 0
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            name = signal.Signals(-code).name if code < 0 else f"exit {code}"
            self.start()
            return "crash", name, 0.0, 0, 0
        return tuple(json.loads(line))

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def run_kind(kind, cases, seed, sources, folder, worker, args):
    from tests import fuzzing
    fmt = kind.split("-")[0]
    anywhere = kind.endswith("bytes")
    path = os.path.join(folder, f"case.{'xml' if fmt == 'xml' else 'h5'}")
    counts, odd = collections.Counter(), []
    worst, peak, rss = (0.0, None), (0, None), (0, None)
    last_rss = 0
    for case in range(seed, seed + cases):
        rng = fuzzing.case_rng(kind, case)
        what = sources.damage(fmt, rng, path, anywhere=anywhere)
        outcome, detail, seconds, traced, maxrss = worker.load(fmt, path, args.hang_seconds)
        counts[outcome] += 1
        if outcome != "hang":
            worst = max(worst, (seconds, case))
            peak = max(peak, (traced, case))
            rss = max(rss, (maxrss, case))
        # a load that took long or raised the worker's peak memory much is listed too
        grew = maxrss - last_rss if last_rss and maxrss else 0
        last_rss = maxrss or last_rss
        heavy = outcome not in ("hang", "crash") and (seconds > args.slow_seconds
                                                      or grew > args.memory_note * 2**20)
        if heavy:
            counts["of which slow or memory-hungry"] += 1
        if heavy or outcome in ("undocumented", "crash", "hang"):
            label = outcome.replace(" ", "_") + ("-heavy" if heavy else "")
            odd.append((case, outcome + (f", {seconds:.1f} s, worker memory +"
                                         f"{grew / 2**20:.0f} MB" if heavy else ""),
                        what, detail))
            if args.keep:
                shutil.copy(path, os.path.join(args.keep, f"{kind}-{case}-{label}"
                                                          f"{os.path.splitext(path)[1]}"))
    return counts, worst, peak, rss, odd


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=3000, help="cases per kind")
    parser.add_argument("--seed", type=int, default=0, help="the first case's seed")
    parser.add_argument("--kinds", default=",".join(KINDS), help="a comma-separated subset")
    parser.add_argument("--hang-seconds", type=float, default=5.0)
    parser.add_argument("--slow-seconds", type=float, default=1.0,
                        help="list loads slower than this")
    parser.add_argument("--memory-note", type=int, default=200,
                        help="list loads that raise the worker's peak memory by more MB")
    parser.add_argument("--memory-limit", type=int, default=2048, help="MB per worker")
    parser.add_argument("--keep", help="copy every file with an odd outcome here")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker)
    from tests import fuzzing
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="brainkit-fuzz-")
    sources = fuzzing.Sources(folder)
    w = Worker(args.memory_limit)
    rows, started = [], time.perf_counter()
    try:
        for kind in args.kinds.split(","):
            t0 = time.perf_counter()
            counts, worst, peak, rss, odd = run_kind(kind, args.cases, args.seed, sources,
                                                     folder, w, args)
            rows.append(dict(kind=kind, cases=args.cases, counts=dict(counts),
                             worst_seconds=worst, peak_traced_mb=(peak[0] / 2**20, peak[1]),
                             worker_max_rss_mb=(rss[0] / 2**20, rss[1]),
                             wall_seconds=time.perf_counter() - t0,
                             odd=[list(o) for o in odd]))
            print(f"{kind:18} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
                  + f"; worst {worst[0]:.3f} s (case {worst[1]}), peak traced "
                  f"{peak[0] / 2**20:.1f} MB (case {peak[1]}), worker max RSS "
                  f"{rss[0] / 2**20:.0f} MB (case {rss[1]}) [{time.perf_counter() - t0:.0f} s]",
                  flush=True)
            for case, outcome, what, detail in odd[:20]:
                print(f"    case {case}: {outcome}: {what[:90]} -> {detail[:160]}")
    finally:
        w.close()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"total {time.perf_counter() - started:.0f} s; worker address space capped at "
          f"{args.memory_limit} MB")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

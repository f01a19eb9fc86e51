"""brainkit's benchmark suite (issues 7, 14): brainkit against a plain-numpy floor and PyTorch.

    python bench/run.py [--quick] [--only W2[,W4b]] [--json PATH]
                        [--dtype float64|float32|both] [--repeats N] [--no-torch]

Seven workloads (see workloads.py), each run by brainkit through its public
API, by the floor (floor.py: the same math in the best plain numpy we can
write) and by PyTorch on the CPU when it is installed (torch_impl.py). All
three start from the same weights, visit the samples in the same order and
must end with the same loss (and the same error figure of the last epoch):
to 1e-9 relative in float64 and 1e-4 in float32. A mismatch fails the run
(exit status 1), so a fast wrong answer cannot pass.

Only the training epochs (the forward pass for W5) are timed, in-process with
``time.perf_counter``, after one untimed warm-up; the implementations take
turns within each of the ``--repeats`` rounds (5, or 3 with ``--quick``, which
also shrinks the data), and the table shows the median and the range.
PASS/MISS compares brainkit with the targets of issue 7; only the
correctness checks decide the exit status.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import numpy as np  # noqa: E402

import floor  # noqa: E402
import workloads  # noqa: E402

TOLERANCE = {"float64": 1e-9, "float32": 1e-4}
BATCHED_LIMIT, PER_SAMPLE_LIMIT, TORCH_SPEEDUP = 1.2, 2.5, 5.0
NOISY = 1.5      # a row whose slowest run took this many times its fastest is marked *
KEYS = ("workload", "impl", "dtype", "median_s", "min_s", "max_s", "throughput", "final_loss",
        "ratio_to_floor", "ratio_to_torch")


def load_torch(wanted):
    """The torch implementations, or None when torch is not wanted or not importable."""
    if not wanted:
        return None
    try:
        import torch_impl
    except ImportError:
        return None
    return torch_impl


def implementations(case, torch_impl):
    brainkit = workloads.BrainkitPredict if case.task == "predict" else workloads.BrainkitTrain
    floor_cls, torch_name = {"mlp": (floor.FloorMLP, "TorchMLP"),
                             "lstm": (floor.FloorLSTM, "TorchLSTM"),
                             "predict": (floor.FloorPredict, "TorchPredict"),
                             "cnn": (floor.FloorCNN, "TorchCNN")}[case.task]
    impls = [brainkit(case), floor_cls(case)]
    if torch_impl is not None:
        impls.append(getattr(torch_impl, torch_name)(case))
    return impls


def measure(impls, repeats):
    """One untimed warm-up each, then ``repeats`` rounds in which every
    implementation starts afresh (``prepare``, untimed) and runs (timed)."""
    for impl in impls:
        impl.prepare()
        impl.run()
    times = {impl.name: [] for impl in impls}
    for _ in range(repeats):
        for impl in impls:
            impl.prepare()
            start = time.perf_counter()
            impl.run()
            times[impl.name].append(time.perf_counter() - start)
    return times


def relative(a, b):
    if a is None or b is None:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def verdict(workload, row, have_torch):
    """PASS/MISS of a brainkit row against the issue's targets, and the target text."""
    targets, ok = [], True
    if workload.batched is not None:
        limit = BATCHED_LIMIT if workload.batched else PER_SAMPLE_LIMIT
        targets.append(f"<={limit}x floor")
        ok = row["ratio_to_floor"] <= limit
    torch_targets = ([f">={TORCH_SPEEDUP:g}x faster than torch"] if workload.beat_torch else []) \
        + ([f"<={workload.torch_limit:g}x torch"] if workload.torch_limit else [])
    if torch_targets and not have_torch:
        return ("PASS" if ok else "MISS") if targets else "-", \
            (", ".join(targets) + " (torch absent)").strip()
    if workload.beat_torch:
        ok = ok and row["ratio_to_torch"] <= 1.0 / TORCH_SPEEDUP
    if workload.torch_limit:
        ok = ok and row["ratio_to_torch"] <= workload.torch_limit
    return ("PASS" if ok else "MISS"), ", ".join(targets + torch_targets)


def run_case(workload, dtype, args, torch_impl):
    case = workload.make(np.dtype(dtype), args.quick)
    impls = implementations(case, torch_impl)
    times = measure(impls, args.repeats)
    results = {impl.name: impl.result() for impl in impls}
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    tol = TOLERANCE[dtype]
    rows = []
    for impl in impls:
        error, loss = results[impl.name]
        ref_error, ref_loss = results["floor"]
        diff = max(relative(loss, ref_loss), relative(error, ref_error))
        ts = times[impl.name]
        row = {"workload": workload.wid, "title": workload.title, "impl": impl.name,
               "dtype": dtype, "median_s": medians[impl.name], "min_s": min(ts),
               "max_s": max(ts), "throughput": case.units / medians[impl.name],
               "unit": workload.unit, "final_loss": loss, "epoch_error": error,
               "ratio_to_floor": medians[impl.name] / medians["floor"],
               "ratio_to_torch": (medians[impl.name] / medians["torch"]
                                  if "torch" in medians else None),
               "rel_diff_to_floor": diff, "tolerance": tol,
               "check": "ok" if diff <= tol else "FAIL", "runs": len(ts),
               "quick": args.quick, "verdict": "", "target": ""}
        if impl.name == "brainkit":
            row["verdict"], row["target"] = verdict(workload, row, "torch" in medians)
        rows.append(row)
    return rows


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:  # noqa: BLE001 -- only decoration for the header
        blas = "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"numpy {np.__version__} ({blas}; {blas_info()}), load average {load:.2f} at start")


def blas_info():
    """The BLAS library numpy runs on (its kernel and threads), and brainkit's setting."""
    from threadpoolctl import threadpool_info

    import brainkit.blas
    libs = [f"{lib['internal_api']} {lib.get('version') or ''} {lib.get('architecture') or ''}"
            f", {lib['num_threads']} threads" for lib in threadpool_info()
            if lib["user_api"] == "blas"]
    return (", ".join(" ".join(x.split()) for x in libs) or "no BLAS found") + \
        f"; brainkit BLAS threads: {brainkit.blas.blas_threads()}"


class BackgroundLoad:
    """A busy process beside the benchmark (``--background-load``): one pure
    Python loop, the way a second training run or a test suite keeps a core busy."""

    def __init__(self, wanted):
        self.wanted, self.proc = wanted, None

    def __enter__(self):
        if self.wanted:
            import subprocess
            self.proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
            time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()


def _ms(seconds):
    return f"{seconds * 1e3:.1f}" if seconds < 100 else f"{seconds * 1e3:.0f}"


def _ratio(x):
    return "-" if x is None else f"{x:.2f}"


def table(rows):
    header = ["workload", "impl", "dtype", "median ms", "min-max ms", "throughput",
              "x floor", "x torch", "check (rel diff)", "target", ""]
    body = []
    for r in rows:
        body.append([f"{r['workload']} {r['title']}", r["impl"], r["dtype"], _ms(r["median_s"]),
                     f"{_ms(r['min_s'])}-{_ms(r['max_s'])}"
                     + (" *" if r["max_s"] > NOISY * r["min_s"] else ""),
                     f"{r['throughput']:,.0f} {r['unit']}", _ratio(r["ratio_to_floor"]),
                     _ratio(r["ratio_to_torch"]),
                     f"{r['check']} ({r['rel_diff_to_floor']:.1e})", r["target"], r["verdict"]])
    widths = [max(len(str(v)) for v in col) for col in zip(header, *body)]
    right = {3, 4, 5, 6, 7}
    lines = []
    for i, row in enumerate([header, *body]):
        cells = [str(v).rjust(w) if j in right else str(v).ljust(w)
                 for j, (v, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="smaller data and 3 rounds (the smoke test); same code paths")
    p.add_argument("--only", default=None,
                   help="comma-separated workload ids, e.g. W2 or W1,W4b")
    p.add_argument("--json", metavar="PATH", default=None,
                   help="also write one JSON object per row to PATH")
    p.add_argument("--dtype", choices=("float64", "float32", "both"), default="both")
    p.add_argument("--repeats", type=int, default=None,
                   help="timed rounds (default 5, or 3 with --quick)")
    p.add_argument("--no-torch", dest="torch", action="store_false",
                   help="leave PyTorch out even when it is installed")
    p.add_argument("--background-load", action="store_true",
                   help="run a busy process beside the benchmark (a competing process)")
    p.add_argument("--blas-threads", default=None, metavar="auto|none|N",
                   help="brainkit's BLAS threads during its runs (brainkit.blas; default "
                        "its own setting, 'auto')")
    args = p.parse_args(argv)
    least = 3 if args.quick else 5
    if args.repeats is None:
        args.repeats = least
    elif args.repeats < least:
        p.error(f"--repeats must be at least {least}{' with --quick' if args.quick else ''}")
    known = {w.wid.lower(): w for w in workloads.WORKLOADS}
    if args.only:
        wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
        unknown = [w for w in wanted if w not in known]
        if unknown:
            ids = [w.wid for w in workloads.WORKLOADS]
            p.error(f"unknown workload(s) {unknown}; choose from {ids}")
        args.workloads = [known[w] for w in wanted]
    else:
        args.workloads = list(workloads.WORKLOADS)
    args.dtypes = ["float64", "float32"] if args.dtype == "both" else [args.dtype]
    return args


def main(argv=None):
    args = parse(argv)
    if args.blas_threads is not None:
        import brainkit.blas
        brainkit.blas.set_blas_threads(args.blas_threads)
    with BackgroundLoad(args.background_load):
        return _main(args)


def _main(args):
    torch_impl = load_torch(args.torch)
    header = machine()
    if torch_impl is not None:
        import torch
        header += f"; torch {torch.__version__} ({torch.get_num_threads()} threads)"
    else:
        header += "; torch not " + ("importable" if args.torch else "requested")
    print(header + (" [--quick]" if args.quick else "")
          + (" [--background-load: a busy process runs beside]" if args.background_load else ""),
          flush=True)
    rows = []
    started = time.perf_counter()
    for dtype in args.dtypes:
        for workload in args.workloads:
            t0 = time.perf_counter()
            new = run_case(workload, dtype, args, torch_impl)
            rows.extend(new)
            print(f"  {workload.wid} {dtype}: done in {time.perf_counter() - t0:.1f} s",
                  file=sys.stderr, flush=True)
    print(table(rows))
    if any(r["max_s"] > NOISY * r["min_s"] for r in rows):
        print(f"* the slowest run took more than {NOISY}x the fastest: the machine was busy")
    failed = [r for r in rows if r["check"] != "ok"]
    load = (f", load average {os.getloadavg()[0]:.2f} at the end"
            if hasattr(os, "getloadavg") else "")
    print(f"\n{len(rows)} rows in {time.perf_counter() - started:.1f} s{load}; correctness: "
          + ("all final losses agree with the floor" if not failed else
             "MISMATCH in " + ", ".join(f"{r['workload']}/{r['impl']}/{r['dtype']}"
                                        for r in failed)))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

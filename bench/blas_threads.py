"""BLAS threads on a 2-core machine, idle and beside a busy process (issue 16).

    python bench/blas_threads.py [--quick] [--only W2,W4b] [--skip-products]

1. **Products**: a matrix product (m x k) @ (k x n) of brainkit's sizes, timed
   with one and with two BLAS threads, with the machine idle and with a busy
   process beside it. This is where ``brainkit.blas.AUTO_MULTITHREAD_WORK``
   comes from: below it a second thread gains little idle and loses a lot
   under load.
2. **Workloads**: brainkit's side of each benchmark workload (workloads.py),
   idle and beside a busy process, with brainkit's BLAS setting "auto" and
   with None (BLAS's own threads). The ratio loaded / idle is the slowdown a
   competing process causes; the goal is at most 2.

Each figure is the median of ``--repeats`` timed runs after a warm-up; the
conditions (idle, loaded) take turns within each round, so the ratios come
from the same minutes. "Idle" means no busy process of ours: the load average
printed with the table says what else was running.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import numpy as np  # noqa: E402
from threadpoolctl import ThreadpoolController  # noqa: E402

import brainkit.blas  # noqa: E402
import run  # noqa: E402
import workloads  # noqa: E402

SIZES = [(32, 64, 64), (128, 128, 128), (32, 1600, 128), (128, 1600, 32), (512, 256, 256),
         (1024, 512, 512), (2048, 1024, 1024)]


def timed(fn, repeats, inner=1):
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - start) / inner)
    return statistics.median(times)


def products(repeats):
    controller = ThreadpoolController()
    print("products (m x k) @ (k x n): median time; speedup of 2 threads over 1")
    print(f"{'m x k x n':>18} {'multiply-adds':>14} {'idle 1t':>9} {'idle 2t':>9} "
          f"{'speedup':>8} {'load 1t':>9} {'load 2t':>9} {'speedup':>8}")
    for m, k, n in SIZES:
        a, b = np.random.rand(m, k), np.random.rand(k, n)
        inner = max(1, int(2e7 // (m * k * n)))
        found = {}
        for loaded in (False, True):
            with run.BackgroundLoad(loaded):
                for threads in (1, 2):
                    with controller.limit(limits=threads, user_api="blas"):
                        found[loaded, threads] = timed(lambda: a @ b, repeats, inner)
        cells = [f"{found[lo, th] * 1e3:8.3f}m" for lo in (False, True) for th in (1, 2)]
        print(f"{f'{m}x{k}x{n}':>18} {m * k * n:14.2e} {cells[0]:>9} {cells[1]:>9} "
              f"{found[False, 1] / found[False, 2]:8.2f} {cells[2]:>9} {cells[3]:>9} "
              f"{found[True, 1] / found[True, 2]:8.2f}")


def workload_table(wanted, quick, repeats):
    print("\nbrainkit's workloads: median time idle and beside a busy process")
    print(f"{'workload':<22} {'dtype':<8} {'BLAS setting':<13} {'idle ms':>9} {'loaded ms':>10} "
          f"{'loaded/idle':>12}")
    for dtype in ("float64", "float32"):
        for workload in wanted:
            case = workload.make(np.dtype(dtype), quick)
            impl = (workloads.BrainkitPredict if case.task == "predict"
                    else workloads.BrainkitTrain)(case)
            for setting in ("auto", None):
                brainkit.blas.set_blas_threads(setting)
                found = {False: [], True: []}
                impl.prepare()
                impl.run()
                for _ in range(repeats):
                    for loaded in (False, True):
                        with run.BackgroundLoad(loaded):
                            impl.prepare()
                            start = time.perf_counter()
                            impl.run()
                            found[loaded].append(time.perf_counter() - start)
                idle, busy = (statistics.median(found[x]) for x in (False, True))
                print(f"{workload.wid + ' ' + workload.title:<22} {dtype:<8} "
                      f"{str(setting):<13} {idle * 1e3:9.1f} {busy * 1e3:10.1f} "
                      f"{busy / idle:12.2f}", flush=True)
    brainkit.blas.set_blas_threads("auto")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="smaller workloads, 3 rounds")
    p.add_argument("--only", default=None, help="comma-separated workload ids")
    p.add_argument("--skip-products", action="store_true")
    args = p.parse_args(argv)
    repeats = 3 if args.quick else 5
    print(run.machine(), flush=True)
    if not args.skip_products:
        products(repeats)
    wanted = [w for w in workloads.WORKLOADS
              if not args.only or w.wid.lower() in args.only.lower().split(",")]
    workload_table(wanted, args.quick, repeats)
    print(f"\nload average at the end {__import__('os').getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

"""Training on a data set file larger than the memory the process may use.

Writes a SupervisedDataSet file of ``--gib`` GiB (float32 inputs, one target
y = sin(x . w) + noise) chunk by chunk, then runs ``brainkit train FILE``
in a child process whose address space is limited to ``--limit-mib`` MiB
(``resource.setrlimit(RLIMIT_AS)``, as ``ulimit -v`` does). The command sees
that the file does not fit and reads it in chunks. Reports the child's peak
resident memory (``ru_maxrss``), its wall time and its last line.

    python bench/out_of_core.py                       # 2 GiB file, 400 MiB limit
    python bench/out_of_core.py --gib 0.2 --limit-mib 300 --epochs 1   # a quick look
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def write_file(path, gib, inputs, seed=0, rows_per_write=1 << 18):
    """A SupervisedDataSet file of about ``gib`` GiB, written a block at a
    time in brainkit's data set layout (brainkit.datasets.hdf5)."""
    import json

    import h5py

    from brainkit.datasets.hdf5 import FORMAT_VERSION
    rows = int(gib * 2**30 // (4 * (inputs + 1)))
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(inputs) / np.sqrt(inputs)
    with h5py.File(path, "w") as f:
        f.attrs["brainkit_dataset"] = "SupervisedDataSet"
        f.attrs["format_version"] = FORMAT_VERSION
        f.attrs["link"] = json.dumps(["input", "target"])
        f.attrs["field_order"] = json.dumps(["input", "target"])
        f.attrs["meta"] = json.dumps({})
        group = f.create_group("fields")
        X = group.create_dataset("input", (rows, inputs), dtype=np.float32)
        Y = group.create_dataset("target", (rows, 1), dtype=np.float32)
        for start in range(0, rows, rows_per_write):
            stop = min(start + rows_per_write, rows)
            x = rng.standard_normal((stop - start, inputs), dtype=np.float32)
            X[start:stop] = x
            Y[start:stop] = (np.sin(x @ w) + 0.1 * rng.standard_normal(stop - start))[:, None]
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gib", type=float, default=2.0, help="size of the data set file")
    p.add_argument("--inputs", type=int, default=32)
    p.add_argument("--limit-mib", type=int, default=400, help="the child's address space")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--dir", default=None, help="where to write the file (default: a temp folder)")
    p.add_argument("--keep", action="store_true", help="keep the file")
    args = p.parse_args()
    folder = args.dir or tempfile.mkdtemp()
    path = os.path.join(folder, "big.h5")
    started = time.perf_counter()
    rows = write_file(path, args.gib, args.inputs)
    size = os.path.getsize(path)
    print(f"wrote {path}: {rows} rows of {args.inputs} float32 inputs and 1 target, "
          f"{size / 2**30:.2f} GiB, in {time.perf_counter() - started:.0f} s")
    limit = args.limit_mib * 2**20

    def limited():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", PYTHONPATH=ROOT)
    command = [sys.executable, "-m", "brainkit", "train", path, "--epochs", str(args.epochs),
               "--hidden", "32", "--batchsize", "256"]
    started = time.perf_counter()
    run = subprocess.run(command, preexec_fn=limited, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(run.stdout, end="")
    if run.returncode:
        print(run.stderr, end="")
    print(f"\nfile {size / 2**30:.2f} GiB, address space limit {args.limit_mib} MiB "
          f"({size / limit:.1f} x the limit): exit status {run.returncode}, peak resident "
          f"memory {peak:.0f} MiB, {seconds:.0f} s for {args.epochs} epoch(s) "
          f"(OPENBLAS_NUM_THREADS=1, load average {os.getloadavg()[0]:.1f} at the end)")
    if not args.keep:
        os.unlink(path)


if __name__ == "__main__":
    main()

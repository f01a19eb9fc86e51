"""Peak memory of W2 (784-256-10, minibatch 64, one epoch): brainkit against the floor.

    python bench/memory.py [--quick] [--dtype float64|float32]

Each side runs in its own fresh Python process, which loads only what it
needs (the floor's never imports brainkit), makes the W2 data, builds its
network, and then measures the peak resident set size (VmHWM) of the
training epoch: the kernel's high-water mark is reset through
/proc/self/clear_refs just before the epoch, so the data generation's
temporaries do not count, while the data, the libraries and everything the
epoch allocates do. (Without clear_refs the peak of the whole process is
reported, and said so.) Target of issue 7: brainkit's peak at most 1.5 x the
floor's. Exits 1 if a child process fails.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np

HERE = Path(__file__).resolve().parent
LIMIT = 1.5


def _status_kib(field):
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(f"/proc/self/status has no {field} line")


def _reset_peak():
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _brainkit_epoch(X, Y, dtype):
    from brainkit import BackpropTrainer, SoftmaxLayer, SupervisedDataSet, TanhLayer, buildNetwork
    # the data in the network's precision, as a float32 user would hand it in
    ds = SupervisedDataSet.fromArrays(X.astype(dtype), Y.astype(dtype))
    net = buildNetwork(784, 256, 10, hiddenclass=TanhLayer, outclass=SoftmaxLayer,
                       init="glorot", rng=np.random.default_rng(0), dtype=dtype)
    trainer = BackpropTrainer(net, ds, learningrate=0.01, momentum=0.9, batchsize=64,
                              shuffle=False)
    return trainer.train


def _floor_epoch(X, Y, dtype):
    import floor
    rng = np.random.default_rng(0)
    weights = {"W1": rng.standard_normal((256, 784)) * 0.05, "b1": np.zeros(256),
               "W2": rng.standard_normal((10, 256)) * 0.1, "b2": np.zeros(10)}
    case = SimpleNamespace(dtype=np.dtype(dtype), weights=weights, X=X.astype(dtype),
                           Y=Y.astype(dtype), hidden="tanh", out="softmax", lr=0.01,
                           momentum=0.9, batchsize=64, epochs=1)
    impl = floor.FloorMLP(case)
    impl.prepare()
    return impl.run


def child(impl, quick, dtype):
    """Run W2 once in this process; print a JSON line with the memory figures."""
    sys.path[:0] = [str(HERE), str(HERE.parent)]
    import data
    X, Y = data.synthetic_classes(2000 if quick else 20000)
    epoch = (_brainkit_epoch if impl == "brainkit" else _floor_epoch)(X, Y, dtype)
    del X, Y            # each side keeps only its own copy of the data
    before = _status_kib("VmRSS")
    reset = _reset_peak()
    epoch()
    peak = _status_kib("VmHWM")
    print(json.dumps({"impl": impl, "before_kib": before, "peak_kib": peak,
                      "peak_reset": reset}))


def parent(quick, dtype):
    results = {}
    for impl in ("brainkit", "floor"):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", impl,
               "--dtype", dtype] + (["--quick"] if quick else [])
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(f"memory check: the {impl} process failed:\n{proc.stderr}")
            return 1
        results[impl] = json.loads(proc.stdout.strip().splitlines()[-1])
    how = ("peak of the epoch (VmHWM reset before it)" if all(r["peak_reset"]
           for r in results.values()) else "peak of the whole process (could not reset VmHWM)")
    print(f"W2 memory, {dtype}{' [--quick]' if quick else ''}: {how}")
    print(f"{'impl':<9} {'RSS before MiB':>15} {'peak MiB':>9} {'growth MiB':>11}")
    for impl, r in results.items():
        print(f"{impl:<9} {r['before_kib'] / 1024:15.1f} {r['peak_kib'] / 1024:9.1f} "
              f"{(r['peak_kib'] - r['before_kib']) / 1024:11.1f}")
    ratio = results["brainkit"]["peak_kib"] / results["floor"]["peak_kib"]
    print(f"peak ratio brainkit/floor: {ratio:.2f} (target <= {LIMIT}): "
          f"{'PASS' if ratio <= LIMIT else 'MISS'}")
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="2000 samples instead of 20 000")
    p.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    p.add_argument("--child", choices=("brainkit", "floor"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child, args.quick, args.dtype)
        return 0
    return parent(args.quick, args.dtype)


if __name__ == "__main__":
    sys.exit(main())

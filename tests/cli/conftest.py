"""Small CSV files and a helper that runs the command in-process."""

import numpy as np
import pytest

from brainkit.cli import main
from brainkit.tools import checkfile


@pytest.fixture(autouse=True)
def no_child_process_check(monkeypatch, request):
    """The command loads each HDF5 model in a child process first (half a second
    each); in-process tests skip that child, since the model is loaded and
    checked in-process right after, unless they ask for ``real_file_check``.
    tests/cli/test_subprocess.py runs the whole command, child included."""
    if "real_file_check" not in request.fixturenames:
        monkeypatch.setattr(checkfile, "check_file", lambda *args, **kwargs: None)


@pytest.fixture
def real_file_check():
    """The command's own check of HDF5 models in a child process."""


def write_csv(path, rows, header=None):
    lines = ([",".join(header)] if header else []) + [",".join(str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.fixture
def regression_csv(tmp_path):
    """60 rows: inputs a, b, c on very different scales, target y (linear in them)."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 3)) * [1.0, 10.0, 100.0] + [0.0, 5.0, -50.0]
    y = X[:, 0] - 0.1 * X[:, 1] + 0.01 * X[:, 2]
    rows = [[f"{v:.6f}" for v in x] + [f"{t:.6f}"] for x, t in zip(X, y)]
    return write_csv(tmp_path / "reg.csv", rows, header=["a", "b", "c", "y"])


@pytest.fixture
def classes_csv(tmp_path):
    """80 rows without a header: two inputs, a text label (ham / spam) last."""
    rng = np.random.default_rng(2)
    X = rng.normal(size=(80, 2))
    labels = np.where(X[:, 0] + X[:, 1] > 0, "spam", "ham")
    rows = [[f"{v:.6f}" for v in x] + [lab] for x, lab in zip(X, labels)]
    return write_csv(tmp_path / "classes.csv", rows)


class Run:
    """The result of ``main(argv)``: exit status, stdout and stderr."""

    def __init__(self, status, out, err):
        self.status, self.out, self.err = status, out, err


@pytest.fixture
def run(capsys):
    def runner(*argv):
        status = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)
    return runner

"""``python -m brainkit`` as a separate process: exit status, output, no traceback."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def brainkit(*argv, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "DISPLAY")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "brainkit", *map(str, argv)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_train_save_test_and_plot_in_processes(tmp_path):
    trained = brainkit("train", "iris", "--hidden", "4", "--epochs", "3", "--save", "m.h5",
                       cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert "data: iris, 150 samples, 4 inputs, 3 classes" in trained.stdout
    assert "epoch 3/3" in trained.stderr            # not a terminal: plain lines
    tested = brainkit("test", "m.h5", "iris", cwd=tmp_path)
    assert tested.returncode == 0 and "iris: 150 samples" in tested.stdout
    plotted = brainkit("plot", "m.h5", "-o", "net.png", cwd=tmp_path)
    assert plotted.returncode == 0, plotted.stderr
    assert (tmp_path / "net.png").stat().st_size > 1000


def test_errors_in_a_process(tmp_path):
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n3\n")
    result = brainkit("train", "bad.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "brainkit: error: bad.csv, line 3: 1 fields; expected 2 like the " \
                            "first line (fields may not contain the delimiter)\n"
    usage = brainkit("train", "--epochs", "many", cwd=tmp_path)
    assert usage.returncode == 2 and len(usage.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr + usage.stderr

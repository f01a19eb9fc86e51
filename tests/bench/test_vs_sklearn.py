"""bench/vs_sklearn.py runs: brainkit's defaults against scikit-learn's on real data.

Only the smoke run (wine, one seed) is checked here, for a complete table row;
the accuracy and speed figures are measured in bench/, never asserted.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_comparison_prints_a_row_for_wine():
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "vs_sklearn.py"), "--quick"],
                          capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    row = re.search(r"^\| wine \| 134 / 44 \| accuracy \| (\S+) % ± \S+ \| (\S+) % ± \S+ \| "
                    r"\S+ s \| \S+ s \| \S+ \|$", proc.stdout, flags=re.M)
    assert row, proc.stdout
    assert all(50 < float(v) <= 100 for v in row.groups())

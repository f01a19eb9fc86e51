"""bench/structure_families.py runs, and brainkit agrees with its plain-numpy floors."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_run_agrees_with_every_floor():
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "structure_families.py"),
                           "--quick"], capture_output=True, text=True, timeout=600, env=env,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for family in ("bidirectional", "MultiDimensionalRNN", "MultiDimensionalLSTM",
                   "MdrnnLayer", "SimpleConvolutionalNetwork", "CaptureGameNetwork",
                   "ConvolutionalBoardNetwork"):
        assert family in proc.stdout
    assert "DISAGREE" not in proc.stdout

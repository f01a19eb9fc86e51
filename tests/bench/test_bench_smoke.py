"""The benchmark suite (bench/) runs and its correctness checks pass.

Speed is measured in bench/, never asserted: these tests only run
``bench/run.py --quick`` and ``bench/memory.py --quick`` as subprocesses and
check that they exit 0, that every workload produced its rows and that every
implementation ended with the floor's loss.
"""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
WORKLOADS = ("W1", "W2", "W3", "W4", "W4b", "W5", "W6")
KEYS = ("workload", "impl", "dtype", "median_s", "min_s", "max_s", "throughput", "final_loss",
        "ratio_to_floor", "ratio_to_torch")


def _run(*args):
    env = dict(os.environ)
    # one thread each: the smoke test checks that the suite works, not how fast
    # it is, and single-threaded BLAS stays quick on a busy machine
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True,
                          timeout=600, env=env, cwd=ROOT)


def test_quick_benchmark_runs_and_every_loss_matches_the_floor(tmp_path):
    out = tmp_path / "bench.jsonl"
    torch_flag = [] if importlib.util.find_spec("torch") else ["--no-torch"]
    proc = _run(BENCH / "run.py", "--quick", "--json", out, *torch_flag)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    for row in rows:
        assert set(KEYS) <= set(row), row
        assert row["check"] == "ok", row
    seen = {(r["workload"], r["impl"], r["dtype"]) for r in rows}
    impls = {"brainkit", "floor"} | ({"torch"} if any(r["impl"] == "torch" for r in rows)
                                     else set())
    assert seen == {(w, i, d) for w in WORKLOADS for i in impls
                    for d in ("float64", "float32")}
    assert "all final losses agree with the floor" in proc.stdout


def test_quick_memory_check_runs():
    proc = _run(BENCH / "memory.py", "--quick")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "peak ratio brainkit/floor" in proc.stdout


def test_a_bad_workload_name_is_refused():
    proc = _run(BENCH / "run.py", "--quick", "--only", "W9")
    assert proc.returncode == 2
    assert "unknown workload" in proc.stderr


def test_a_wrong_answer_fails_the_run():
    # brainkit's side made to report a loss 1e-6 off: the check must catch it
    script = ("import sys; sys.path[:0] = ['bench', '.']\n"
              "import workloads\n"
              "right = workloads.BrainkitTrain.result\n"
              "def wrong(self):\n"
              "    error, loss = right(self)\n"
              "    return error, loss * (1 + 1e-6)\n"
              "workloads.BrainkitTrain.result = wrong\n"
              "import run\n"
              "sys.exit(run.main(['--quick', '--only', 'W3', '--dtype', 'float64',\n"
              "                   '--no-torch']))\n")
    proc = _run("-c", script)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "MISMATCH in W3/brainkit/float64" in proc.stdout

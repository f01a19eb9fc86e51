"""The README's code runs as written."""

import re
from pathlib import Path

import numpy as np
import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks():
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_has_a_quick_start():
    blocks = python_blocks()
    assert blocks and "buildNetwork(2, 3, 1)" in blocks[0]


def test_readme_code_runs_as_written(capsys):
    namespace = {"__name__": "readme"}
    for block in python_blocks():     # in order, sharing names, as a reader types them
        exec(compile(block, str(README), "exec"), namespace)
    printed = capsys.readouterr().out
    net = namespace["net"]
    assert "   Modules:" in printed and "parameters" in printed
    assert net.activate([1, 2]).shape == (1,)
    assert np.all(np.isfinite(net.activate([1, 2])))


def test_quick_start_claims_hold():
    namespace = {}
    exec(compile(python_blocks()[0], str(README), "exec"), namespace)
    net = namespace["net"]
    assert net.activate([1.0, 0.0]).shape == (1,)
    assert net.activate([[0, 0], [0, 1], [1, 0], [1, 1]]).shape == (4, 1)


def test_readme_commands_are_the_ones_ci_runs():
    text = README.read_text()
    ci = (README.parent / ".ci" / "run").read_text()
    assert "    pip install . && brainkit train\n" in text
    test_command = 'pip install ".[test]" && python -m pytest -q'
    assert f"    {test_command}\n" in text and test_command in ci


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_each_readme_block_runs_pasted_on_its_own(index, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)         # a fresh interpreter in an empty folder
    exec(compile(python_blocks()[index], str(README), "exec"), {"__name__": "readme"})


def command_lines():
    """The README's `brainkit ...` example lines that use the sample CSV."""
    return [line.strip().split("#")[0].split()[1:] for line in README.read_text().splitlines()
            if line.startswith("    brainkit ") and "--help" not in line]


def test_the_readme_commands_run_on_the_sample_csv(tmp_path, monkeypatch, capsys):
    from brainkit.cli import main
    monkeypatch.chdir(tmp_path)
    sample = README.parent / "brainkit" / "datasets" / "data" / "iris.csv"
    lines = [argv for argv in command_lines() if argv and argv[0] != "train" or
             "iris.csv" in " ".join(argv)]
    assert [argv[0] for argv in lines] == ["train", "test", "predict", "info", "convert", "plot"]
    for argv in lines:
        argv = [str(sample) if a.endswith("iris.csv") else a for a in argv]
        assert main(argv + (["--epochs", "3"] if argv[0] == "train" else [])) == 0, argv
    out = capsys.readouterr().out
    assert "accuracy" in out and (tmp_path / "predictions.csv").exists()
    assert (tmp_path / "model.xml").exists() and (tmp_path / "network.png").exists()

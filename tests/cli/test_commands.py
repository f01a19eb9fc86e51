"""Every sub-command, run in-process through ``main([...])``."""

import re

import numpy as np
import pytest

import brainkit
from brainkit.cli import main
from brainkit.cli.data import read_csv
from brainkit.cli.training import split

from tests.cli.conftest import write_csv

FAST = ["--hidden", "4", "--epochs", "2", "--quiet"]


def reported_errors(text):
    """{'training': error, 'test': error, ...} from the table ``train`` prints."""
    return {name: float(value) for name, value in
            re.findall(r"^  (training|validation|test)\s+\d+\s+(\S+)", text, flags=re.M)}


def test_train_reports_errors_and_saves_a_model(run, regression_csv, tmp_path):
    model = tmp_path / "m.h5"
    result = run("train", regression_csv, *FAST, "--save", model)
    assert result.status == 0, result.err
    assert "data: reg.csv, 60 samples, 3 inputs, 1 target" in result.out
    assert "split: 30 training, 15 validation, 15 test (seed 0)" in result.out
    assert "network: 3 -> 4 tanh -> 1 linear, 21 parameters" in result.out
    assert set(reported_errors(result.out)) == {"training", "validation", "test"}
    assert result.err == ""                 # --quiet: no progress
    assert brainkit.load(str(model)).indim == 3


@pytest.mark.parametrize("ending", ["h5", "xml"])
def test_train_then_test_agree_on_the_error(run, regression_csv, tmp_path, ending):
    model = tmp_path / f"m.{ending}"
    trained = run("train", regression_csv, *FAST, "--validation", "0", "--test", "0",
                  "--save", model)
    tested = run("test", model, regression_csv)
    assert trained.status == tested.status == 0
    error = float(re.search(r"^error: (\S+)", tested.out, flags=re.M).group(1))
    assert error == pytest.approx(reported_errors(trained.out)["training"], rel=2e-5)


def test_the_saved_model_reproduces_the_test_part_on_raw_data(run, regression_csv, tmp_path):
    # the scaling is folded into the model: testing it on the raw held-out rows
    # gives the test error train reported
    model = tmp_path / "m.h5"
    trained = run("train", regression_csv, *FAST, "--seed", "3", "--save", model)
    table = read_csv(regression_csv)
    _, _, test_rows = split(len(table), 0.25, 0.25, 3)
    part = write_csv(tmp_path / "part.csv",
                     np.column_stack([table.X[test_rows], table.Y[test_rows]]).tolist())
    tested = run("test", model, part)
    error = float(re.search(r"^error: (\S+)", tested.out, flags=re.M).group(1))
    assert error == pytest.approx(reported_errors(trained.out)["test"], rel=2e-5)


def test_train_classifies_text_labels_with_accuracy_and_confusion_matrix(run, classes_csv):
    result = run("train", classes_csv, "--hidden", "6", "--epochs", "20", "--quiet")
    assert result.status == 0, result.err
    assert "2 classes" in result.out and "accuracy" in result.out
    assert "confusion matrix (test data; rows: true class, columns: predicted class)" in result.out
    matrix = re.search(r"^\s+ham\s+spam\n\s+ham\s+(\d+)\s+(\d+)\n\s+spam\s+(\d+)\s+(\d+)",
                       result.out, flags=re.M)
    assert sum(int(v) for v in matrix.groups()) == 20       # the 20 test samples
    assert "class numbers (as predict writes them): 0 = ham, 1 = spam" in result.out


def test_train_on_the_bundled_digits_by_default(run):
    result = run("--version")
    assert result.status == 0
    result = run("train", "--epochs", "1", "--quiet", "--hidden", "16")
    assert result.status == 0, result.err
    assert "data: digits, 1797 samples, 64 inputs, 10 classes" in result.out
    assert "network: 64 -> 16 tanh -> 10 softmax" in result.out


@pytest.mark.parametrize("options", [
    ["--trainer", "rprop"],
    ["--trainer", "adam", "--lr", "0.01"],
    ["--hiddenclass", "relu", "--outclass", "sigmoid", "--weightdecay", "0.001"],
    ["--hiddenclass", "lstm", "--no-scale"],
    ["--hidden", "3,3", "--scale", "minmax", "--batchsize", "1", "--momentum", "0"],
    ["--hidden", "none"],
])
def test_train_options(run, regression_csv, options):
    result = run("train", regression_csv, "--epochs", "2", "--quiet", *options)
    assert result.status == 0, result.err
    assert np.isfinite(reported_errors(result.out)["test"])


def test_tab_separated_data(run, tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("x\ty\tkind\n" + "".join(f"{i}\t{i % 3}\t{'ab'[i % 2]}\n" for i in range(30)))
    result = run("train", path, "--delimiter", "tab", *FAST)
    assert result.status == 0, result.err
    assert "data: t.tsv, 30 samples, 2 inputs, 2 classes" in result.out


def test_until_convergence_keeps_the_best_epoch(run, regression_csv):
    result = run("train", regression_csv, "--hidden", "4", "--max-epochs", "30", "--quiet")
    assert result.status == 0, result.err
    found = re.search(r"trained (\d+) epochs .* kept epoch (\d+)", result.out)
    ran, kept = map(int, found.groups())
    assert 1 <= kept <= ran <= 30


def test_tiny_data_trains_on_everything(run):
    result = run("train", "xor", "--hidden", "4", "--max-epochs", "3", "--quiet")
    assert result.status == 0, result.err
    assert "only 4 samples: training and reporting on all of them" in result.out
    assert "no validation part: training 3 epochs" in result.out


def test_progress_lines_when_stderr_is_not_a_terminal(run, regression_csv):
    result = run("train", regression_csv, "--hidden", "4", "--epochs", "3")
    assert result.err.splitlines()[0].startswith("epoch 1/3: training error ")
    assert result.err.splitlines()[-1].startswith("epoch 3/3: ")


def test_a_progress_bar_on_a_terminal(regression_csv, monkeypatch, capsys):
    class Terminal:
        text = ""

        def write(self, s):
            Terminal.text += s

        def flush(self):
            pass

        def isatty(self):
            return True
    monkeypatch.setattr("sys.stderr", Terminal())
    assert main(["train", regression_csv, "--hidden", "4", "--epochs", "3"]) == 0
    assert "training" in Terminal.text and "3/3" in Terminal.text and "\r" in Terminal.text


def test_train_plot_writes_the_curves(run, regression_csv, tmp_path):
    picture = tmp_path / "curves.png"
    result = run("train", regression_csv, *FAST, "--plot", picture)
    assert result.status == 0, result.err
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_test_reports_accuracy_for_a_classifier(run, classes_csv, tmp_path):
    model = tmp_path / "c.h5"
    run("train", classes_csv, "--hidden", "4", "--epochs", "5", "--quiet", "--save", model)
    result = run("test", model, classes_csv)
    assert result.status == 0, result.err
    assert "classes.csv: 80 samples" in result.out
    assert re.search(r"^accuracy: \d+\.\d\d%$", result.out, flags=re.M)


def test_test_on_a_bundled_set(run, tmp_path):
    model = tmp_path / "x.xml"
    run("train", "xor", "--hidden", "3", "--epochs", "2", "--quiet", "--save", model)
    result = run("test", model, "xor")
    assert result.status == 0 and "xor: 4 samples" in result.out


def test_predict_writes_a_csv(run, classes_csv, tmp_path):
    model, out = tmp_path / "c.h5", tmp_path / "out.csv"
    run("train", classes_csv, "--hidden", "4", "--epochs", "2", "--quiet", "--save", model)
    result = run("predict", model, classes_csv, "-o", out)
    assert result.status == 0, result.err
    assert "wrote 80 predictions to" in result.err
    lines = out.read_text().splitlines()
    assert lines[0] == "out0,out1,class" and len(lines) == 81
    values = np.loadtxt(lines[1:], delimiter=",")
    net = brainkit.load(str(model))
    table = read_csv(classes_csv)
    assert np.allclose(values[:, :2], net.activate(table.X), rtol=1e-8)
    assert np.array_equal(values[:, 2], np.argmax(values[:, :2], axis=1))


def test_predict_to_stdout_on_inputs_only(run, regression_csv, tmp_path):
    model = tmp_path / "r.h5"
    run("train", regression_csv, *FAST, "--save", model)
    inputs = write_csv(tmp_path / "in.csv", [[0.1, 5, -50], [1, 2, 3]])
    result = run("predict", model, inputs)
    assert result.status == 0, result.err
    assert result.out.splitlines()[0] == "out0" and len(result.out.splitlines()) == 3


def test_info_lists_modules_connections_and_format(run, tmp_path):
    model = tmp_path / "n.xml"
    brainkit.buildNetwork(3, 4, 2).save(str(model))
    result = run("info", model)
    assert result.status == 0
    assert result.out.startswith(f"{model}: PyBrain XML, ")
    assert "3 inputs, 2 outputs, 26 parameters" in result.out
    assert "hidden0  SigmoidLayer" in result.out and "in -> hidden0    4x3" in result.out


def test_convert_round_trip(run, tmp_path):
    net = brainkit.buildNetwork(3, 4, 2)
    net.save(str(tmp_path / "a.xml"))
    assert run("convert", tmp_path / "a.xml", tmp_path / "b.h5").status == 0
    assert run("convert", tmp_path / "b.h5", tmp_path / "c.xml").status == 0
    back = brainkit.load(str(tmp_path / "c.xml"))
    assert np.array_equal(back.params, net.params)
    x = np.array([[0.3, -1.0, 2.0]])
    assert np.allclose(back.activate(x), net.activate(x), rtol=0, atol=0)


def test_plot_draws_the_network_graph(run, tmp_path):
    model, picture = tmp_path / "n.h5", tmp_path / "net.png"
    brainkit.buildNetwork(2, 3, 1).save(str(model))
    result = run("plot", model, "-o", picture)
    assert result.status == 0, result.err
    assert picture.stat().st_size > 1000


def test_plot_with_data_draws_decision_regions(run, classes_csv, tmp_path):
    model, picture = tmp_path / "c.h5", tmp_path / "regions.png"
    run("train", classes_csv, "--hidden", "4", "--epochs", "2", "--quiet", "--save", model)
    result = run("plot", model, classes_csv, "-o", picture)
    assert result.status == 0, result.err
    assert picture.stat().st_size > 1000


def test_help_exits_0(run):
    result = run("train", "--help")
    assert result.status == 0 and "--until-convergence" in result.out

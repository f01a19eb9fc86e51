"""Every sub-command, run in-process through ``main([...])``."""

import re
from pathlib import Path

import numpy as np
import pytest

import brainkit
from brainkit.cli import main
from brainkit.cli.data import read_csv
from brainkit.tools.fitting import split

from tests.cli.conftest import write_csv

FAST = ["--hidden", "4", "--epochs", "2"]


def losses(text):
    """{'training': loss, 'validation': loss, ...} from the table ``train`` prints."""
    return {name: float(value) for name, value in
            re.findall(r"^  (training|validation|test)\s+\d+\s+(\S+)", text, flags=re.M)}


def rmse(text, part):
    return float(re.search(rf"^  {part}\s+\d+\s+\S+\s+(\S+)", text, flags=re.M).group(1))


def test_train_reports_and_saves_a_model(run, regression_csv, tmp_path):
    model = tmp_path / "m.h5"
    result = run("train", regression_csv, *FAST, "--save", model)
    assert result.status == 0, result.err
    out = result.out
    assert "data: reg.csv, 60 samples, 3 inputs, 1 target" in out
    assert "task: regression: the target 'y' holds numbers (not all whole numbers)" in out
    assert "split: 48 training, 12 validation (seed 0)" in out
    assert "network: 3 -> 4 relu -> 1 linear, 21 parameters" in out
    assert "loss: mse: mean squared error of the targets scaled" in out
    assert re.search(r"^\s+samples\s+loss\s+RMSE\s+MAE\s+R²$", out, flags=re.M)
    assert set(losses(out)) == {"training", "validation"}
    assert out.splitlines()[-1].startswith("validation RMSE ")
    assert out.splitlines()[-1].endswith(f"on 12 samples; saved {model}")
    assert result.err.startswith("epoch 1/2: ")
    net = brainkit.load(str(model))
    assert net.metadata == {"task": "regression", "loss": "mse", "inputs": ["a", "b", "c"],
                            "targets": ["y"]}


def test_quiet_prints_only_the_final_line(run, classes_csv):
    result = run("train", classes_csv, *FAST, "--quiet")
    assert result.status == 0 and result.err == ""
    assert re.fullmatch(r"validation accuracy \d+\.\d\d% on 16 samples\n", result.out)


@pytest.mark.parametrize("ending", ["h5", "xml"])
def test_train_then_test_agree(run, regression_csv, tmp_path, ending):
    model = tmp_path / f"m.{ending}"
    trained = run("train", regression_csv, *FAST, "--validation", "0", "--save", model)
    tested = run("test", model, regression_csv)
    assert trained.status == tested.status == 0, tested.err
    assert rmse(tested.out, "test") == pytest.approx(rmse(trained.out, "training"), rel=1e-3)


def test_test_runs_the_model_over_the_data_once(run, regression_csv, tmp_path, monkeypatch):
    from brainkit.cli import commands, report
    model = tmp_path / "m.h5"
    assert run("train", regression_csv, *FAST, "--save", model).status == 0
    runs = []
    for module in (commands, report):
        monkeypatch.setattr(module, "outputs", lambda net, X, f=module.outputs: runs.append(1)
                            or f(net, X))
    assert run("test", model, regression_csv).status == 0
    assert len(runs) == 1


def test_regression_targets_are_scaled_and_the_scaling_folded_into_the_model(run, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = 1000 * X[:, 0] - 300 * X[:, 1] + 5000
    path = write_csv(tmp_path / "big.csv", np.column_stack([X, y]).tolist(), ["u", "v", "y"])
    model = tmp_path / "m.h5"
    result = run("train", path, "--hidden", "8", "--save", model, "--no-refit")
    assert result.status == 0, result.err
    net = brainkit.load(str(model))
    assert np.sqrt(np.mean((net.activate(X)[:, 0] - y) ** 2)) < 0.3 * np.std(y)   # R² > 0.9


def test_the_saved_model_reproduces_the_test_part_on_raw_data(run, regression_csv, tmp_path):
    model = tmp_path / "m.h5"
    trained = run("train", regression_csv, *FAST, "--seed", "3", "--test-fraction", "0.25",
                  "--save", model)
    assert "split: 33 training, 12 validation, 15 test (seed 3)" in trained.out
    table = read_csv(regression_csv)
    _, _, test_rows = split(len(table), 0.2, 0.25, 3)
    part = write_csv(tmp_path / "part.csv",
                     np.column_stack([table.X[test_rows], table.Y[test_rows]]).tolist(),
                     ["a", "b", "c", "y"])
    tested = run("test", model, part)
    assert rmse(tested.out, "test") == pytest.approx(rmse(trained.out, "test"), rel=1e-3)
    again = run("train", regression_csv, *FAST, "--test", part)
    assert "split: 48 training, 12 validation, 15 test (seed 0)" in again.out


def test_classes_with_a_per_class_table_and_confusion_matrix(run, classes_csv):
    result = run("train", classes_csv, "--hidden", "6", "--epochs", "20")
    assert result.status == 0, result.err
    out = result.out
    assert "task: classification: the target '2' holds text labels" in out
    assert "loss: crossentropy: cross-entropy" in out
    assert re.search(r"^  class\s+samples\s+recall\s+precision$", out, flags=re.M)
    matrix = re.search(r"^\s+ham\s+spam\n\s+ham\s+(\d+)\s+(\d+)\n\s+spam\s+(\d+)\s+(\d+)",
                       out, flags=re.M)
    assert sum(int(v) for v in matrix.groups()) == 16       # the 16 validation samples


@pytest.mark.parametrize("labels, options, expected", [
    ([0, 1, 2] * 20, [], "classification: the target 'y' holds 3 distinct whole numbers "
                         "(0, 1, 2); give --regress to predict it as a number"),
    ([0, 1, 2] * 20, ["--regress"], "1 target"),
    ([0.5, 1, 2] * 20, [], "regression: the target 'y' holds numbers (not all whole numbers)"),
    (list(range(60)), [], "regression: the target 'y' holds numbers (60 distinct values)"),
    (list(range(60)), ["--classify"], "60 classes"),
])
def test_the_task_follows_from_the_target_and_says_why(run, tmp_path, labels, options,
                                                       expected):
    rows = [[i % 7, i % 5, label] for i, label in enumerate(labels)]
    path = write_csv(tmp_path / "t.csv", rows, ["a", "b", "y"])
    result = run("train", path, *FAST, *options)
    assert result.status == 0, result.err
    assert expected in result.out


def test_a_huge_class_label_makes_one_class_not_a_billion(run, tmp_path):
    rows = [[i % 3, 0 if i % 2 else 10 ** 9] for i in range(40)]
    path = write_csv(tmp_path / "t.csv", rows, ["a", "y"])
    model = tmp_path / "m.h5"
    result = run("train", path, *FAST, "--classify", "--save", model)
    assert result.status == 0, result.err
    assert brainkit.load(str(model)).metadata["classes"] == ["0", "1000000000"]
    info = run("info", model)
    assert "task: classification\n" in info.out and "classes: 0, 1000000000\n" in info.out
    assert "inputs: a\n" in info.out and "loss: crossentropy\n" in info.out


def test_early_stopping_keeps_the_best_epoch(run, regression_csv):
    result = run("train", regression_csv, "--hidden", "4", "--max-epochs", "30",
                 "--patience", "3", "--no-refit")
    assert result.status == 0, result.err
    found = re.search(r"trained (\d+) epochs .* epoch (\d+) was the best on validation",
                      result.out)
    ran, kept = map(int, found.groups())
    assert 0 <= kept <= ran <= 30 and (ran == 30 or ran - kept == 3)


def test_the_final_fit_uses_training_and_validation_rows(run, classes_csv):
    result = run("train", classes_csv, "--hidden", "4", "--max-epochs", "5")
    assert result.status == 0, result.err
    assert re.search(r"^final fit: \d+ epochs on all 80 training and validation rows",
                     result.out, flags=re.M)
    assert re.search(r"^  training\s+80\s", result.out, flags=re.M)


def test_divergence_stops_training_keeps_the_best_weights_and_exits_1(run, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    path = write_csv(tmp_path / "d.csv", np.column_stack([X, X @ [3.0, -2.0]]).tolist(),
                     ["a", "b", "y"])
    model = tmp_path / "m.h5"
    result = run("train", path, "--trainer", "backprop", "--lr", "50", "--save", model)
    assert result.status == 1
    assert re.search(r"^brainkit: error: training diverged in epoch \d+ \(.*\); kept the "
                     r"weights of epoch \d+ and saved them to .*; try a smaller --lr "
                     r"\(it is 50\)$", result.err, flags=re.M)
    assert np.all(np.isfinite(brainkit.load(str(model)).params))


def test_tiny_data_trains_on_everything(run):
    result = run("train", "xor", "--hidden", "4", "--max-epochs", "3")
    assert result.status == 0, result.err
    assert "only 4 samples: training on all of them, no validation part" in result.out
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


@pytest.mark.parametrize("options", [
    ["--trainer", "rprop"],
    ["--trainer", "backprop", "--lr", "0.01", "--momentum", "0.5"],
    ["--hiddenclass", "tanh", "--outclass", "sigmoid", "--weightdecay", "0.001"],
    ["--hiddenclass", "lstm", "--no-scale"],
    ["--hidden", "3,3", "--scale", "minmax", "--batchsize", "1", "--loss", "sse"],
    ["--hidden", "none", "--dtype", "float64"],
])
def test_train_options(run, regression_csv, options):
    result = run("train", regression_csv, "--epochs", "2", *options)
    assert result.status == 0, result.err
    assert np.isfinite(losses(result.out)["validation"])


@pytest.mark.parametrize("options", [["--hidden", "none"], ["--outclass", "sigmoid"]])
def test_the_loss_line_says_when_the_targets_are_not_scaled(run, regression_csv, options):
    result = run("train", regression_csv, "--epochs", "1", *options)
    assert result.status == 0, result.err
    assert "loss: mse: mean squared error of the targets as they are (0 is perfect)" in result.out


def test_tab_separated_data(run, tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("x\ty\tkind\n" + "".join(f"{i}\t{i % 3}\t{'ab'[i % 2]}\n" for i in range(30)))
    result = run("train", path, "--delimiter", "tab", *FAST)
    assert result.status == 0, result.err
    assert "data: t.tsv, 30 samples, 2 inputs, 2 classes" in result.out


def test_train_on_the_bundled_digits_by_default(run):
    assert run("--version").status == 0
    result = run("train", "--epochs", "1", "--hidden", "16")
    assert result.status == 0, result.err
    assert "data: digits, 1797 samples, 64 inputs, 10 classes" in result.out
    assert "network: 64 -> 16 relu -> 10 softmax" in result.out


def test_train_plot_writes_the_curves(run, regression_csv, tmp_path):
    picture = tmp_path / "curves.png"
    result = run("train", regression_csv, *FAST, "--plot", picture)
    assert result.status == 0, result.err
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def iris_files(tmp_path):
    """iris as CSV with its names, and the same without setosa, columns reordered."""
    from brainkit.datasets import load_iris
    ds = load_iris()
    names = [ds.class_labels[int(k)] for k in ds["class"].ravel()]
    header = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
    rows = [[*x, n] for x, n in zip(ds["input"].tolist(), names)]
    full = write_csv(tmp_path / "iris.csv", rows, header)
    order = [4, 3, 2, 1, 0]
    part = write_csv(tmp_path / "no_setosa.csv", [[r[i] for i in order] for r in rows
                                                  if r[4] != "setosa"], [header[i] for i in order])
    return full, part


def test_test_maps_labels_by_name_and_columns_by_name(run, tmp_path):
    full, no_setosa = iris_files(tmp_path)
    model = tmp_path / "iris.h5"
    assert run("train", full, "--save", model, "--quiet").status == 0
    result = run("test", model, no_setosa)
    assert result.status == 0, result.err
    accuracy = float(re.search(r"^test accuracy (\S+)%", result.out, flags=re.M).group(1))
    assert accuracy > 80
    assert "no_setosa.csv: 100 samples; the model's loss in training: crossentropy" in result.out


def test_test_refuses_labels_the_model_never_saw(run, tmp_path):
    full, _ = iris_files(tmp_path)
    model = tmp_path / "iris.h5"
    run("train", full, *FAST, "--save", model, "--quiet")
    odd = tmp_path / "odd.csv"
    odd.write_text(Path(full).read_text().replace("virginica", "daisy"))
    result = run("test", model, odd)
    assert result.status == 1
    assert re.search(r"odd.csv, line \d+: class 'daisy' is not one the model knows "
                     r"\(setosa, versicolor, virginica\)", result.err)


def test_predict_checks_columns_reorders_them_and_writes_class_names(run, tmp_path):
    full, no_setosa = iris_files(tmp_path)
    model, out = tmp_path / "iris.h5", tmp_path / "out.csv"
    run("train", full, *FAST, "--save", model, "--quiet")
    result = run("predict", model, no_setosa, "-o", out)
    assert result.status == 0, result.err
    lines = out.read_text().splitlines()
    assert lines[0] == "P(setosa),P(versicolor),P(virginica),class" and len(lines) == 101
    table = read_csv(full)
    net = brainkit.load(str(model))
    expected = net.activate(table.X[50:])
    values = np.array([line.split(",")[:3] for line in lines[1:]], dtype=float)
    assert np.allclose(values, expected, rtol=1e-6)
    names = np.array(["setosa", "versicolor", "virginica"])
    assert [line.split(",")[3] for line in lines[1:]] == names[expected.argmax(axis=1)].tolist()
    missing = write_csv(tmp_path / "m.csv", [[1, 2, 3]], ["sepal_length", "x", "y"])
    result = run("predict", model, missing)
    assert result.status == 1 and "has no column named 'sepal_width', an input of the model" \
        in result.err
    counted = write_csv(tmp_path / "c.csv", [[1, 2, 3, 4, 5, 6]])
    result = run("predict", model, counted)
    assert result.status == 1 and "takes 4 inputs (and has 1 target column)" in result.err


def test_predict_to_stdout_on_inputs_only(run, regression_csv, tmp_path):
    model = tmp_path / "r.h5"
    run("train", regression_csv, *FAST, "--save", model)
    inputs = write_csv(tmp_path / "in.csv", [[0.1, 5, -50], [1, 2, 3]])
    result = run("predict", model, inputs)
    assert result.status == 0, result.err
    assert result.out.splitlines()[0] == "y" and len(result.out.splitlines()) == 3


def test_a_model_without_metadata_maps_class_numbers_to_outputs(run, tmp_path):
    model = tmp_path / "plain.h5"
    brainkit.buildNetwork(2, 3, 3, outclass=brainkit.SoftmaxLayer).save(str(model))
    path = write_csv(tmp_path / "d.csv", [[0.1, 0.2, 2], [0.3, 0.1, 0]])
    result = run("test", model, path)
    assert result.status == 0, result.err
    assert re.search(r"^  2\s+1\s", result.out, flags=re.M)      # class 2 is output 2
    path = write_csv(tmp_path / "e.csv", [[0.1, 0.2, "cat"]])
    result = run("test", model, path)
    assert result.status == 1 and "class 'cat' is not one the model knows (0, 1, 2)" \
        in result.err


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


def test_plot_with_data_names_the_classes_and_axes(run, tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    rows = [[*x, "up" if x[1] > 0 else "down"] for x in X.tolist()]
    path = write_csv(tmp_path / "p.csv", rows, ["width", "height", "kind"])
    model, picture = tmp_path / "c.h5", tmp_path / "regions.png"
    run("train", path, *FAST, "--save", model, "--quiet")
    from brainkit.tools import plotting
    drawn = {}
    real = plotting.plot_decision_regions

    def spy(*args, **kwargs):
        drawn["fig"] = real(*args, **kwargs)
        return drawn["fig"]
    monkeypatch.setattr(plotting, "plot_decision_regions", spy)
    result = run("plot", model, path, "-o", picture)
    assert result.status == 0, result.err
    ax = drawn["fig"].axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("width", "height")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["down", "up"]
    assert picture.stat().st_size > 1000


def test_help_exits_0(run):
    result = run("train", "--help")
    assert result.status == 0 and "--until-convergence" in result.out

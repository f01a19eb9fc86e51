"""The command's data handling: CSV reading, bundled sets, scaling folded into a network."""

import numpy as np
import pytest

from brainkit import SoftmaxLayer, TanhLayer, buildNetwork
from brainkit.cli import data as cli_data
from brainkit.cli.report import outputs
from brainkit.cli.data import load_data, read_csv
from brainkit.cli.errors import UserError
from brainkit.tools.fitting import fold_input_scaling
from brainkit.structure.modules.lstm import LSTMLayer

from tests.cli.conftest import write_csv


def test_header_is_detected_and_the_last_column_is_the_target(regression_csv):
    table = read_csv(regression_csv)
    assert table.X.shape == (60, 3) and table.Y.shape == (60, 1)
    assert table.labels is None


def test_target_by_name_by_index_and_several(tmp_path):
    path = write_csv(tmp_path / "t.csv", [[1, 2, 3, 4], [5, 6, 7, 8]], header=["a", "b", "c", "d"])
    assert read_csv(path, target="b").Y.ravel().tolist() == [2, 6]
    assert read_csv(path, target="0").Y.ravel().tolist() == [1, 5]
    assert read_csv(path, target="-2").X.tolist() == [[1, 2, 4], [5, 6, 8]]
    table = read_csv(path, target="c,d")
    assert table.Y.tolist() == [[3, 4], [7, 8]] and table.X.tolist() == [[1, 2], [5, 6]]


def test_no_header_when_the_first_row_is_numbers(tmp_path):
    path = write_csv(tmp_path / "t.csv", [[1, 2, 3], [4, 5, 6]])
    assert read_csv(path).X.tolist() == [[1, 2], [4, 5]]
    assert read_csv(path, header=True).X.tolist() == [[4, 5]]


def test_text_labels_become_classes_in_sorted_order(classes_csv):
    table = read_csv(classes_csv)     # no header, text in the last column: classes
    assert table.classes == ["ham", "spam"]
    assert table.Y.shape == (80, 2)
    assert np.array_equal(np.argmax(table.Y, axis=1), table.labels)


def test_integer_labels_are_class_names(tmp_path):
    path = write_csv(tmp_path / "t.csv", [[0.5, 2], [0.1, 0], [0.3, 2]], header=["x", "digit"])
    table = read_csv(path, task="classification")
    assert table.labels.tolist() == [1, 0, 1]
    assert table.classes == ["0", "2"] and table.Y.shape == (3, 2)


def test_a_large_file_is_read_in_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_data, "CHUNK_LINES", 7)
    rows = [[i, 2 * i, i % 3] for i in range(100)]
    path = write_csv(tmp_path / "t.csv", rows, header=["a", "b", "k"])
    table = read_csv(path, task="classification")
    assert table.X[:, 0].tolist() == list(range(100))
    assert table.labels.tolist() == [i % 3 for i in range(100)]


def test_blank_lines_are_skipped_and_line_numbers_still_count_them(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_data, "CHUNK_LINES", 2)
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n\n3,4\n\n5,x\n")
    with pytest.raises(UserError, match=r"t.csv, line 6, column 2 \('b'\): expected a finite "
                                        r"number; got 'x'"):
        read_csv(str(path), task="regression")
    path.write_text("a,b\n1,2\n\n3,4\n\nx,5\n")
    with pytest.raises(UserError, match=r"t.csv, line 6, column 1 \('a'\): expected a finite "
                                        r"number; got 'x'"):
        read_csv(str(path))


@pytest.mark.parametrize("text, message", [
    ("a,b,c\n1,2,3\n4,5\n", r"line 3: 2 fields; expected 3"),
    ("1,2,3\n4,5,6\n7,8,9,10\n", r"line 3: 4 fields; expected 3"),
    ("1,2,3\n4,,6\n", r"line 2, column 2: expected a finite number; got ''"),
    ("1,2,3\n4,inf,6\n", r"line 2, column 2: expected a finite number; got 'inf'"),
    ("", r"is empty"),
    ("a,b\n", r"has a header but no data rows"),
    ("5\n6\n", r"need at least one input column and one target column"),
])
def test_bad_files_name_the_line(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(UserError, match=message):
        read_csv(str(path))


def test_bad_targets(regression_csv, tmp_path):
    with pytest.raises(UserError, match=r"no column named 'nope' \(a, b, c, y\)"):
        read_csv(regression_csv, target="nope")
    with pytest.raises(UserError, match=r"has 4 columns; --target 9 is not one of them"):
        read_csv(regression_csv, target="9")
    with pytest.raises(UserError, match=r"names a column twice"):
        read_csv(regression_csv, target="y,3")
    with pytest.raises(UserError, match=r"class labels come from one column"):
        read_csv(regression_csv, target="b,y", task="classification")
    path = write_csv(tmp_path / "n.csv", [[1, 2], [3, 4]])
    with pytest.raises(UserError, match=r"no column named 'y' \(the file has no header row\)"):
        read_csv(path, target="y")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UserError, match=r"does not exist \(DATA is a CSV file or one of digits"):
        read_csv(str(tmp_path / "missing.csv"))
    with pytest.raises(UserError, match=r"is a directory"):
        read_csv(str(tmp_path))


def test_class_names_are_the_distinct_labels_in_numeric_order(tmp_path):
    path = write_csv(tmp_path / "t.csv", [[1, -1], [2, 10], [3, 2.0], [4, 10]])
    table = read_csv(path, task="classification")
    assert table.classes == ["-1", "2", "10"] and table.labels.tolist() == [0, 2, 1, 2]


def test_more_classes_than_allowed_are_one_line_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_data, "MAX_CLASSES", 5)
    path = write_csv(tmp_path / "t.csv", [[i, i] for i in range(6)])
    with pytest.raises(UserError, match=r"the target has 6 distinct labels; at most 5 classes"):
        read_csv(path, task="classification")


def test_data_that_would_not_fit_in_memory_is_refused():
    with pytest.raises(UserError, match=r"10000000 rows of 1000 classes would take 74.5 GiB"):
        cli_data.one_of_many(np.zeros(10 ** 7, dtype=int), 1000)


def test_labels_are_mapped_to_known_classes_by_name(tmp_path):
    path = write_csv(tmp_path / "t.csv", [[1, "b"], [2, "c"], [3, "1.0"]])
    table = read_csv(path, classes=["1", "a", "b", "c"])
    assert table.labels.tolist() == [2, 3, 0] and table.Y.shape == (3, 4)
    with pytest.raises(UserError, match=r"t.csv, line 2: class 'c' is not one the model knows "
                                        r"\(1, b\)"):
        read_csv(path, classes=["1", "b"])


def test_bundled_sets():
    digits = load_data("digits")
    assert digits.X.shape == (1797, 64) and len(digits.classes) == 10
    assert load_data("iris").classes == ["setosa", "versicolor", "virginica"]
    assert load_data("xor").labels.tolist() == [0, 1, 1, 0]
    assert load_data("xor").reason.startswith("classification: the target 'y' holds 2")
    assert load_data("xor", task="regression").labels is None
    with pytest.raises(UserError, match=r"--target applies to CSV files"):
        load_data("iris", target="0")


@pytest.mark.parametrize("hidden", [TanhLayer, LSTMLayer])
def test_folded_scaling_gives_the_outputs_of_the_scaled_network(rng, hidden):
    net = buildNetwork(3, 5, 2, hiddenclass=hidden, outclass=SoftmaxLayer, init="glorot", rng=rng)
    X = rng.normal(size=(20, 3)) * [1.0, 50.0, 0.01] + [3.0, -100.0, 0.5]
    shift, scale = X.mean(axis=0), X.std(axis=0)
    expected = outputs(net, (X - shift) / scale)
    fold_input_scaling(net, shift, scale)
    assert np.allclose(outputs(net, X), expected, rtol=1e-10, atol=1e-12)


def test_folding_needs_a_bias():
    net = buildNetwork(2, 3, 1, bias=False)
    with pytest.raises(ValueError, match=r"cannot fold the input scaling into .* needs a"):
        fold_input_scaling(net, np.zeros(2), np.ones(2))


def test_label_errors_name_the_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("x,kind\n1,cat\n\n2,\n")
    with pytest.raises(UserError, match=r"t.csv, line 4: the class label is empty"):
        read_csv(str(path))
    path.write_text("x,k\n1,cat\n2,3\n")
    with pytest.raises(UserError, match=r"t.csv, line 2, column 2 \('k'\): expected a finite "
                                        r"number; got 'cat'"):
        read_csv(str(path), task="regression")


def test_other_delimiters_and_quotes(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text('"a"\t"b"\t"kind"\n"1.5"\t2\t"x y"\n3\t4\tz\n')
    table = read_csv(str(path), delimiter="\t")
    assert table.X.tolist() == [[1.5, 2.0], [3.0, 4.0]]
    assert table.classes == ["x y", "z"]


def test_a_binary_file_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(b"\x89HDF\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(UserError, match=r"m.csv is not a text \(UTF-8\) CSV file"):
        read_csv(str(path))
    path.write_bytes("\ufeffa,b\n1,2\n".encode("utf-8"))
    assert read_csv(str(path), target="b").Y.tolist() == [[2.0]]


def test_the_memory_check_heeds_a_limit_on_the_address_space(monkeypatch):
    import resource
    cli_data.check_memory(1000, "a few numbers")
    monkeypatch.setattr(resource, "getrlimit", lambda what: (1, 1))     # ulimit -v: 1 byte
    with pytest.raises(UserError, match=r"a few numbers would take 0.0 GiB as numbers, over "
                                        r"half of the 0.0 GiB of free memory; use fewer rows"):
        cli_data.check_memory(1000, "a few numbers")

"""SupervisedDataSet: PyBrain semantics, splits, batches, arrays, CSV, MSE."""

import random

import numpy as np
import pytest

from brainkit import buildNetwork
from brainkit.datasets import OutOfSyncError, SupervisedDataSet


def xor():
    ds = SupervisedDataSet(2, 1)
    for x, y in (([0, 0], [0]), ([0, 1], [1]), ([1, 0], [1]), ([1, 1], [0])):
        ds.addSample(x, y)
    return ds


def test_empty_dataset_from_dimensions():
    ds = SupervisedDataSet(3, 2)
    assert len(ds) == 0 and ds.indim == 3 and ds.outdim == 2
    assert ds["input"].shape == (0, 3) and ds["target"].shape == (0, 2)
    assert ds.link == ["input", "target"]
    assert list(ds) == []


def test_addsample_getsample_and_iteration_yield_pairs():
    ds = xor()
    assert len(ds) == 4
    inp, target = ds.getSample(1)
    assert inp.tolist() == [0, 1] and target.tolist() == [1]
    pairs = [(i.tolist(), t.tolist()) for i, t in ds]
    assert pairs == [([0, 0], [0]), ([0, 1], [1]), ([1, 0], [1]), ([1, 1], [0])]
    assert ds["input"].dtype == float


def test_scalar_sample_for_one_wide_fields():
    ds = SupervisedDataSet(1, 1)
    ds.addSample(0.5, 2)
    assert ds["input"].tolist() == [[0.5]] and ds["target"].tolist() == [[2.0]]


def test_construct_from_arrays_keeps_integer_dtype():
    # PyBrain's [SURPRISE]: integer arrays give integer fields that truncate later floats
    ds = SupervisedDataSet([[0, 1], [1, 0]], [[1], [0]])
    assert ds["input"].dtype.kind == "i" and len(ds) == 2
    ds.addSample([0.7, 0.2], [1.9])
    assert ds["input"][-1].tolist() == [0, 0] and ds["target"][-1].tolist() == [1]


def test_construct_bad_arguments():
    with pytest.raises(TypeError, match="two dimensions .ints. or two arrays"):
        SupervisedDataSet(2, [[1]])
    with pytest.raises(OutOfSyncError, match="3 input rows but 2 target rows"):
        SupervisedDataSet(np.zeros((3, 2)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match="non-negative integer"):
        SupervisedDataSet(-1, 1)


def test_sample_of_wrong_width_names_expected_and_got():
    ds = SupervisedDataSet(2, 1)
    with pytest.raises(ValueError, match="'input' expects 2 values per sample; got 3"):
        ds.addSample([1, 2, 3], [0])
    with pytest.raises(ValueError, match="'target' expects 1 values per sample; got 2"):
        ds.addSample([1, 2], [0, 1])
    assert len(ds) == 0 and ds.endmarker == {"input": 0, "target": 0}


def test_nan_and_non_numbers_are_refused():
    ds = SupervisedDataSet(2, 1)
    with pytest.raises(ValueError, match="'input' contains NaN or inf"):
        ds.addSample([np.nan, 1], [0])
    with pytest.raises(ValueError, match="'target' contains NaN or inf"):
        ds.addSample([0, 1], [np.inf])
    with pytest.raises(TypeError, match="takes numbers"):
        ds.addSample(["a", "b"], [0])
    with pytest.raises(ValueError, match="could not read"):
        ds.addSample([[1, 2], [3]], [0])
    with pytest.raises(ValueError, match="contains NaN"):
        SupervisedDataSet([[np.nan]], [[1.0]])
    assert len(ds) == 0


def test_fromarrays_copies_and_accepts_1d_targets():
    X, y = np.arange(6.0).reshape(3, 2), np.array([0.0, 1.0, 0.0])
    ds = SupervisedDataSet.fromArrays(X, y)
    assert ds.indim == 2 and ds.outdim == 1 and ds["target"].shape == (3, 1)
    X[0, 0] = 100
    assert ds["input"][0, 0] == 0


def test_setfield_then_link_lengths():
    ds = SupervisedDataSet(2, 1)
    ds.setField("input", np.zeros((4, 2)))
    ds.setField("target", np.ones((4, 1)))
    assert len(ds) == 4 and [t.tolist() for _, t in ds] == [[1.0]] * 4


def test_split_with_proportion_follows_numpys_global_state():
    ds = SupervisedDataSet.fromArrays(np.arange(10.0)[:, None], np.arange(10.0))
    np.random.seed(7)
    left, right = ds.splitWithProportion(0.3)
    np.random.seed(7)
    expected = np.random.permutation(10)
    assert left["input"].ravel().tolist() == expected[:3].tolist()
    assert right["input"].ravel().tolist() == expected[3:].tolist()
    assert type(left) is SupervisedDataSet and len(left) == 3 and len(right) == 7
    assert np.array_equal(left["input"], left["target"])   # rows stay paired


def test_split_with_rng_is_repeatable_and_proportions():
    ds = SupervisedDataSet.fromArrays(np.arange(101.0)[:, None], np.arange(101.0))
    a, _ = ds.splitWithProportion(0.25, rng=np.random.default_rng(1))
    b, _ = ds.splitWithProportion(0.25, rng=np.random.default_rng(1))
    assert np.array_equal(a["input"], b["input"]) and len(a) == int(101 * 0.25)
    left, right = ds.splitWithProportion()
    assert len(left) == 50 and len(right) == 51
    assert sorted(np.concatenate([left["input"], right["input"]]).ravel()) == list(range(101))
    left["input"][0] = -1
    assert ds["input"].min() == 0                            # the parts are copies


@pytest.mark.parametrize("p", [0, 1, -0.1, 1.5, "half"])
def test_split_proportion_outside_open_interval(p):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        xor().splitWithProportion(p)


def test_batches_of_pairs_in_order_and_shuffled():
    ds = SupervisedDataSet.fromArrays(np.arange(7.0)[:, None], 10 * np.arange(7.0))
    got = [(x.ravel().tolist(), y.ravel().tolist()) for x, y in ds.batches(3)]
    assert got == [([0, 1, 2], [0, 10, 20]), ([3, 4, 5], [30, 40, 50]), ([6], [60])]
    random.seed(2)
    shuffled = list(ds.batches(3, shuffle=True))
    rows = np.concatenate([x for x, _ in shuffled]).ravel()
    assert sorted(rows) == list(range(7)) and rows.tolist() != list(range(7))
    assert all(np.array_equal(10 * x, y) for x, y in shuffled)
    a = [x for x, _ in ds.batches(3, shuffle=True, rng=np.random.default_rng(5))]
    b = [x for x, _ in ds.batches(3, shuffle=True, rng=np.random.default_rng(5))]
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    # the PyBrain form still works on a supervised data set
    assert [b.ravel().tolist() for b in ds.batches("target", 4)] == [[0, 10, 20, 30], [40, 50, 60]]
    with pytest.raises(ValueError, match="batch size of at least 1"):
        list(ds.batches(0))


def test_from_csv_with_header_and_named_target(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b,y\n1,2,3\n4,5,6\n")
    ds = SupervisedDataSet.fromCSV(path, target="y")
    assert ds["input"].tolist() == [[1, 2], [4, 5]] and ds["target"].tolist() == [[3], [6]]
    ds = SupervisedDataSet.fromCSV(path, target=["a", "y"])
    assert ds.indim == 1 and ds.outdim == 2


def test_from_csv_without_header_default_last_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("1;2;3\n\n4;5;6\n")
    ds = SupervisedDataSet.fromCSV(path, delimiter=";")
    assert ds["target"].ravel().tolist() == [3, 6] and ds.indim == 2
    assert SupervisedDataSet.fromCSV(path, target=0, delimiter=";").indim == 2


def test_from_csv_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no CSV file"):
        SupervisedDataSet.fromCSV(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3,x\n")
    with pytest.raises(ValueError, match="row 3, column 'b': expected a number; got 'x'"):
        SupervisedDataSet.fromCSV(bad)
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("1,2\n3\n")
    with pytest.raises(ValueError, match="row 2: expected 2 columns; got 1"):
        SupervisedDataSet.fromCSV(ragged)
    with pytest.raises(KeyError, match="no column named 'z'"):
        SupervisedDataSet.fromCSV(bad, target="z")
    good = tmp_path / "good.csv"
    good.write_text("1,2\n")
    with pytest.raises(ValueError, match="out of range for 2 columns"):
        SupervisedDataSet.fromCSV(good, target=5)
    with pytest.raises(ValueError, match="leave at least one input column"):
        SupervisedDataSet.fromCSV(good, target=[0, 1])
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ValueError, match="is empty"):
        SupervisedDataSet.fromCSV(empty)
    nan = tmp_path / "nan.csv"
    nan.write_text("1,nan\n")
    with pytest.raises(ValueError, match="contains NaN"):
        SupervisedDataSet.fromCSV(nan)


def test_provide_sequences_gives_one_sample_sequences():
    seqs = list(xor()._provideSequences())
    assert len(seqs) == 4 and len(seqs[0]) == 1
    inp, target = seqs[3][0]
    assert inp.tolist() == [1, 1] and target.tolist() == [0]


def test_evaluate_mse_is_half_mse_like_pybrain():
    ds = xor()
    # f always says 0.5: every error is 0.5, so sum 0.5*0.25*4 / 4 = 0.125
    assert ds.evaluateMSE(lambda x: np.array([0.5])) == pytest.approx(0.125)
    ds2 = SupervisedDataSet.fromArrays(np.zeros((2, 1)), [[1.0, 2.0], [3.0, 4.0]])
    assert ds2.evaluateMSE(lambda x: np.zeros(2)) == pytest.approx(0.5 * 30 / 4)


def test_evaluate_module_mse_matches_per_sample_evaluation():
    net = buildNetwork(2, 3, 1)
    ds = xor()
    expected = np.mean([0.5 * float((t - net.activate(x)) @ (t - net.activate(x))) for x, t in ds])
    assert ds.evaluateModuleMSE(net) == pytest.approx(expected, rel=1e-12)
    assert ds.evaluateModuleMSE(net, averageOver=3) == pytest.approx(expected, rel=1e-12)
    assert ds.evaluateMSE(net.activate) == pytest.approx(expected, rel=1e-12)


def test_evaluate_errors():
    with pytest.raises(ValueError, match="empty SupervisedDataSet"):
        SupervisedDataSet(2, 1).evaluateModuleMSE(buildNetwork(2, 2, 1))
    with pytest.raises(ValueError, match="averageOver must be a positive integer"):
        xor().evaluateModuleMSE(buildNetwork(2, 2, 1), averageOver=0)
    with pytest.raises(ValueError, match="module has indim 3; the SupervisedDataSet has indim 2"):
        xor().evaluateModuleMSE(buildNetwork(3, 2, 1))
    with pytest.raises(ValueError, match="module has outdim 2; the SupervisedDataSet has outdim 1"):
        xor().evaluateModuleMSE(buildNetwork(2, 2, 2))

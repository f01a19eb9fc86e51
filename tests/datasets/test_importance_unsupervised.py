"""ImportanceDataSet (weighted errors) and UnsupervisedDataSet."""

import numpy as np
import pytest

from brainkit.datasets import ImportanceDataSet, SequentialDataSet, UnsupervisedDataSet


def test_importance_defaults_to_ones_and_is_linked():
    ds = ImportanceDataSet(1, 2)
    ds.addSample([1], [0, 1])
    assert ds["importance"].tolist() == [[1.0, 1.0]]
    assert ds.link == ["input", "target", "importance"]
    assert isinstance(ds, SequentialDataSet)
    assert len(ds.getSequence(0)) == 3


def test_importance_accepts_lists_arrays_and_scalars():
    # PyBrain's `importance == None` failed for numpy arrays
    ds = ImportanceDataSet(1, 2)
    ds.addSample([1], [0, 1], importance=np.array([0.5, 2.0]))
    ds.addSample([1], [0, 1], importance=[1, 0])
    ds.addSample([1], [0, 1], importance=3)
    assert ds["importance"].tolist() == [[0.5, 2.0], [1.0, 0.0], [3.0, 3.0]]


def test_importance_bad_input():
    ds = ImportanceDataSet(1, 2)
    with pytest.raises(ValueError, match="'importance' expects 2 values per sample; got 3"):
        ds.addSample([1], [0, 1], importance=[1, 1, 1])
    with pytest.raises(ValueError, match="must not be negative"):
        ds.addSample([1], [0, 1], importance=[-1, 1])
    with pytest.raises(ValueError, match="NaN"):
        ds.addSample([1], [0, 1], importance=[np.nan, 1])
    assert len(ds) == 0


def test_weighted_half_mse():
    ds = ImportanceDataSet(1, 2)
    ds.addSample([0], [1, 1], importance=[1, 0])
    ds.addSample([0], [3, 1], importance=[1, 1])
    # f gives 0: errors (1, 1) and (3, 1) weighted (1, 0), (1, 1)
    expected = 0.5 * (1 * 1 + 0 * 1 + 1 * 9 + 1 * 1) / 3
    assert ds.evaluateMSE(lambda x: np.zeros(2)) == pytest.approx(expected)
    ds.setField("importance", np.zeros((2, 2)))
    with pytest.raises(ValueError, match="every importance weight is zero"):
        ds.evaluateMSE(lambda x: np.zeros(2))


def test_importance_sequences_split_keep_weights():
    ds = ImportanceDataSet(1, 1)
    for s in range(4):
        ds.newSequence()
        ds.addSample([s], [s], importance=[s])
    left, right = ds.splitWithProportion(0.5, rng=0)
    for part in (left, right):
        assert type(part) is ImportanceDataSet
        assert np.array_equal(part["importance"], part["input"])


def test_importance_from_arrays():
    ds = ImportanceDataSet.fromArrays(np.zeros((3, 1)), np.zeros((3, 2)))
    assert ds["importance"].shape == (3, 2) and len(ds) == 3


def test_unsupervised():
    ds = UnsupervisedDataSet(3)
    ds.addSample([1, 2, 3])
    ds.addSample(np.array([4, 5, 6]))
    assert len(ds) == 2 and ds.dim == 3 and ds["sample"].shape == (2, 3)
    assert ds.getSample(0)[0].tolist() == [1, 2, 3]
    assert [s.tolist() for (s,) in ds] == [[1, 2, 3], [4, 5, 6]]
    with pytest.raises(ValueError, match="'sample' expects 3 values per sample; got 2"):
        ds.addSample([1, 2])
    with pytest.raises(ValueError, match="NaN"):
        ds.addSample([1, 2, np.inf])

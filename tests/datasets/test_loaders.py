"""Bundled and generated data sets: shapes, ranges, labels, repeatability."""

import numpy as np
import pytest

from brainkit.datasets import (ClassificationDataSet, SequentialDataSet, SupervisedDataSet,
                               load_digits, load_gender, load_iris, load_parity, load_xor,
                               make_moons)


def test_digits():
    ds = load_digits()
    assert isinstance(ds, ClassificationDataSet)
    assert ds["input"].shape == (1797, 64) and ds["target"].shape == (1797, 10)
    assert ds["input"].min() == 0.0 and ds["input"].max() == 1.0
    assert np.all(np.isin(ds["input"] * 16, np.arange(17)))   # counts 0..16 divided by 16
    assert ds.nClasses == 10 and ds.class_labels == list(range(10))
    labels = ds["class"].ravel()
    assert labels[:10].tolist() == list(range(10))
    assert np.array_equal(np.argmax(ds["target"], axis=1), labels)
    assert sorted(ds.calculateStatistics().values()) == [174, 177, 178, 179, 180, 181, 181,
                                                         182, 182, 183]


def test_iris():
    ds = load_iris()
    assert ds["input"].shape == (150, 4) and ds.outdim == 3
    assert ds.class_labels == ["setosa", "versicolor", "virginica"]
    assert ds["class"].ravel().tolist() == [0] * 50 + [1] * 50 + [2] * 50
    assert ds["input"][0].tolist() == [5.1, 3.5, 1.4, 0.2]
    assert 0 < ds["input"].min() and ds["input"].max() < 8
    assert ds["target"][0].tolist() == [1, 0, 0]


def test_xor_and_gender():
    xor = load_xor()
    assert type(xor) is SupervisedDataSet and len(xor) == 4 and (xor.indim, xor.outdim) == (2, 1)
    assert xor["target"].ravel().tolist() == [0, 1, 1, 0]
    gender = load_gender()
    assert gender["input"].tolist() == [[-2, -1], [25, 6], [17, 4], [-15, -6]]
    assert gender["target"].ravel().tolist() == [1, 0, 0, 1]


def test_parity_sequences():
    ds = load_parity(200, rng=np.random.default_rng(4))
    assert isinstance(ds, SequentialDataSet) and ds.getNumSequences() == 200
    lengths = [ds.getSequenceLength(i) for i in range(200)]
    assert min(lengths) == 2 and max(lengths) == 10
    for i in range(200):
        bits, parity = ds.getSequence(i)
        assert set(bits.ravel()) <= {0.0, 1.0}
        assert np.array_equal(parity.ravel(), np.cumsum(bits.ravel()) % 2)
    again = load_parity(200, rng=np.random.default_rng(4))
    assert np.array_equal(again["input"], ds["input"])
    bipolar = load_parity(5, rng=1, min_length=3, max_length=3, bipolar=True)
    assert len(bipolar) == 15 and set(bipolar["input"].ravel()) <= {-1.0, 1.0}
    bits = (bipolar.getSequence(0)[0].ravel() + 1) / 2
    assert np.array_equal(bipolar.getSequence(0)[1].ravel(), 2 * (np.cumsum(bits) % 2) - 1)


def test_parity_uses_numpys_global_state_without_rng():
    np.random.seed(11)
    a = load_parity(4)
    np.random.seed(11)
    b = load_parity(4)
    assert np.array_equal(a["input"], b["input"])


def test_moons():
    ds = make_moons(rng=np.random.default_rng(0))
    assert ds["input"].shape == (500, 2) and ds.outdim == 1 and ds.nClasses == 2
    assert ds.calculateStatistics() == {0: 250, 1: 250}
    upper = ds["input"][ds["class"].ravel() == 0]
    lower = ds["input"][ds["class"].ravel() == 1]
    assert upper[:, 1].mean() > lower[:, 1].mean()
    clean = make_moons(101, noise=0, rng=0)
    x, y = clean["input"].T
    on_upper = np.isclose(x ** 2 + y ** 2, 1.0)
    on_lower = np.isclose((1 - x) ** 2 + (0.5 - y) ** 2, 1.0)
    labels = clean["class"].ravel()
    assert np.all(on_upper[labels == 0]) and np.all(on_lower[labels == 1])
    assert (labels == 0).sum() == 50
    assert np.array_equal(make_moons(rng=3)["input"], make_moons(rng=3)["input"])
    a = make_moons(10, rng=np.random.RandomState(2))
    assert np.array_equal(a["input"], make_moons(10, rng=np.random.RandomState(2))["input"])


def test_loader_argument_errors():
    with pytest.raises(ValueError, match="n_sequences must be an integer of at least 1; got 0"):
        load_parity(0)
    with pytest.raises(ValueError, match="max_length must be an integer of at least 5"):
        load_parity(3, min_length=5, max_length=4)
    with pytest.raises(ValueError, match="noise must be a non-negative number"):
        make_moons(noise=-1)
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        make_moons(rng="seed")

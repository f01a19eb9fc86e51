"""SequenceClassificationDataSet and testOnSequenceData."""

import numpy as np
import pytest

from brainkit import LSTMLayer, buildNetwork
from brainkit.datasets import (ClassificationDataSet, DataSet, SequenceClassificationDataSet,
                               SequentialDataSet, SupervisedDataSet)
from brainkit.tools.validation import testOnSequenceData


def three_by_class(rng, lengths=(2, 3, 1, 4, 2, 3)):
    ds = SequenceClassificationDataSet(2, 1, nb_classes=2, class_labels=["low", "high"])
    for k, length in enumerate(lengths):
        ds.newSequence()
        for t in range(length):
            ds.addSample(rng.standard_normal(2), [k % 2 if t == length - 1 else 1 - k % 2])
    return ds


def test_a_sequence_has_the_class_of_its_last_sample(rng):
    ds = three_by_class(rng)
    assert ds.getNumSequences() == 6 and ds.nClasses == 2 and ds.getClass(1) == "high"
    np.testing.assert_array_equal(ds.getSequenceClass(), [0, 1, 0, 1, 0, 1])
    assert ds.getSequenceClass(3) == 1
    with pytest.raises(IndexError, match="sequence 6 out of range"):
        ds.getSequenceClass(6)


def test_one_of_many_targets_keep_the_classes(rng):
    ds = three_by_class(rng)
    ds._convertToOneOfMany()
    assert ds["target"].shape == (15, 2) and ds.outdim == 2
    np.testing.assert_array_equal(ds.getSequenceClass(), [0, 1, 0, 1, 0, 1])


def test_splits_keep_class_and_sequences(rng):
    ds = three_by_class(rng)
    left, right = ds.splitWithProportion(0.5, rng=rng)
    assert type(left) is SequenceClassificationDataSet
    assert left.getNumSequences() + right.getNumSequences() == 6
    assert len(left) + len(right) == len(ds) and left.class_labels == ["low", "high"]
    train, test = ds.stratifiedSplit(testfrac=0.34, rng=0)
    assert train.getSequenceClass().tolist() == [0, 0, 1, 1] and \
        test.getSequenceClass().tolist() == [0, 1]
    train, test, evaluation = ds.stratifiedSplit(testfrac=0.34, evalfrac=0.34, rng=0)
    assert [p.getNumSequences() for p in (train, test, evaluation)] == [2, 2, 2]
    ds.removeSequence(0)
    assert ds.getSequenceClass().tolist() == [1, 0, 1, 0, 1] and len(ds["class"]) == 13
    with pytest.raises(ValueError, match="testfrac must be in"):
        ds.stratifiedSplit(testfrac=1.5)
    with pytest.raises(ValueError, match=r"testfrac \+ evalfrac must stay below 1"):
        ds.stratifiedSplit(testfrac=0.5, evalfrac=0.5)
    with pytest.raises(NotImplementedError, match=r"\+ is not defined \(as in PyBrain\)"):
        ds + ds


def test_a_seeded_stratified_split_shuffles_each_class_on_its_own():
    # 40 one-step sequences, classes alternating, each input its own number;
    # a generator made afresh per class would pick the same positions in both
    ds = SequenceClassificationDataSet(1, 1, nb_classes=2)
    for k in range(40):
        ds.newSequence()
        ds.addSample([k], [k % 2])
    test = ds.stratifiedSplit(testfrac=0.25, rng=3)[1]
    picked = test["input"][:, 0].astype(int)
    positions = [sorted(k // 2 for k in picked if k % 2 == c) for c in (0, 1)]
    assert len(positions[0]) == 5 == len(positions[1])
    assert positions[0] != positions[1]


def test_files_keep_the_class(rng, tmp_path):
    ds = three_by_class(rng)
    ds.saveToFile(str(tmp_path / "seq.h5"))
    again = SequenceClassificationDataSet.loadFromFile(str(tmp_path / "seq.h5"))
    assert type(again) is SequenceClassificationDataSet
    np.testing.assert_array_equal(again.getSequenceClass(), ds.getSequenceClass())
    np.testing.assert_array_equal(again["input"], ds["input"])


def test_a_loaded_file_is_checked_once_by_each_class(rng, tmp_path, monkeypatch):
    three_by_class(rng).saveToFile(str(tmp_path / "seq.h5"))
    calls = []
    for cls, name in ((DataSet, "_check_sync"), (DataSet, "_check_loaded"),
                      (SupervisedDataSet, "_check_loaded"), (SequentialDataSet, "_check_loaded"),
                      (ClassificationDataSet, "_check_loaded")):
        def counted(self, method=getattr(cls, name), key=f"{cls.__name__}.{name}"):
            calls.append(key)
            return method(self)
        monkeypatch.setattr(cls, name, counted)
    SequenceClassificationDataSet.loadFromFile(str(tmp_path / "seq.h5"))
    assert sorted(calls) == ["ClassificationDataSet._check_loaded", "DataSet._check_loaded",
                             "DataSet._check_sync", "SequentialDataSet._check_loaded",
                             "SupervisedDataSet._check_loaded"]


def test_test_on_sequence_data_sums_each_sequences_outputs(rng):
    ds = three_by_class(rng)
    ds._convertToOneOfMany()
    net = buildNetwork(2, 3, 2, hiddenclass=LSTMLayer)
    starts, stops = ds.sequence_bounds()
    out = net.activateOnDataset(ds)
    guess = [np.argmax(out[a:b].sum(axis=0)) for a, b in zip(starts, stops)]
    want = np.mean(np.array(guess) == ds.getSequenceClass())
    assert testOnSequenceData(net, ds) == pytest.approx(want)
    with pytest.raises(TypeError, match="testOnSequenceData needs sequences"):
        from brainkit.datasets import SupervisedDataSet
        testOnSequenceData(net, SupervisedDataSet.fromArrays(np.zeros((2, 2)), np.zeros((2, 2))))

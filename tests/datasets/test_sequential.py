"""SequentialDataSet: boundaries, unequal lengths, splits, removal, evaluation."""

import random

import numpy as np
import pytest

from brainkit import buildNetwork
from brainkit.datasets import EmptySequenceError, SequentialDataSet
from brainkit.structure.modules import LSTMLayer


def three_sequences():
    """Lengths 2, 3, 1; input = row number, target = 10 * row number."""
    ds = SequentialDataSet(1, 1)
    row = 0
    for length in (2, 3, 1):
        ds.newSequence()
        for _ in range(length):
            ds.addSample([row], [10 * row])
            row += 1
    return ds


def test_empty_dataset_has_no_sequences():
    ds = SequentialDataSet(2, 1)
    assert ds.getNumSequences() == 0 and len(ds) == 0 and list(ds) == []
    ds.newSequence()                                   # a no-op on an empty data set
    assert ds["sequence_index"].tolist() == [[0]]
    with pytest.raises(IndexError, match="sequence 0 out of range; the data set has 0"):
        ds.getSequence(0)


def test_sequence_boundaries_and_unequal_lengths():
    ds = three_sequences()
    assert len(ds) == 6 and ds.getNumSequences() == 3
    assert [ds.getSequenceLength(i) for i in range(3)] == [2, 3, 1]
    assert ds["sequence_index"].ravel().tolist() == [0, 2, 5]
    assert ds["sequence_index"].dtype.kind == "i"
    inputs, targets = ds.getSequence(1)
    assert inputs.ravel().tolist() == [2, 3, 4] and targets.ravel().tolist() == [20, 30, 40]
    assert ds.getSequence(-1)[0].ravel().tolist() == [5]
    starts, stops = ds.sequence_bounds()
    assert starts.tolist() == [0, 2, 5] and stops.tolist() == [2, 5, 6]


def test_get_sequence_returns_views():
    ds = three_sequences()
    ds.getSequence(0)[0][0, 0] = 42
    assert ds["input"][0, 0] == 42


def test_iteration_yields_one_iterator_per_sequence():
    ds = three_sequences()
    seqs = [[(i.item(), t.item()) for i, t in seq] for seq in ds]
    assert seqs == [[(0, 0), (1, 10)], [(2, 20), (3, 30), (4, 40)], [(5, 50)]]
    assert [len(list(s)) for s in ds._provideSequences()] == [2, 3, 1]
    assert [i.item() for i, _ in ds.getSequenceIterator(2)] == [5]


def test_empty_sequence_error_adds_nothing():
    ds = three_sequences()
    ds.newSequence()
    with pytest.raises(EmptySequenceError, match="current sequence is still empty"):
        ds.newSequence()
    assert ds["sequence_index"].ravel().tolist() == [0, 2, 5, 6]
    assert ds.getNumSequences() == 3                  # the open, empty one is not counted
    ds.addSample([6], [60])
    assert ds.getNumSequences() == 4 and ds.getSequenceLength(3) == 1


def test_cursor_helpers():
    ds = three_sequences()
    ds.gotoSequence(1)
    assert ds.index == 2 and ds.getCurrentSequence() == 1
    assert not ds.endOfSequence(1)
    for _ in range(3):
        ds.getLinked()
    assert ds.endOfSequence(1) and ds.getCurrentSequence() == 2


def test_wrong_width_and_nan_in_a_sequence_sample():
    ds = SequentialDataSet(2, 1)
    with pytest.raises(ValueError, match="'input' expects 2 values per sample; got 1"):
        ds.addSample([1], [0])
    with pytest.raises(ValueError, match="NaN"):
        ds.addSample([1, np.nan], [0])
    assert len(ds) == 0


def test_remove_sequence():
    ds = three_sequences()
    ds.removeSequence(1)
    assert ds.getNumSequences() == 2 and len(ds) == 3
    assert ds["input"].ravel().tolist() == [0, 1, 5]
    assert ds["sequence_index"].ravel().tolist() == [0, 2]
    ds.removeSequence(0)
    ds.removeSequence(0)
    assert ds.getNumSequences() == 0 and len(ds) == 0
    with pytest.raises(IndexError, match="sequence 0 out of range"):
        ds.removeSequence(0)


def test_clear_resets_sequences():
    ds = three_sequences()
    ds.clear()
    assert len(ds) == 0 and ds.getNumSequences() == 0
    ds.addSample([1], [1])
    assert ds.getNumSequences() == 1


def test_split_by_whole_sequences_with_stdlib_random():
    ds = three_sequences()
    random.seed(3)
    left, right = ds.splitWithProportion(0.5)
    random.seed(3)
    chosen = sorted(random.sample(list(range(3)), 1))
    assert type(left) is SequentialDataSet and left.getNumSequences() == 1
    assert right.getNumSequences() == 2
    assert left.getSequence(0)[0].ravel().tolist() == ds.getSequence(chosen[0])[0].ravel().tolist()
    total = sorted(np.concatenate([left["input"], right["input"]]).ravel().tolist())
    assert total == list(range(6))
    for part in (left, right):                        # boundaries stay whole sequences
        lengths = [part.getSequenceLength(i) for i in range(part.getNumSequences())]
        assert sum(lengths) == len(part)
        for i in range(part.getNumSequences()):
            x, t = part.getSequence(i)
            assert np.array_equal(10 * x, t) and np.all(np.diff(x.ravel()) == 1)


def test_split_with_rng_is_repeatable():
    ds = SequentialDataSet(1, 1)
    for s in range(20):
        ds.newSequence()
        for k in range(s % 4 + 1):
            ds.addSample([s], [k])
    a, b = ds.splitWithProportion(0.25, rng=np.random.default_rng(9))
    c, _ = ds.splitWithProportion(0.25, rng=np.random.default_rng(9))
    assert a.getNumSequences() == 5 and b.getNumSequences() == 15
    assert np.array_equal(a["input"], c["input"])
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        ds.splitWithProportion(1.0)


def test_fromarrays_is_one_sequence():
    ds = SequentialDataSet.fromArrays(np.zeros((4, 2)), np.ones(4))
    assert ds.getNumSequences() == 1 and ds.getSequenceLength(0) == 4


def test_padded_batch_time_major_with_mask():
    ds = three_sequences()
    X, Y, mask = ds.padded_batch([2, 1])
    assert X.shape == (3, 2, 1) and mask.tolist() == [[True, True], [False, True], [False, True]]
    assert X[:, 1, 0].tolist() == [2, 3, 4] and X[:, 0, 0].tolist() == [5, 0, 0]
    assert Y[:, 1, 0].tolist() == [20, 30, 40]
    batches = list(ds.batches(2))
    assert [b[0].shape for b in batches] == [(3, 2, 1), (1, 1, 1)]
    shuffled = list(ds.batches(1, shuffle=True, rng=0))
    assert sorted(int(b[2].sum()) for b in shuffled) == [1, 2, 3]
    with pytest.raises(IndexError, match=r"sequence indices out of range for 3 sequences: \[3\]"):
        ds.padded_batch([3])


def test_evaluate_module_mse_resets_per_sequence():
    net = buildNetwork(1, 2, 1, hiddenclass=LSTMLayer, outputbias=False, recurrent=True)
    ds = three_sequences()
    ds.setField("input", ds["input"] / 5.0)
    total, count = 0.0, 0
    for i in range(ds.getNumSequences()):
        net.reset()
        x, t = ds.getSequence(i)
        y = np.array([net.activate(row) for row in x])
        total += 0.5 * float(np.sum((t - y) ** 2))
        count += t.size
    assert ds.evaluateModuleMSE(net) == pytest.approx(total / count, rel=1e-12)
    assert net.offset == 0                            # left reset


def test_evaluate_module_mse_of_a_stateless_network():
    net = buildNetwork(1, 3, 1)
    ds = three_sequences()
    expected = np.mean(0.5 * (ds["target"] - net.activate(ds["input"])) ** 2)
    assert ds.evaluateModuleMSE(net) == pytest.approx(expected, rel=1e-12)


def test_subset_takes_whole_sequences():
    ds = three_sequences()
    part = ds.subset([2, 0])
    assert type(part) is SequentialDataSet and part.getNumSequences() == 2
    assert part["input"].ravel().tolist() == [5, 0, 1]
    assert part["sequence_index"].ravel().tolist() == [0, 1]
    with pytest.raises(IndexError, match="sequence indices out of range for 3 sequences"):
        ds.subset([3])

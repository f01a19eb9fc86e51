"""Training on sequences: BPTT through the trainers, batched and one by one."""

import numpy as np
import pytest

from brainkit import LSTMLayer, buildNetwork
from brainkit.datasets import ImportanceDataSet, SequentialDataSet, load_parity
from brainkit.trainers import BackpropTrainer, RPropMinusTrainer


def sequences(rng, lengths=(4, 9, 2, 7, 5)):
    ds = SequentialDataSet(2, 1)
    for length in lengths:
        ds.newSequence()
        for _ in range(length):
            ds.addSample(rng.standard_normal(2), rng.standard_normal(1))
    return ds


def one_by_one(net, ds, weights=None):
    """PyBrain's procedure: reset, activate every step, backActivate in reverse."""
    total, derivs = 0.0, np.zeros_like(net.params)
    for i in range(ds.getNumSequences()):
        inputs, targets = ds.getSequence(i)
        net.reset()
        net.resetDerivatives()
        outs = [net.activate(x) for x in inputs]
        for t in reversed(range(len(inputs))):
            err = targets[t] - outs[t]
            total += 0.5 * np.sum(err ** 2)
            net.backActivate(err)
        derivs += net.derivs
    return total, derivs


def sigmoid_rnn():
    from brainkit import FullConnection
    with pytest.warns(UserWarning, match="addRecurrentConnection"):
        net = buildNetwork(2, 3, 1, recurrent=True)
    net.addRecurrentConnection(FullConnection(net["hidden0"], net["hidden0"]))
    net.sortModules()
    return net


@pytest.mark.parametrize("build", [
    lambda: buildNetwork(2, 3, 1, hiddenclass=LSTMLayer),
    lambda: buildNetwork(2, 3, 1, hiddenclass=LSTMLayer, peepholes=True),
    sigmoid_rnn,
], ids=["lstm", "lstm-peepholes", "sigmoid-rnn"])
def test_batched_bptt_equals_one_by_one(rng, build):
    ds = sequences(rng)
    np.random.seed(1)
    net = build()
    start = net.params.copy()
    total, derivs = one_by_one(net, ds)
    net._setParameters(start)
    error = BackpropTrainer(net, ds, learningrate=0.01, batchsize=5, shuffle=False).train()
    assert error == pytest.approx(total / len(ds), rel=1e-12)
    np.testing.assert_allclose(net.params, start + 0.01 * derivs, rtol=1e-10, atol=1e-13)


def test_sequences_are_reset_between_each_other(rng):
    ds = sequences(rng, (3, 3))
    np.random.seed(2)
    net = buildNetwork(2, 3, 1, hiddenclass=LSTMLayer)
    outs = net.activateOnDataset(ds)
    first = net.activateSequences([ds.getSequence(1)[0]])[0]
    np.testing.assert_allclose(outs[3:], first, rtol=1e-12)


def test_activate_sequences_side_by_side_equals_stepping(rng):
    np.random.seed(3)
    net = buildNetwork(2, 4, 1, hiddenclass=LSTMLayer, peepholes=True)
    seqs = [rng.standard_normal((n, 2)) for n in (5, 2, 7)]
    outs = net.activateSequences(seqs)
    for seq, out in zip(seqs, outs):
        net.reset()
        np.testing.assert_allclose(out, [net.activate(x) for x in seq], rtol=1e-12)
    assert [o.shape for o in outs] == [(5, 1), (2, 1), (7, 1)]


def test_activate_sequences_bad_input():
    net = buildNetwork(2, 3, 1, hiddenclass=LSTMLayer)
    with pytest.raises(ValueError, match="expects 2 values per sample"):
        net.activateSequences([np.zeros((3, 3))])
    with pytest.raises(ValueError, match="no empty one"):
        net.activateSequences([np.zeros((0, 2))])
    with pytest.raises(ValueError, match="at least one sequence"):
        net.activateSequences([])


def test_importance_weights_the_errors(rng):
    ds = ImportanceDataSet(1, 1)
    for _ in range(3):
        ds.newSequence()
        for t in range(4):
            ds.addSample(rng.standard_normal(1), rng.standard_normal(1),
                         importance=1.0 if t == 3 else 0.0)
    np.random.seed(4)
    net = buildNetwork(1, 2, 1, hiddenclass=LSTMLayer)
    start = net.params.copy()
    total, derivs = 0.0, np.zeros_like(start)
    for i in range(3):
        inputs, targets, _ = ds.getSequence(i)      # with the importance field
        net.reset()
        net.resetDerivatives()
        outs = [net.activate(x) for x in inputs]
        err = targets[3] - outs[3]
        total += 0.5 * float(np.sum(err ** 2))
        net.backActivate(err)            # only the last step carries an error
        for _ in range(3):
            net.backActivate([0.0])
        derivs += net.derivs
    net._setParameters(start)
    error = BackpropTrainer(net, ds, learningrate=0.1, batchsize=3, shuffle=False).train()
    assert error == pytest.approx(total / 3, rel=1e-12)       # normalised by sum of weights
    np.testing.assert_allclose(net.params, start + 0.1 * derivs, rtol=1e-10, atol=1e-13)


def test_rprop_and_convergence_on_sequences(rng):
    np.random.seed(5)
    ds = load_parity(30, rng=rng, bipolar=True)
    net = buildNetwork(1, 3, 1, hiddenclass=LSTMLayer)
    trainer = RPropMinusTrainer(net, ds, seed=1)
    first = trainer.train()
    train_errs, valid_errs = trainer.trainUntilConvergence(maxEpochs=5)
    assert len(trainer.trainingErrors) == 5 and np.isfinite(first)
    split = ds.splitWithProportion(0.5, rng=rng)
    assert all(isinstance(part, SequentialDataSet) for part in split)


def test_empty_sequential_dataset_is_refused():
    net = buildNetwork(2, 3, 1, hiddenclass=LSTMLayer)
    with pytest.raises(ValueError, match="empty"):
        BackpropTrainer(net, SequentialDataSet(2, 1))


def test_sequence_sample_of_wrong_width():
    ds = SequentialDataSet(2, 1)
    with pytest.raises(ValueError, match="expects 2 values per sample; got 3"):
        ds.addSample([1, 2, 3], [0])


def test_test_on_class_data_per_step(rng):
    ds = sequences(rng, (3, 2))
    np.random.seed(6)
    net = buildNetwork(2, 3, 1, hiddenclass=LSTMLayer)
    predicted = BackpropTrainer(net, ds).testOnClassData()
    assert predicted == [0] * 5


def test_activate_on_dataset_of_the_wrong_width():
    net = buildNetwork(3, 2, 1)
    with pytest.raises(ValueError, match="the dataset has 2 inputs per sample; network .* has 3"):
        net.activateOnDataset(SequentialDataSet(2, 1))

"""BackpropTrainer: PyBrain's semantics, batching, and its fixed bugs."""

import io
import random

import numpy as np
import pytest

from brainkit import FeedForwardNetwork, FullConnection, LinearLayer, buildNetwork
from brainkit.datasets import SupervisedDataSet
from brainkit.trainers import BackpropTrainer, GradientDescent


def xor_data():
    ds = SupervisedDataSet(2, 1)
    for x, y in [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]:
        ds.addSample(x, (y,))
    return ds


def line_net(w):
    """in (1) -> out (1) through one weight w, no bias."""
    net = FeedForwardNetwork()
    a, b = LinearLayer(1, name="a"), LinearLayer(1, name="b")
    net.addInputModule(a)
    net.addOutputModule(b)
    net.addConnection(FullConnection(a, b, name="w"))
    net.sortModules()
    net._setParameters([w])
    return net


def test_xor_converges():
    np.random.seed(3)
    net = buildNetwork(2, 3, 1)
    trainer = BackpropTrainer(net, xor_data(), learningrate=0.1, momentum=0.9, seed=0)
    trainer.trainEpochs(1000)
    out = net.activate([[0, 0], [0, 1], [1, 0], [1, 1]]).ravel()
    assert list(out > 0.5) == [False, True, True, False]


def test_train_error_is_the_hand_computed_running_error():
    # two samples in order, online: each error measured before its own update
    ds = SupervisedDataSet(1, 1)
    ds.addSample([1.0], [2.0])
    ds.addSample([2.0], [1.0])
    net = line_net(0.5)
    lr = 0.1
    err = BackpropTrainer(net, ds, learningrate=lr, shuffle=False).train()
    w = 0.5
    e1 = 0.5 * (2.0 - w * 1.0) ** 2
    w += lr * (2.0 - w * 1.0) * 1.0          # w = 0.65
    e2 = 0.5 * (1.0 - w * 2.0) ** 2
    w += lr * (1.0 - w * 2.0) * 2.0          # w = 0.59
    assert err == pytest.approx((e1 + e2) / 2, rel=1e-12)
    assert net.params[0] == pytest.approx(w, rel=1e-12)


def test_batchsize_k_equals_k_accumulated_single_gradients(rng):
    X = rng.standard_normal((6, 2))
    Y = rng.standard_normal((6, 1))
    ds = SupervisedDataSet.fromArrays(X, Y)
    np.random.seed(1)
    net = buildNetwork(2, 4, 1)
    start = net.params.copy()
    # by hand: the gradient summed over the first 3 samples, one step of lr 0.05
    summed = np.zeros_like(start)
    for x, y in zip(X[:3], Y[:3]):
        net.resetDerivatives()
        out = net.activate(x)
        net.backActivate(y - out)
        summed += net.derivs
    expected = start + 0.05 * summed
    net._setParameters(start)
    trainer = BackpropTrainer(net, ds, learningrate=0.05, batchsize=3, shuffle=False)
    first = []
    step = trainer.descent.step
    trainer.descent.step = lambda p, d: (step(p, d), first or first.append(p.copy()))
    trainer.train()
    np.testing.assert_allclose(first[0], expected, rtol=1e-12, atol=1e-14)


def test_batchlearning_is_one_update_from_the_summed_gradient(rng):
    X, Y = rng.standard_normal((5, 2)), rng.standard_normal((5, 1))
    ds = SupervisedDataSet.fromArrays(X, Y)
    np.random.seed(2)
    net = buildNetwork(2, 3, 1)
    start = net.params.copy()
    net.resetDerivatives()
    for x, y in zip(X, Y):
        net.backActivate(y - net.activate(x))
    expected = start + 0.02 * (net.derivs - 0.1 * start)   # weight decay applies in batch mode
    net._setParameters(start)
    BackpropTrainer(net, ds, learningrate=0.02, batchlearning=True, weightdecay=0.1).train()
    np.testing.assert_allclose(net.params, expected, rtol=1e-12)


def test_gradient_descent_momentum_and_weight_decay_formulas():
    rule = GradientDescent(learningrate=0.1, lrdecay=0.5, momentum=0.9, weightdecay=0.01)
    p = np.array([1.0, -2.0])
    d1, d2 = np.array([0.5, 0.5]), np.array([-1.0, 2.0])
    v1 = 0.1 * (d1 - 0.01 * np.array([1.0, -2.0]))
    p1 = np.array([1.0, -2.0]) + v1
    rule.step(p, d1)
    np.testing.assert_allclose(p, p1)
    assert rule.learningrate == pytest.approx(0.05)
    v2 = 0.9 * v1 + 0.05 * (d2 - 0.01 * p1)
    rule.step(p, d2)
    np.testing.assert_allclose(p, p1 + v2)


def test_trainer_keeps_no_private_copy_of_the_weights():
    ds = xor_data()
    net = buildNetwork(2, 3, 1)
    trainer = BackpropTrainer(net, ds, learningrate=1e-12)
    net.randomize()
    fresh = net.params.copy()
    trainer.train()
    np.testing.assert_allclose(net.params, fresh, atol=1e-9)


def test_same_seed_gives_bit_identical_errors():
    def run():
        np.random.seed(5)
        net = buildNetwork(2, 3, 1)
        t = BackpropTrainer(net, xor_data(), learningrate=0.1, seed=42)
        return [t.train() for _ in range(5)]
    assert run() == run()


def test_pybrain_mode_shuffles_with_python_random():
    def run():
        random.seed(7)
        np.random.seed(7)
        net = buildNetwork(2, 3, 1)
        t = BackpropTrainer(net, xor_data(), learningrate=0.1)
        return [t.train() for _ in range(3)]
    assert run() == run()
    random.seed(7)
    order = list(range(4))
    random.shuffle(order)
    random.seed(7)
    trainer = BackpropTrainer(buildNetwork(2, 3, 1), xor_data())
    assert list(trainer._order(4)) == order


def test_shuffle_false_keeps_dataset_order():
    trainer = BackpropTrainer(buildNetwork(2, 3, 1), xor_data(), shuffle=False)
    from brainkit.datasets.batching import chunks
    assert list(chunks(trainer._order(4), 3, 4)) == [slice(0, 3), slice(3, 4)]


def test_without_shuffling_no_order_is_drawn(tmp_path):
    from brainkit.datasets.batching import ChunkedBatches, DataBatches
    from brainkit.datasets.ondisk import DiskDataSet
    ds = xor_data()
    path = str(tmp_path / "xor.h5")
    ds.saveToFile(path)
    with DiskDataSet(path, chunk_rows=3) as disk:
        assert ChunkedBatches(disk).order(None) is None and DataBatches(ds).order(None) is None
        for data in (ds, disk):
            trainer = BackpropTrainer(buildNetwork(2, 3, 1), data, shuffle=False)
            trainer._order = None       # the trainer knows it does not shuffle: never asked
            trainer.train()


def test_verbose_prints_pybrains_line():
    out = io.StringIO()
    trainer = BackpropTrainer(buildNetwork(2, 3, 1), xor_data(), verbose=True, out=out)
    err = trainer.train()
    assert out.getvalue() == f"Total error: {err}\n"


def test_history_records_every_epoch():
    trainer = BackpropTrainer(buildNetwork(2, 3, 1), xor_data())
    trainer.trainEpochs(3)
    assert len(trainer.history) == 3 and trainer.totalepochs == 3


def test_test_on_data_is_half_mse_and_changes_nothing():
    ds = xor_data()
    net = buildNetwork(2, 3, 1)
    before = net.params.copy()
    trainer = BackpropTrainer(net, ds)
    out = net.activate(ds["input"])
    expected = 0.5 * np.sum((ds["target"] - out) ** 2) / ds["target"].size
    assert trainer.testOnData() == pytest.approx(expected, rel=1e-12)
    np.testing.assert_array_equal(net.params, before)


def test_a_scorer_checks_its_data_once_and_shows_every_pass():
    ds = xor_data()
    net = buildNetwork(2, 3, 1)
    trainer = BackpropTrainer(net, ds)
    score = trainer.scorer(ds)
    ds["input"][0, 0] = np.nan       # not checked again: the scorer trusts what it checked
    seen = []
    assert np.isnan(score(lambda out, targets: seen.append((out.copy(), targets.copy()))))
    ds["input"][0, 0] = 0.0
    assert score() == trainer.testOnData(ds)
    (out, targets), = seen
    assert out.shape == targets.shape == (1, 4, 1)
    np.testing.assert_array_equal(targets[0], ds["target"])
    with pytest.raises(ValueError, match="contains NaN or inf"):
        ds["input"][0, 0] = np.nan
        trainer.scorer(ds)


def test_test_on_class_data_returns_argmax_lists():
    from brainkit.datasets import ClassificationDataSet
    ds = ClassificationDataSet(2, 1, nb_classes=3)
    for x, c in [((0, 0), 0), ((1, 0), 1), ((0, 1), 2)]:
        ds.addSample(x, [c])
    ds._convertToOneOfMany()
    net = buildNetwork(2, 3, 3)
    trainer = BackpropTrainer(net, ds)
    predicted, targets = trainer.testOnClassData(return_targets=True)
    assert predicted == list(np.argmax(net.activate(ds["input"]), axis=1))
    assert targets == [0, 1, 2]


@pytest.mark.parametrize("kwargs, match", [
    ({"learningrate": 0}, "learningrate must be > 0"),
    ({"learningrate": -1}, "learningrate must be > 0"),
    ({"momentum": 1.5}, "momentum must be"),
    ({"weightdecay": -0.1}, "weightdecay must be"),
    ({"batchsize": 0}, "batchsize must be a positive integer"),
])
def test_bad_hyperparameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        BackpropTrainer(buildNetwork(2, 3, 1), xor_data(), **kwargs)


def test_dataset_that_does_not_fit_the_network():
    net = buildNetwork(3, 3, 1)
    before = net.params.copy()
    with pytest.raises(ValueError, match="2 inputs per sample but network .* has 3 inputs"):
        BackpropTrainer(net, xor_data())
    ds = SupervisedDataSet(3, 2)
    ds.addSample([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="2 targets per sample but network .* has 1 outputs"):
        BackpropTrainer(net).setData(ds)
    np.testing.assert_array_equal(net.params, before)


def test_empty_dataset_is_refused():
    with pytest.raises(ValueError, match="empty"):
        BackpropTrainer(buildNetwork(2, 3, 1), SupervisedDataSet(2, 1))


def test_train_without_data():
    with pytest.raises(ValueError, match="no training data"):
        BackpropTrainer(buildNetwork(2, 3, 1)).train()


def test_nan_in_dataset_field_is_refused():
    ds = xor_data()
    ds["input"][0, 0] = np.nan          # a view: the dataset now holds NaN
    with pytest.raises(ValueError, match="NaN"):
        BackpropTrainer(buildNetwork(2, 3, 1), ds)


def test_unsorted_network_is_refused():
    net = FeedForwardNetwork()
    net.addInputModule(LinearLayer(2, name="in"))
    with pytest.raises(ValueError, match="sortModules"):
        BackpropTrainer(net)


def test_float32_network_trains_in_float32():
    np.random.seed(0)
    net = buildNetwork(2, 3, 1, dtype=np.float32)
    trainer = BackpropTrainer(net, xor_data(), learningrate=0.1, seed=0)
    trainer.trainEpochs(2)
    assert net.params.dtype == np.float32 and np.all(np.isfinite(net.params))


def test_pybrain_import_paths_are_re_exports():
    import brainkit
    from brainkit.supervised import BackpropTrainer as a
    from brainkit.supervised.trainers import BackpropTrainer as b, RPropMinusTrainer
    from brainkit.trainers import RPropMinusTrainer as r
    assert a is b is BackpropTrainer is brainkit.BackpropTrainer
    assert RPropMinusTrainer is r


def test_float32_data_is_used_without_a_float64_copy(rng):
    from brainkit.datasets.batching import DataBatches
    X = rng.standard_normal((20, 2)).astype(np.float32)
    ds = SupervisedDataSet.fromArrays(X, X[:, :1] * X[:, 1:])
    data = DataBatches(ds)
    assert data.inputs.dtype == np.float32 and np.shares_memory(data.inputs, ds["input"])
    net = buildNetwork(2, 3, 1, dtype=np.float32)
    error = BackpropTrainer(net, ds, batchsize=4, seed=0).train()
    assert np.isfinite(error) and net.params.dtype == np.float32


def test_a_diverging_run_raises_instead_of_training_on_nan():
    ds = SupervisedDataSet(1, 1)
    ds.addSample([1e3], [1.0])
    trainer = BackpropTrainer(line_net(1.0), ds, learningrate=10.0)
    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(FloatingPointError, match="training diverged in epoch"):
            for _ in range(50):
                trainer.train()


def test_train_until_convergence_stops_on_a_nan_validation_error():
    trainer = BackpropTrainer(buildNetwork(2, 2, 1), xor_data())
    errors = iter([1.0, float("nan")])
    trainer.train = lambda: 0.5
    trainer.testOnData = lambda dataset=None, verbose=False: next(errors)
    with pytest.raises(FloatingPointError, match="validation error is not finite"):
        trainer.trainUntilConvergence(trainingData=xor_data(), validationData=xor_data())


@pytest.mark.parametrize("sequential", [False, True])
def test_check_gradient_pairs_analytic_and_numeric_derivatives_as_pybrain(sequential, rng):
    from brainkit import LSTMLayer
    from brainkit.datasets import SequentialDataSet
    if sequential:
        net = buildNetwork(2, 3, 1, hiddenclass=LSTMLayer)
        ds = SequentialDataSet(2, 1)
        for length in (3, 2):
            ds.newSequence()
            for _ in range(length):
                ds.addSample(rng.standard_normal(2), rng.standard_normal(1))
    else:
        net = buildNetwork(2, 3, 1)
        ds = SupervisedDataSet.fromArrays(rng.standard_normal((3, 2)), rng.standard_normal((3, 1)))
    params = net.params.copy()
    out = io.StringIO()
    result = BackpropTrainer(net, out=out)._checkGradient(ds, silent=True)
    assert out.getvalue() == "" and np.array_equal(net.params, params)
    assert len(result) == (2 if sequential else 3)
    for pairs in result:
        analytic, numeric = np.array(pairs).T
        assert len(pairs) == net.paramdim
        np.testing.assert_allclose(analytic, -numeric, rtol=1e-5, atol=1e-8)
    BackpropTrainer(net, ds, out=out)._checkGradient()
    assert out.getvalue().count("\n") == len(result)

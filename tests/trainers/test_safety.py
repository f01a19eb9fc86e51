"""Trainers refuse bad arguments at once and never leave broken weights."""

import numpy as np
import pytest

from brainkit import LSTMLayer, buildNetwork
from brainkit.datasets import SequentialDataSet, SupervisedDataSet
from brainkit.trainers import Adam, BackpropTrainer, GradientDescent, RPropMinusTrainer
from brainkit.trainers.rules import RPropMinus

from tests.trainers.test_backprop import line_net


def data(n=8, seed=0):
    rng = np.random.default_rng(seed)
    return SupervisedDataSet.fromArrays(rng.standard_normal((n, 2)), rng.standard_normal((n, 1)))


@pytest.mark.parametrize("make, message", [
    (lambda: Adam(learningrate=-1), "learningrate must be > 0; got -1"),
    (lambda: Adam(learningrate=float("nan")), "learningrate must be a finite number; got nan"),
    (lambda: Adam(beta1=1.0), "beta1 must be >= 0 and < 1"),
    (lambda: Adam(epsilon=0), "epsilon must be > 0"),
    (lambda: GradientDescent(momentum=1.5), "momentum must be >= 0 and <= 1"),
    (lambda: GradientDescent(lrdecay="1"), "lrdecay must be a finite number"),
    (lambda: RPropMinus(etaminus=2), "etaminus must be > 0 and < 1; got 2"),
    (lambda: RPropMinus(etaplus=0.9), "etaplus must be > 1"),
    (lambda: RPropMinus(delta0=10), "deltamin <= delta0 <= deltamax"),
    (lambda: RPropMinusTrainer(buildNetwork(2, 2, 1), etaminus=2), "etaminus must be"),
    (lambda: RPropMinusTrainer(buildNetwork(2, 2, 1), weightdecay=-1), "weightdecay must be"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), batchsize=True), "batchsize must be a pos"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), batchsize=2.0), "batchsize must be a pos"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), learningrate=0), "learningrate must be > 0"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), rule=Adam(), learningrate=0.1),
     "give learningrate, lrdecay, momentum and weightdecay to the rule itself"),
    (lambda: RPropMinusTrainer(buildNetwork(2, 2, 1), rule=Adam()), "applies its own rule"),
])
def test_bad_numbers_are_refused_at_construction(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("make, message", [
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), rule="adam"),
     "rule must be an update rule object such as brainkit.trainers.Adam"),
    (lambda: BackpropTrainer(None), "needs a network or module to train .* got NoneType"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), [[0, 0], [1]]),
     "must be a SupervisedDataSet .* got list"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), verbose="yes"), "verbose must be True or"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), shuffle=None), "shuffle must be True or"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), batchlearning=2), "batchlearning must be"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), verbose=1.0), "verbose must be True or"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), seed=1.5), "seed must be a non-negative"),
    (lambda: BackpropTrainer(buildNetwork(2, 2, 1), out=3), "out must be a text stream"),
])
def test_wrong_kinds_of_argument_are_refused_at_construction(make, message):
    with pytest.raises(TypeError, match=message):
        make()


def test_one_and_zero_are_taken_for_true_and_false_as_pybrain_took_them():
    trainer = BackpropTrainer(buildNetwork(2, 2, 1), verbose=1, shuffle=0, batchlearning=1)
    assert (trainer.verbose, trainer.shuffle, trainer.batchlearning) == (True, False, True)
    assert all(type(v) is bool for v in (trainer.verbose, trainer.shuffle, trainer.batchlearning))
    assert BackpropTrainer(buildNetwork(2, 2, 1), verbose=np.int64(0)).verbose is False


def test_train_until_convergence_checks_its_counts():
    trainer = BackpropTrainer(buildNetwork(2, 2, 1), data())
    with pytest.raises(ValueError, match="continueEpochs must be an integer >= 1; got 0"):
        trainer.trainUntilConvergence(continueEpochs=0)
    with pytest.raises(ValueError, match="maxEpochs must be a positive integer"):
        trainer.trainUntilConvergence(maxEpochs=True)


def diverging():
    ds = SupervisedDataSet(1, 1)
    for x in (1e3, -1e3, 2e3):
        ds.addSample([x], [1.0])
    return ds


def test_a_diverging_epoch_rolls_the_weights_back_and_blames_the_learning_rate():
    net = line_net(1.0)
    ds = SupervisedDataSet.fromArrays([[1e150], [-1e150], [1.0]], [[1.0], [1.0], [1.0]])
    trainer = BackpropTrainer(net, ds, learningrate=10.0, shuffle=False)
    with pytest.raises(FloatingPointError, match=r"training diverged in epoch 0: the error of "
                       r"a batch became .*; the weights are back where the epoch started; "
                       r"lower the learning rate \(it is 10\)"):
        trainer.train()
    assert net.params[0] == 1.0 and trainer.history == [] and trainer.totalepochs == 0


def test_an_exploding_error_is_caught_before_it_reaches_inf():
    net = line_net(0.0)
    trainer = BackpropTrainer(net, diverging(), learningrate=1e-7, shuffle=False)
    trainer.train()
    trainer.descent.learningrate = 1e-5        # each sample multiplies the error by 100+
    with pytest.raises(FloatingPointError, match="over 1e[+]10 times the first epoch's"):
        for _ in range(30):
            good = net.params.copy()
            trainer.train()
    assert np.array_equal(net.params, good)
    assert np.all(np.abs(net.params) < 1e10)


def test_nan_put_into_the_data_after_set_data_is_reported_as_a_data_problem():
    ds = data()
    net = buildNetwork(2, 3, 1)
    before = net.params.copy()
    trainer = BackpropTrainer(net, ds, batchsize=3, seed=0)
    ds["input"][5, 1] = np.nan
    with pytest.raises(FloatingPointError, match="the training data's input field holds NaN "
                       "or inf .changed after setData.*; fix the data"):
        trainer.train()
    assert np.array_equal(net.params, before)


def test_inf_in_the_targets_is_a_data_problem_for_rprop_too():
    ds = data()
    trainer = RPropMinusTrainer(buildNetwork(2, 3, 1), ds)
    ds["target"][0, 0] = np.inf
    with pytest.raises(FloatingPointError, match="target field holds NaN or inf"):
        trainer.train()


def test_rprop_advice_names_its_own_step_sizes():
    net = line_net(1.0)
    trainer = RPropMinusTrainer(net, diverging(), delta0=1e300, deltamax=1e300)
    with pytest.raises(FloatingPointError, match="lower delta0 and deltamax"):
        for _ in range(3):
            trainer.train()
    assert np.isfinite(net.params).all()


def test_weights_already_broken_are_named_as_such():
    net = line_net(1.0)
    net.params[0] = np.nan
    with pytest.raises(FloatingPointError, match="the network's weights hold NaN or inf; re-initialise"):
        BackpropTrainer(net, diverging()).train()


def test_train_until_convergence_keeps_the_best_weights_when_it_diverges(rng):
    net = line_net(0.0)
    ds = SupervisedDataSet.fromArrays(rng.standard_normal((20, 1)), rng.standard_normal((20, 1)))
    trainer = BackpropTrainer(net, ds, learningrate=0.01, seed=0)
    state = {"calls": 0}
    real_train = trainer.train

    def train():             # three good epochs, then a learning rate far too large
        state["calls"] += 1
        if state["calls"] == 4:
            trainer.descent.learningrate = 1e200
        return real_train()

    trainer.train = train
    with pytest.raises(FloatingPointError, match="keeps the weights of the lowest validation"):
        trainer.trainUntilConvergence(trainingData=ds, validationData=ds, maxEpochs=10)
    best = int(np.argmin(trainer.validationErrors[1:]))
    assert trainer.testOnData(ds) == pytest.approx(trainer.validationErrors[1 + best])
    assert trainer.ds is ds


def test_padded_sequences_count_every_output_value_once():
    # two sequences of lengths 1 and 3, two outputs each: the figure divides by 8 values
    ds = SequentialDataSet(1, 2)
    for length in (1, 3):
        ds.newSequence()
        for _ in range(length):
            ds.addSample([0.0], [1.0, 1.0])
    net = buildNetwork(1, 2, 2, hiddenclass=LSTMLayer, bias=False)
    net._setParameters(np.zeros(net.paramdim))
    assert BackpropTrainer(net, ds, batchsize=2).testOnData() == pytest.approx(0.5)


def test_adam_follows_the_textbook_formula(rng):
    params, reference = rng.standard_normal(5), None
    rule = Adam(learningrate=0.01, weightdecay=0.1)
    m = v = np.zeros(5)
    reference = params.copy()
    for t in range(1, 6):
        derivs = rng.standard_normal(5)
        g = derivs - 0.1 * reference
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        reference = reference + 0.01 * (m / (1 - 0.9 ** t)) / (
            np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        rule.step(params, derivs)
    assert np.allclose(params, reference, rtol=1e-12, atol=0)

"""trainUntilConvergence: PyBrain's stopping rule, with its off-by-ones fixed."""

import numpy as np
import pytest

from brainkit import buildNetwork
from brainkit.datasets import SupervisedDataSet
from brainkit.trainers import BackpropTrainer


def data(n=20, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 2))
    return SupervisedDataSet.fromArrays(X, X[:, :1] * X[:, 1:])


def scripted(trainer, curve):
    """Make every train() set the params to the epoch number and every
    testOnData return the next value of ``curve``."""
    values = iter(curve)
    epoch = [0]

    def train():
        epoch[0] += 1
        trainer.module.params[:] = epoch[0]
        return float(epoch[0])

    trainer.train = train
    trainer.testOnData = lambda dataset=None, verbose=False: next(values)


def test_stops_when_the_last_k_are_all_worse_than_the_k_before():
    trainer = BackpropTrainer(buildNetwork(2, 2, 1), data())
    # before training, then epochs 1..: improves to 0.1 at epoch 3, then gets worse
    curve = [1.0, 0.5, 0.3, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55]
    scripted(trainer, curve)
    train_errs, valid_errs = trainer.trainUntilConvergence(continueEpochs=3)
    # validationErrors = curve[:n]; stop when min(last 3) > max(3 before them)
    assert trainer.validationErrors == curve[:9]      # [.. 0.1, .2, .25, .3, .35, .4]
    assert len(trainer.trainingErrors) == 8
    # the best epoch is the 3rd (index 2): its parameters are restored
    np.testing.assert_array_equal(trainer.module.params, 3.0)
    # the returned lists include the best epoch (PyBrain dropped it)
    assert train_errs == [1.0, 2.0, 3.0]
    assert valid_errs == [1.0, 0.5, 0.3, 0.1]


def test_max_epochs_trains_exactly_that_many():
    trainer = BackpropTrainer(buildNetwork(2, 2, 1), data())
    scripted(trainer, [1.0] + [0.9 - 0.01 * i for i in range(50)])
    trainer.trainUntilConvergence(maxEpochs=5)
    assert len(trainer.trainingErrors) == 5
    np.testing.assert_array_equal(trainer.module.params, 5.0)


def test_first_epoch_counts_as_best_even_if_worse_than_untrained():
    # PyBrain's rule, kept: epoch 0 is always taken as the best so far
    trainer = BackpropTrainer(buildNetwork(2, 2, 1), data())
    scripted(trainer, [0.1, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1])
    trainer.trainUntilConvergence(continueEpochs=2)
    np.testing.assert_array_equal(trainer.module.params, 1.0)


def test_stops_when_converged_to_threshold():
    trainer = BackpropTrainer(buildNetwork(2, 2, 1), data())
    scripted(trainer, [1.0, 0.5] + [0.4] * 40)
    trainer.trainUntilConvergence(continueEpochs=3, convergence_threshold=5)
    assert len(trainer.validationErrors) == 6


def test_differences_that_cancel_do_not_count_as_converged():
    # PyBrain summed signed differences, so 0.3, 0.5 around 0.4 looked converged
    trainer = BackpropTrainer(buildNetwork(2, 2, 1), data())
    curve = [1.0, 0.9, 0.8, 0.3, 0.5, 0.4, 0.39, 0.38, 0.37, 0.36, 0.35, 0.35, 0.35]
    scripted(trainer, curve + [0.35] * 10)
    trainer.trainUntilConvergence(continueEpochs=3, convergence_threshold=2)
    assert len(trainer.validationErrors) > 6


def test_real_training_improves_and_restores_best():
    np.random.seed(0)
    ds = data(80)
    net = buildNetwork(2, 5, 1)
    trainer = BackpropTrainer(net, ds, learningrate=0.05, seed=1)
    train_errs, valid_errs = trainer.trainUntilConvergence(maxEpochs=30)
    assert min(trainer.validationErrors[1:]) == valid_errs[-1]
    assert trainer.validationErrors[0] > valid_errs[-1]
    # the network holds the best parameters: its validation error is the best one
    assert trainer.ds is ds


def test_given_training_and_validation_data():
    trainer = BackpropTrainer(buildNetwork(2, 2, 1), data(), seed=0)
    trainer.trainUntilConvergence(trainingData=data(10, 1), validationData=data(5, 2),
                                  maxEpochs=3)
    assert len(trainer.trainingErrors) == 3


@pytest.mark.parametrize("p", [0, 1, -0.5, 1.5])
def test_validation_proportion_outside_zero_one(p):
    net = buildNetwork(2, 2, 1)
    before = net.params.copy()
    with pytest.raises(ValueError, match="validationProportion must be between 0 and 1"):
        BackpropTrainer(net, data()).trainUntilConvergence(validationProportion=p)
    np.testing.assert_array_equal(net.params, before)


def test_dataset_too_small_to_split():
    ds = SupervisedDataSet(2, 1)
    ds.addSample([0, 1], [1])
    with pytest.raises(ValueError, match="too small to split"):
        BackpropTrainer(buildNetwork(2, 2, 1), ds).trainUntilConvergence()


def test_bad_max_epochs():
    with pytest.raises(ValueError, match="maxEpochs must be a positive integer"):
        BackpropTrainer(buildNetwork(2, 2, 1), data()).trainUntilConvergence(maxEpochs=0)


def test_split_with_seed_is_repeatable():
    def run():
        np.random.seed(0)
        net = buildNetwork(2, 3, 1)
        t = BackpropTrainer(net, data(40), seed=3)
        t.trainUntilConvergence(maxEpochs=4)
        return t.validationErrors
    assert run() == run()

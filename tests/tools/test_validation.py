"""percentError, Validator, ModuleValidator and CrossValidator."""

import numpy as np
import pytest

from brainkit import SoftmaxLayer, buildNetwork
from brainkit.datasets import ClassificationDataSet, load_iris
from brainkit.tools.validation import (CrossValidator, ModuleValidator, Validator,
                                       percentError, testOnSequenceData)
from brainkit.trainers import BackpropTrainer
from brainkit.utilities import percentError as pybrain_path_percentError


def test_percent_error():
    assert percentError([1, 2, 3, 4], [1, 2, 0, 0]) == 50.0
    assert percentError(np.array([[1], [2]]), [1, 2]) == 0.0
    assert pybrain_path_percentError is percentError


def test_percent_error_bad_input():
    with pytest.raises(ValueError, match="3 predictions but 2 true values"):
        percentError([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="no values"):
        percentError([], [])


def test_sequence_data_without_a_sequence_is_refused():
    from brainkit.datasets import SequentialDataSet
    with pytest.raises(ValueError, match="testOnSequenceData: the data set holds no sequence"):
        testOnSequenceData(buildNetwork(1, 2, bias=False), SequentialDataSet(1, 2))


def test_validator_figures():
    out = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    target = np.array([[1, 0], [0, 1], [0, 1]])
    assert Validator.classificationPerformance(out, target) == pytest.approx(2 / 3)
    assert Validator.ESS(out, target) == pytest.approx(np.sum((out - target) ** 2))
    assert Validator.MSE(out, target) == pytest.approx(np.mean((out - target) ** 2))
    imp = np.array([[1, 1], [0, 0], [2, 2]])
    assert Validator.MSE(out, target, imp) == pytest.approx(
        np.sum((out - target) ** 2 * imp) / imp.sum())


def test_module_validator_matches_activation():
    iris = load_iris()
    np.random.seed(0)
    net = buildNetwork(4, 3, 3, outclass=SoftmaxLayer)
    out = net.activate(iris["input"])
    assert ModuleValidator.MSE(net, iris) == pytest.approx(np.mean((out - iris["target"]) ** 2))
    expected = np.mean(out.argmax(1) == iris["class"].ravel())
    assert ModuleValidator.classificationPerformance(net, iris) == pytest.approx(expected)


def test_cross_validator_trains_copies_and_averages(rng):
    iris = load_iris()
    net = buildNetwork(4, 5, 3, outclass=SoftmaxLayer, init="glorot", rng=rng)
    before = net.params.copy()
    trainer = BackpropTrainer(net, iris, learningrate=0.01, momentum=0.5, seed=0)
    score = CrossValidator(trainer, iris, n_folds=3, max_epochs=20, rng=rng).validate()
    assert 0.6 < score <= 1.0
    np.testing.assert_array_equal(net.params, before)     # the original is untouched


def test_cross_validator_bad_folds():
    ds = ClassificationDataSet(2, 1)
    ds.addSample([0, 0], [0])
    trainer = BackpropTrainer(buildNetwork(2, 2, 1))
    with pytest.raises(ValueError, match="n_folds must be an integer >= 2"):
        CrossValidator(trainer, ds, n_folds=1)
    with pytest.raises(ValueError, match="cannot make 5 folds of 1 samples"):
        CrossValidator(trainer, ds, n_folds=5)


def test_cross_validator_folds_whole_sequences(rng):
    from brainkit.datasets import load_parity
    ds = load_parity(12, rng=rng, bipolar=True)
    net = buildNetwork(1, 3, 1, recurrent=False)
    trainer = BackpropTrainer(net, ds, seed=0)
    score = CrossValidator(trainer, ds, n_folds=3, valfunc=ModuleValidator.MSE,
                           rng=rng).validate()
    assert np.isfinite(score)

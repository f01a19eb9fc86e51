"""Mixture density trainers: the targets' negative log-likelihood, its exact
gradient, training that lowers it, and the checks."""

import numpy as np
import pytest

from brainkit import (BiasUnit, FeedForwardNetwork, FullConnection, LinearLayer, TanhLayer,
                      buildNetwork)
from brainkit.datasets import ImportanceDataSet, SupervisedDataSet
from brainkit.structure.modules.mixturedensity import MixtureDensityLayer
from brainkit.supervised.trainers.mixturedensity import (BackpropTrainerMix,
                                                         MixtureDensityLoss,
                                                         RPropMinusTrainerMix)
from brainkit.tools.gradientcheck import check_loss_gradient


def mdn(indim=1, dim=1, mix=3, hidden=5, rng=None):
    net = FeedForwardNetwork()
    net.addInputModule(LinearLayer(indim, name="in"))
    net.addModule(TanhLayer(hidden, name="hidden"))
    net.addModule(BiasUnit(name="bias"))
    net.addOutputModule(MixtureDensityLayer(dim, name="out", mix=mix))
    for a, b in (("in", "hidden"), ("bias", "hidden"), ("hidden", "out"), ("bias", "out")):
        net.addConnection(FullConnection(net[a], net[b], name=f"{a}_{b}"))
    net.sortModules()
    if rng is not None:
        net.params[:] = rng.uniform(-0.5, 0.5, net.paramdim)
    return net


def density(out, t, K, D):
    """The mixture's density at t, Gaussian by Gaussian."""
    pi, sigma, mu = out[:K], out[K:2 * K], out[2 * K:].reshape(K, D)
    return sum(pi[k] * np.exp(-np.sum((t - mu[k]) ** 2) / (2 * sigma[k] ** 2))
               / (2 * np.pi * sigma[k] ** 2) ** (D / 2) for k in range(K))


def test_the_figure_is_the_mean_negative_log_likelihood(rng):
    net = mdn(indim=2, dim=2, mix=3, rng=rng)
    X, T = rng.standard_normal((4, 2)), rng.standard_normal((4, 2))
    out = net.activate(X)
    want = -np.mean([np.log(density(o, t, 3, 2)) for o, t in zip(out, T)])
    trainer = BackpropTrainerMix(net, SupervisedDataSet.fromArrays(X, T))
    assert trainer.testOnData() == pytest.approx(want, rel=1e-12)
    assert trainer.history.loss.name == "mixturedensity"


def test_padded_sequences_count_their_real_steps_only(rng):
    from brainkit.datasets import SequentialDataSet
    net = mdn(indim=2, dim=2, mix=3, rng=rng)
    X, T = rng.standard_normal((4, 2)), rng.standard_normal((4, 2))
    ds = SequentialDataSet(2, 2)
    for k in range(4):
        if k in (0, 3):                 # sequences of 3 steps and of 1
            ds.newSequence()
        ds.addSample(X[k], T[k])
    flat = BackpropTrainerMix(net, SupervisedDataSet.fromArrays(X, T)).testOnData()
    assert BackpropTrainerMix(net, ds).testOnData() == pytest.approx(flat, rel=1e-12)


@pytest.mark.parametrize("dim", [1, 2])
def test_the_gradient_is_exact(dim, rng):
    # PyBrain fed back the gradient with respect to sigma, not its input, and
    # normalised each Gaussian with sigma instead of sigma**dim
    net = mdn(indim=2, dim=dim, mix=3, rng=rng)
    targets = rng.standard_normal((1, 4, dim))
    report = check_loss_gradient(net, MixtureDensityLoss(), targets=targets, B=4, rng=rng)
    assert report.ok, str(report)


def test_importance_weights_weigh_each_sample(rng):
    net = mdn(rng=rng)
    ds = ImportanceDataSet(1, 1)
    for x, t, w in ((0.1, 0.3, 1.0), (0.5, -0.2, 3.0), (-0.4, 0.0, 0.0)):
        ds.addSample([x], [t], importance=[w])
    figures = [-np.log(density(net.activate([x])[0:9], np.array([t]), 3, 1))
               for x, t in ((0.1, 0.3), (0.5, -0.2))]
    want = (figures[0] + 3 * figures[1]) / 4
    assert BackpropTrainerMix(net, ds).testOnData() == pytest.approx(want, rel=1e-12)
    wide = mdn(dim=2, rng=rng)          # a weight per target value, two values a sample
    ds = ImportanceDataSet(1, 2)
    for x, t, w in ((0.1, (0.3, 0.1), 1.0), (0.5, (-0.2, 0.4), 3.0)):
        ds.addSample([x], t, importance=[w, w])
    figures = [-np.log(density(wide.activate([x]), np.array(t), 3, 2))
               for x, t in ((0.1, (0.3, 0.1)), (0.5, (-0.2, 0.4)))]
    want = (figures[0] + 3 * figures[1]) / 4
    assert BackpropTrainerMix(wide, ds).testOnData() == pytest.approx(want, rel=1e-12)


def one_to_many(n, rng):
    """Bishop's inverse problem: x = t + 0.3 sin(2 pi t) + noise; t from x is
    one-to-many."""
    t = rng.uniform(0, 1, (n, 1))
    x = t + 0.3 * np.sin(2 * np.pi * t) + rng.uniform(-0.1, 0.1, (n, 1))
    return SupervisedDataSet.fromArrays(x, t)


@pytest.mark.parametrize("cls", [RPropMinusTrainerMix, BackpropTrainerMix])
def test_training_lowers_the_negative_log_likelihood(cls, rng):
    net = mdn(rng=rng)
    ds = one_to_many(200, rng)
    options = {} if cls is RPropMinusTrainerMix else {"learningrate": 0.002,
                                                       "batchlearning": True}
    trainer = cls(net, ds, **options)
    before = trainer.testOnData()
    trainer.trainEpochs(60)
    assert trainer.testOnData() < before - 0.3


def test_errors(rng):
    ds = one_to_many(10, rng)
    with pytest.raises(ValueError, match="needs a MixtureDensityLayer as the network's only "
                                         "output module; 'out' is a LinearLayer"):
        BackpropTrainerMix(buildNetwork(1, 2, 1), ds)
    with pytest.raises(ValueError, match="the targets have 1 values per sample, but "
                                         "MixtureDensityLayer 'out' models 2"):
        BackpropTrainerMix(mdn(dim=2), ds)
    with pytest.raises(ValueError, match="takes no loss="):
        RPropMinusTrainerMix(mdn(), ds, loss="mse")
    with pytest.raises(ValueError, match="the dataset has 2 inputs per sample"):
        BackpropTrainerMix(mdn(), SupervisedDataSet.fromArrays(np.ones((3, 2)), np.ones((3, 1))))

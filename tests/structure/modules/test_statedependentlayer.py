"""StateDependentLayer: y = x + module(state), the module's weights drawn
N(0, s**2); backward is the gradient of the sample's log-likelihood."""

import numpy as np
import pytest

from brainkit import FeedForwardNetwork, FullConnection, LinearLayer, StateDependentLayer
from brainkit.io import save
from brainkit.structure.modules.gaussianlayer import expln
from tests.structure.modules.test_gaussianlayer import central

STATE = np.array([0.5, -1.5])


def linear_map(sdim=2, dim=3):
    net = FeedForwardNetwork(name="explore")
    s, e = LinearLayer(sdim, name="s"), LinearLayer(dim, name="e")
    net.addInputModule(s)
    net.addOutputModule(e)
    net.addConnection(FullConnection(s, e, name="se"))
    net.sortModules()
    return net


def layer(onesigma=True, p=None):
    sde = StateDependentLayer(3, linear_map(), name="sde", onesigma=onesigma)
    if p is not None:
        sde.params[:] = p
    return sde


def test_the_exploration_is_added_once_after_each_setState():
    sde = layer()
    sde.drawRandomWeights()
    sde.setState(STATE)
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(sde.activate(x), x + sde.module.activate(STATE), rtol=1e-15)
    np.testing.assert_array_equal(sde.activate(x), x)      # cleared, as in PyBrain


def test_a_batch_of_states_explores_each_sample():
    sde = layer()
    sde.drawRandomWeights()
    states = np.array([[1.0, 0.0], [0.0, 1.0]])
    sde.setState(states)
    W = sde.module.params.reshape(3, 2)
    np.testing.assert_allclose(sde.activate(np.zeros((2, 3))), states @ W.T, rtol=1e-15)


@pytest.mark.parametrize("onesigma, p", [(True, [0.4]), (False, np.linspace(-1, 1.5, 6))])
def test_the_noise_has_variance_sum_of_state_squares_times_spreads_squared(onesigma, p):
    np.random.seed(5)
    sde = layer(onesigma, p)
    draws = []
    for _ in range(3000):
        sde.drawRandomWeights()
        sde.setState(STATE)
        draws.append(sde.activate(np.zeros(3)))
    s2 = np.broadcast_to(expln(np.asarray(p)) ** 2, (6,)).reshape(3, 2)
    v = s2 @ STATE**2
    np.testing.assert_array_less(np.abs(np.mean(draws, axis=0)), 4.5 * np.sqrt(v / 3000))
    np.testing.assert_allclose(np.var(draws, axis=0), v, rtol=0.1)


def log_likelihood(y, x, p, onesigma):
    v = np.broadcast_to(expln(p) ** 2, (6,)).reshape(3, 2) @ STATE**2
    return float(np.sum(-0.5 * np.log(2 * np.pi * v) - (y - x) ** 2 / (2 * v)))


@pytest.mark.parametrize("autoalpha", [False, True])
@pytest.mark.parametrize("onesigma, p", [(True, np.array([0.4])),
                                         (False, np.linspace(-1, 1.5, 6))])
def test_backward_is_the_log_likelihood_gradient(onesigma, p, autoalpha):
    np.random.seed(2)
    sde = layer(onesigma, p)
    sde.autoalpha = autoalpha
    sde.drawRandomWeights()
    sde.setState(STATE)
    x = np.array([0.3, -0.2, 1.0])
    y = sde.activate(x)
    sde.resetDerivatives()
    dx = sde.backActivate(np.zeros(3))
    v = np.broadcast_to(expln(p) ** 2, (6,)).reshape(3, 2) @ STATE**2
    scale = v if autoalpha else 1.0
    np.testing.assert_allclose(dx, central(lambda z: log_likelihood(y, z, p, onesigma), x)
                               * scale, rtol=1e-6)
    dp = central(lambda q: log_likelihood(y, x, q, onesigma), p)
    if autoalpha and onesigma:
        dp = dp * v.mean()      # one spread: every unit has the same variance
    if autoalpha and not onesigma:
        dp = dp * np.repeat(v, 2)
    np.testing.assert_allclose(sde.derivs, dp, rtol=1e-5)


def test_derivatives_accumulate_over_steps():
    # PyBrain overwrote them with one spread per weight
    sde = layer(False, np.zeros(6))
    sde.drawRandomWeights()
    steps = ([0.1, 0.2, 0.3], [-1.0, 0.0, 2.0])
    alone = []
    for x in steps:
        sde.setState(STATE)
        sde.activate(x)
        sde.resetDerivatives()
        sde.backActivate(np.zeros(3))
        alone.append(sde.derivs.copy())
    sde.resetDerivatives()
    for x in steps:
        sde.setState(STATE)
        sde.activate(x)
        sde.backActivate(np.zeros(3))
    np.testing.assert_allclose(sde.derivs, alone[0] + alone[1], rtol=1e-14)


def test_errors(tmp_path):
    with pytest.raises(ValueError, match="outputs 3 values; the layer has dim=2"):
        StateDependentLayer(2, linear_map())
    with pytest.raises(TypeError, match="module must be a module"):
        StateDependentLayer(3, "explore")
    sde = StateDependentLayer(3, linear_map(), onesigma=False)
    with pytest.raises(ValueError, match="needs an exploration module of 3 x 4 weights"):
        sde.setState(np.ones(4))
    sde.activate(np.zeros(3))
    with pytest.raises(ValueError, match="call setState"):
        sde.backActivate(np.zeros(3))
    sde.setState(np.ones((2, 2)))
    with pytest.raises(ValueError, match="setState was given 2 states, but the layer runs on 3"):
        sde.activate(np.zeros((3, 3)))
    net = FeedForwardNetwork()
    net.addInputModule(sde)
    net.addOutputModule(sde)
    net.sortModules()
    with pytest.raises(TypeError, match="cannot be saved: its exploration module"):
        save(net, tmp_path / "net.xml")
    assert not (tmp_path / "net.xml").exists()

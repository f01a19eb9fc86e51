"""buildNetwork: PyBrain's names, wiring, options and initial weights."""

import numpy as np
import pytest

from brainkit import (BiasUnit, FeedForwardNetwork, FullConnection, LinearLayer,
                      RecurrentNetwork, SigmoidLayer, SoftmaxLayer, TanhLayer, buildNetwork)
from brainkit.structure.networks import NetworkConstructionException


def wiring(net):
    return sorted((c.inmod.name, c.outmod.name) for c in net._all_connections())


def test_names_classes_and_wiring_of_the_default():
    net = buildNetwork(2, 3, 1)
    assert isinstance(net, FeedForwardNetwork) and not isinstance(net, RecurrentNetwork)
    assert [(m.name, type(m)) for m in net.modulesSorted] == [
        ("bias", BiasUnit), ("in", LinearLayer), ("hidden0", SigmoidLayer),
        ("out", LinearLayer)]
    assert [m.name for m in net.inmodules] == ["in"]
    assert [m.name for m in net.outmodules] == ["out"]
    assert wiring(net) == [("bias", "hidden0"), ("bias", "out"), ("hidden0", "out"),
                           ("in", "hidden0")]
    assert (net.indim, net.outdim, net.paramdim) == (2, 1, 13)


def test_several_hidden_layers():
    net = buildNetwork(2, 4, 3, 5, 2, hiddenclass=TanhLayer, outclass=SoftmaxLayer)
    assert [m.name for m in net.modulesSorted] == ["bias", "in", "hidden0", "hidden1",
                                                   "hidden2", "out"]
    assert all(isinstance(net[f"hidden{i}"], TanhLayer) for i in range(3))
    assert isinstance(net["out"], SoftmaxLayer)
    assert [net[f"hidden{i}"].dim for i in range(3)] == [4, 3, 5]
    assert wiring(net) == sorted([
        ("bias", "out"), ("bias", "hidden0"), ("bias", "hidden1"), ("bias", "hidden2"),
        ("hidden0", "hidden1"), ("hidden1", "hidden2"), ("in", "hidden0"),
        ("hidden2", "out")])
    assert net.paramdim == 2 + 4 + 5 + 4 * 2 + 3 * 4 + 5 * 3 + 2 * 5 + 3


@pytest.mark.parametrize("options, edges", [
    (dict(bias=False), [("hidden0", "out"), ("in", "hidden0")]),
    (dict(outputbias=False), [("bias", "hidden0"), ("hidden0", "out"), ("in", "hidden0")]),
    (dict(bias=False, outputbias=True), [("hidden0", "out"), ("in", "hidden0")]),
])
def test_bias_options(options, edges):
    net = buildNetwork(2, 3, 1, **options)
    assert wiring(net) == edges
    assert ("bias" in {m.name for m in net.modules}) == options.get("bias", True)


def test_two_layers_join_input_and_output():
    assert wiring(buildNetwork(3, 2)) == [("bias", "out"), ("in", "out")]
    assert wiring(buildNetwork(3, 2, bias=False)) == [("in", "out")]


def test_recurrent_gives_a_recurrent_network_and_a_warning():
    with pytest.warns(UserWarning, match=r"adds no recurrent connection .*"
                                         r"net\.addRecurrentConnection\(FullConnection"):
        net = buildNetwork(2, 3, 1, recurrent=True)
    assert isinstance(net, RecurrentNetwork)
    assert net.recurrentConns == []
    assert net.sequential and net.sorted
    # the PyBrain idiom that follows such a call works
    net.addRecurrentConnection(FullConnection(net["hidden0"], net["hidden0"]))
    net.sortModules()
    x = np.ones(2)
    assert not np.allclose(net.activate(x), net.activate(x))


def test_unknown_keyword_is_a_type_error():
    with pytest.raises(TypeError, match="unexpected keyword argument 'hiddenlayer'"):
        buildNetwork(2, 3, 1, hiddenlayer=TanhLayer)


@pytest.mark.parametrize("layers", [(), (3,)])
def test_fewer_than_two_sizes(layers):
    with pytest.raises(ValueError, match=rf"at least two layer sizes .*; got {len(layers)}"):
        buildNetwork(*layers)


@pytest.mark.parametrize("layers", [(2, 0, 1), (2, 2.5), (2, -1), (True, 1)])
def test_sizes_must_be_positive_integers(layers):
    with pytest.raises(ValueError, match="layer sizes must be positive integers"):
        buildNetwork(*layers)


def test_fast_networks_are_refused():
    with pytest.raises(NetworkConstructionException, match="already vectorised"):
        buildNetwork(2, 3, 1, fast=True)


def test_default_weights_follow_pybrains_draws():
    """One randn per connection in construction order (bias->out, bias->hidden0,
    in->hidden0, hidden0->out), then the randn(13) sortModules throws away."""
    np.random.seed(42)
    net = buildNetwork(2, 3, 1)
    after = np.random.randn()
    state = np.random.RandomState(42)
    want = np.concatenate([state.randn(1), state.randn(3), state.randn(6), state.randn(3)])
    np.testing.assert_array_equal(net.params, want)
    state.randn(13)
    assert after == state.randn()


@pytest.mark.parametrize("init", ["glorot", "he"])
def test_scaled_initialisation_is_repeatable_with_a_generator(init):
    first = buildNetwork(20, 10, 3, init=init, rng=np.random.default_rng(7))
    second = buildNetwork(20, 10, 3, init=init, rng=np.random.default_rng(7))
    third = buildNetwork(20, 10, 3, init=init, rng=np.random.default_rng(8))
    np.testing.assert_array_equal(first.params, second.params)
    assert not np.array_equal(first.params, third.params)
    for c in first._containers:
        if c.inmod.name == "bias":
            assert not c.params.any()
    w = next(c for c in first._containers if c.inmod.name == "in").weights
    if init == "glorot":
        assert np.abs(w).max() <= np.sqrt(6 / (20 + 10))
    else:
        assert 0.5 * np.sqrt(2 / 20) < w.std() < 1.5 * np.sqrt(2 / 20)
    assert not first.derivs.any()


def test_unknown_initialisation():
    with pytest.raises(ValueError, match=r"unknown initialisation 'zeros'; choose one of"):
        buildNetwork(2, 3, 1, init="zeros")

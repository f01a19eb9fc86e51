"""Shared weights: MotherConnection holds them, SharedFullConnections use them."""

import numpy as np
import pytest

from brainkit import (FeedForwardNetwork, FullConnection, LinearLayer, RecurrentNetwork, SigmoidLayer,
                      TanhLayer)
from brainkit.structure.connections import MotherConnection, SharedFullConnection
from tests.structure.harness import check_gradients


def crossed():
    """PyBrain's shared-crossed test network: a's first input goes to b and its
    second to c through one weight; b and c reach d's two units through another,
    crossed, so swapping the inputs swaps the outputs."""
    net = FeedForwardNetwork("shared-crossed")
    a, b, c, d = (LinearLayer(2, name="a"), LinearLayer(1, name="b"), LinearLayer(1, name="c"),
                  LinearLayer(2, name="d"))
    net.addInputModule(a)
    net.addModule(b)
    net.addModule(c)
    net.addOutputModule(d)
    m1, m2 = MotherConnection(1, name="m1"), MotherConnection(1, name="m2")
    m1.params[:] = 1.0
    m2.params[:] = 2.0
    net.addConnection(SharedFullConnection(m1, a, b, inSliceTo=1))
    net.addConnection(SharedFullConnection(m1, a, c, inSliceFrom=1))
    net.addConnection(SharedFullConnection(m2, b, d, outSliceFrom=1))
    net.addConnection(SharedFullConnection(m2, c, d, outSliceTo=1))
    net.sortModules()
    return net


def test_the_crossed_network_is_symmetric():
    net = crossed()
    assert [m.name for m in net.motherconnections] == ["m1", "m2"]
    assert net.paramdim == 2
    np.testing.assert_array_equal(net.params, [1.0, 2.0])
    first = net.connections[net["a"]]
    assert np.shares_memory(first[0].params, first[1].params)
    v1, v2 = net.activate([0.3, 0.7])
    v3, v4 = net.activate([0.7, 0.3])
    assert v1 == v4 and v2 == v3
    np.testing.assert_allclose([v1, v2], [2 * 0.7, 2 * 0.3])


def test_shared_derivatives_are_the_sum_over_the_sharers(rng):
    net = crossed()
    report = check_gradients(net, rng.standard_normal((1, 4, 2)), rng)
    assert set(report.param_errors) == {"m1", "m2"}
    # a training run that overwrites the derivatives must still sum both sharers
    X, E = rng.standard_normal((1, 5, 2)), rng.standard_normal((1, 5, 2))
    net.resetDerivatives()
    net.run_forward(X)
    net.run_backward(E, mode="accumulate")
    summed = net.derivs.copy()
    net.derivs[:] = 99.0
    net.run_forward(X)
    net.run_backward(E, mode="fresh")
    np.testing.assert_allclose(net.derivs, summed, rtol=1e-13)


def test_mothers_come_after_the_modules_and_before_the_recurrent_connections():
    net = RecurrentNetwork("order")
    a, h, b = LinearLayer(2, name="a"), TanhLayer(2, name="h"), SigmoidLayer(2, name="b")
    net.addInputModule(a)
    net.addModule(h)
    net.addOutputModule(b)
    mother = MotherConnection(4, name="w")
    net.addConnection(FullConnection(a, h, name="ah"))
    net.addConnection(SharedFullConnection(mother, h, b, name="hb"))
    net.addRecurrentConnection(SharedFullConnection(mother, h, h, name="hh"))
    net.addRecurrentConnection(FullConnection(b, h, name="bh"))
    net.sortModules()
    assert [c.name for c in net._containers] == ["ah", "w", "bh"]
    assert net.motherconnections == [mother]
    assert np.shares_memory(mother.params, net.params[4:8])


def test_a_shared_recurrent_connection_through_time(rng):
    net = RecurrentNetwork("rec")
    a, h = LinearLayer(3, name="a"), TanhLayer(3, name="h")
    net.addInputModule(a)
    net.addOutputModule(h)
    mother = MotherConnection(9, name="w")
    net.addConnection(SharedFullConnection(mother, a, h, name="in"))
    net.addRecurrentConnection(SharedFullConnection(mother, h, h, name="rec"))
    net.sortModules()
    net.params[:] *= 0.5
    check_gradients(net, rng.standard_normal((6, 2, 3)), rng)


def test_unnamed_mothers_get_names_from_the_network():
    net = FeedForwardNetwork("n")
    a, b = LinearLayer(1, name="a"), LinearLayer(1, name="b")
    net.addInputModule(a)
    net.addOutputModule(b)
    net.addConnection(SharedFullConnection(MotherConnection(1), a, b))
    assert net.motherconnections[0].name == "MotherConnection-1"


def test_bad_shared_connections_are_refused():
    a, b = LinearLayer(2, name="a"), LinearLayer(3, name="b")
    with pytest.raises(ValueError, match=r"SharedFullConnection 'a'->'b' needs 6 parameters; "
                                         r"mother 'm' has 4"):
        SharedFullConnection(MotherConnection(4, name="m"), a, b)
    with pytest.raises(TypeError, match="the first argument must be a MotherConnection"):
        SharedFullConnection(a, b, a)
    with pytest.raises(ValueError, match="nbparams must be a positive integer; got 0"):
        MotherConnection(0)

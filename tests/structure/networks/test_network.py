"""PyBrain's attribute names, several inputs and outputs, and the plain Network."""

import numpy as np

from brainkit import (BiasUnit, FullConnection, IdentityConnection, LinearLayer,
                      SigmoidLayer)
from brainkit.structure.networks import Network
from tests.structure.networks.builders import simple_rnn


def test_pybrain_attribute_names():
    net = simple_rnn()
    names = {m.name for m in net.modules}
    assert names == {"in", "hidden", "out", "bias"}
    assert [m.name for m in net.inmodules] == ["in"]
    assert [m.name for m in net.outmodules] == ["out"]
    assert [m.name for m in net.modulesSorted] == ["bias", "in", "hidden", "out"]
    assert set(net.connections) == set(net.modules)
    assert [c.name for c in net.connections[net["hidden"]]] == ["hidden_out"]
    assert net.connections[net["out"]] == []
    assert [c.name for c in net.recurrentConns] == ["rec_hidden", "rec_out"]
    conn = net.connections[net["in"]][0]
    assert (conn.inmod, conn.outmod, conn.indim, conn.outdim) == (net["in"], net["hidden"], 2, 3)
    assert conn.params.shape == (6,)
    assert (net["hidden"].name, net["hidden"].indim, net["hidden"].outdim) == ("hidden", 3, 3)
    assert (net.indim, net.outdim) == (2, 2) and net.sorted


def test_graph_is_kept_in_networkx():
    net = simple_rnn()
    assert set(net.graph.nodes) == {"in", "hidden", "out", "bias"}
    recurrent = {(u, v) for u, v, r in net.graph.edges(data="recurrent") if r}
    assert recurrent == {("hidden", "hidden"), ("out", "hidden")}


def test_inputs_are_split_and_outputs_joined_in_the_order_added(rng):
    """A plain Network (usable directly) with two inputs, two outputs and a
    module that is neither."""
    net = Network(name="plain")
    second, first = LinearLayer(1, name="second"), LinearLayer(2, name="first")
    mid, bias = SigmoidLayer(2, name="mid"), BiasUnit(name="bias")
    o1, o2 = LinearLayer(2, name="o1"), LinearLayer(1, name="o2")
    net.addInputModule(first)
    net.addInputModule(second)
    net.addOutputModule(o2)
    net.addOutputModule(o1)
    net.addModule(mid)
    net.addModule(bias)
    net.addConnection(IdentityConnection(first, mid, name="fm"))
    net.addConnection(IdentityConnection(mid, o1, name="mo"))
    net.addConnection(IdentityConnection(second, o2, name="so"))
    net.addConnection(FullConnection(bias, o2, name="bo"))
    net.sortModules()
    net.params[:] = [0.5]
    x = rng.standard_normal(3)
    y = net.activate(x)
    np.testing.assert_allclose(y, [x[2] + 0.5, *(1 / (1 + np.exp(-x[:2])))], rtol=1e-12)
    inerr = net.backActivate([1.0, 1.0, 1.0])
    s = 1 / (1 + np.exp(-x[:2]))
    np.testing.assert_allclose(inerr, [*(s * (1 - s)), 1.0], rtol=1e-12)
    np.testing.assert_array_equal(net.derivs, [1.0])

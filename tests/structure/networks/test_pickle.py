"""Networks travel to other processes (process pools, Dask) by pickling: the
copy computes what the original computes, its parts' weights are views of its
own flat vector again, and it trains."""

import copy
import pickle

import numpy as np
import pytest

from brainkit import LSTMLayer, buildNetwork
from tests.io.helpers import outputs, probe_network
from tests.structure.harness import CONNECTIONS, MODULES


def _check_views(net):
    for c in net._all_connections():
        if c.paramdim and c.mother is None:
            assert np.shares_memory(c.params, net.params)
    for m in net.modules:
        if m.paramdim:
            assert np.shares_memory(m.params, net.params)


def _check_copy(net, again, X):
    _check_views(again)
    np.testing.assert_array_equal(again.params, net.params)
    np.testing.assert_array_equal(outputs(again, X), outputs(net, X))
    if net.paramdim:
        again.params[:] += 1.0          # the copy's parts follow its own vector
        assert not np.array_equal(outputs(again, X), outputs(net, X))


# a module without inputs (a BiasUnit) takes no recurrent connection
@pytest.mark.parametrize("entry, recurrent",
                         [(e, r) for e in MODULES for r in (False, True)
                          if e.make().indim or not r],
                         ids=lambda v: v.id if hasattr(v, "id") else str(v))
def test_every_module_class_in_a_network_survives_pickling(entry, recurrent, rng):
    net = probe_network(entry.make(name="m"), recurrent_self=recurrent)
    net.randomize(rng)
    X = rng.standard_normal((4, net.indim))
    outputs(net, X)                     # buffers in use when pickled
    again = pickle.loads(pickle.dumps(net))
    assert vars(again["m"]).keys() == vars(net["m"]).keys()     # plain attributes too
    _check_copy(net, again, X)


@pytest.mark.parametrize("entry", CONNECTIONS, ids=lambda e: e.id)
def test_every_connection_class_survives_pickling(entry, rng):
    net, _ = entry.make_network(recurrent=True)
    net.randomize(rng)
    X = rng.standard_normal((3, net.indim))
    _check_copy(net, pickle.loads(pickle.dumps(net)), X)


def test_an_unpickled_network_trains_like_the_original(rng):
    net = buildNetwork(2, 3, 1, hiddenclass=LSTMLayer, peepholes=True)
    net.randomize(rng)
    again = pickle.loads(pickle.dumps(net))
    X, E = rng.standard_normal((5, 2, 2)), rng.standard_normal((5, 2, 1))
    for n in (net, again):
        n.run_forward(X)
        n.run_backward(E, mode="fresh")
    np.testing.assert_allclose(again.derivs, net.derivs, rtol=1e-12, atol=1e-12)


def test_a_lone_lstm_layer_continues_its_sequence_after_pickling(rng):
    lstm = LSTMLayer(2, peepholes=True)
    steps = rng.standard_normal((3, 8))
    lstm.activate(steps[0])
    again = pickle.loads(pickle.dumps(lstm))
    twin = copy.deepcopy(lstm)
    for x in steps[1:]:
        want = lstm.activate(x)
        np.testing.assert_array_equal(again.activate(x), want)
        np.testing.assert_array_equal(twin.activate(x), want)
    assert np.shares_memory(again.params, again.outgatePeepWeights)


@pytest.mark.parametrize("first", ["mother", "sharer"])
def test_shared_weights_stay_shared_through_pickling_whichever_comes_first(first):
    from brainkit import LinearLayer
    from brainkit.structure.connections import MotherConnection, SharedFullConnection
    mother = MotherConnection(2, name="m")
    a, b, c = LinearLayer(1, name="a"), LinearLayer(2, name="b"), LinearLayer(2, name="c")
    sharer = SharedFullConnection(mother, a, b)
    SharedFullConnection(mother, a, c)
    again = pickle.loads(pickle.dumps(mother if first == "mother" else sharer))
    again = again if first == "mother" else again.mother
    assert all(np.shares_memory(again.params, s.weights) for s in again._sharers)

"""NeuronDecomposableNetwork: parameters read and written unit by unit."""

import numpy as np
import pytest

from brainkit import FullConnection, LinearLayer, LSTMLayer, TanhLayer, buildNetwork
from brainkit.structure.networks import NeuronDecomposableNetwork, NetworkConstructionException
from brainkit.structure.networks.neurondecomposable import (FeedForwardDecomposableNetwork,
                                                            RecurrentDecomposableNetwork)
from tests.structure.harness import check_gradients
from tests.structure.networks.builders import chain


def decomposable(**options):
    net = NeuronDecomposableNetwork.convertNormalNetwork(buildNetwork(2, 3, 2, bias=False,
                                                                      **options))
    net._setParameters(np.ones(net.paramdim))
    return net


def test_pybrains_decomposition_example():
    net = decomposable()
    assert type(net) is FeedForwardDecomposableNetwork and net.paramdim == 12
    units = net.getDecomposition()
    # ESP style: each hidden unit owns its 2 incoming and its 2 outgoing weights
    assert [u.tolist() for u in units] == [[1.0] * 4] * 3
    act = net.activate([-1.2, 0.5])
    units[0] *= 0
    np.testing.assert_array_equal(net.getDecomposition()[0], np.ones(4))   # copies
    net.setDecomposition(units)
    np.testing.assert_array_equal(net.getDecomposition()[0], np.zeros(4))
    np.testing.assert_allclose(net.activate([-1.2, 0.5]) * 3 / 2, act)


def test_which_weights_belong_to_a_unit():
    net = decomposable()
    ih = net.connections[net["in"]][0]          # 3 x 2, hidden unit j owns row j
    ho = net.connections[net["hidden0"]][0]     # 2 x 3, hidden unit j owns column j
    first = ih.params.size
    want = [[2 * j, 2 * j + 1, first + j, first + 3 + j] for j in range(3)]
    assert [list(idx) for idx in net.decompositionIndices] == want
    assert ih.whichBuffers(3) == (1, 1) and ho.whichBuffers(5) == (2, 1)


def test_without_esp_style_output_units_own_their_incoming_weights():
    class Plain(FeedForwardDecomposableNetwork):
        espStyleDecomposition = False
    net = Plain.convertNormalNetwork(buildNetwork(2, 3, 2, bias=False))
    assert type(net) is FeedForwardDecomposableNetwork     # convert picks the class...
    net.__class__ = Plain                                   # ... so switch the rule here
    net.sortModules()
    # units in the order modules were added: out's two, then the hidden three
    assert [len(u) for u in net.getDecomposition()] == [3, 3, 2, 2, 2]


def test_slices_count_within_the_connection():
    a, b = LinearLayer(4, name="a"), LinearLayer(5, name="b")
    c = FullConnection(a, b, inSliceFrom=1, inSliceTo=3, outSliceFrom=2, outSliceTo=4)
    assert [c.whichBuffers(i) for i in range(4)] == [(1, 2), (2, 2), (1, 3), (2, 3)]


def test_recurrent_networks_convert_and_keep_their_gradients(rng):
    normal = chain(LinearLayer(2, name="a"), TanhLayer(3, name="h"), LinearLayer(1, name="b"),
                   recurrent=FullConnection)
    net = NeuronDecomposableNetwork.convertNormalNetwork(normal)
    assert type(net) is RecurrentDecomposableNetwork
    check_gradients(net, rng.standard_normal((4, 2, 2)), rng)


def test_only_neuron_layers_decompose():
    with pytest.raises(NetworkConstructionException,
                       match="FeedForwardDecomposableNetwork takes neuron layers only"):
        FeedForwardDecomposableNetwork().addModule(LSTMLayer(2))
    with pytest.raises(ValueError, match="expects 3 arrays, one per unit; got 2"):
        decomposable().setDecomposition([np.ones(4)] * 2)

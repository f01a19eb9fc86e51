"""NeuronDecomposableNetwork: parameters read and written unit by unit."""

import numpy as np
import pytest

from brainkit import FullConnection, LinearLayer, LSTMLayer, TanhLayer, buildNetwork
from brainkit.structure.connections import LinearConnection
from brainkit.structure.modules import GateLayer, MDLSTMLayer, MultiplicationLayer
from brainkit.structure.modules.statedependentlayer import StateDependentLayer
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


def numbered(net):
    """``net`` with each parameter set to its own index: a container's
    ``params`` then read as their positions in ``net.params``."""
    net._setParameters(np.arange(net.paramdim, dtype=float))
    return net


def listing(net):
    return [idx.tolist() for idx in net.decompositionIndices]


def positions(*blocks):
    return sorted(int(i) for block in blocks for i in np.ravel(block))


def test_a_gate_layers_unit_owns_both_halves_of_its_inputs():
    # in(2) -> gate(2) -> h(3) -> out(1): gate unit j reads inputs j and 2 + j
    g, h = GateLayer(2, name="g"), LinearLayer(3, name="h")
    net = numbered(chain(LinearLayer(2, name="in"), g, h, LinearLayer(1, name="out"),
                         cls=FeedForwardDecomposableNetwork))
    ig, gh, ho = (net.connections[net[n]][0] for n in ("in", "g", "h"))
    want = [positions(ig.weights[[j, 2 + j]]) for j in range(2)]
    want += [positions(gh.weights[j], ho.weights[:, j]) for j in range(3)]
    assert listing(net) == want


def test_an_mdlstm_layers_cells_own_their_gates_states_and_peepholes():
    # 2 cells, 2 dimensions: 14 inputs [i | f1 f2 | z | o | c1 c2], 4 outputs [y | c], and
    # 8 peepholes [w_in | w_f1 w_f2 | w_out]; cell j owns every index equal to j mod 2
    cells = MDLSTMLayer(2, dimensions=2, peepholes=True, name="cells")
    net = numbered(chain(LinearLayer(3, name="in"), cells, TanhLayer(2, name="out"),
                         cls=FeedForwardDecomposableNetwork))
    into, out = net.connections[net["in"]][0], net.connections[net["cells"]][0]
    # the output layer is ESP-style: its incoming weights go to the cells they come from
    want = [positions(into.weights[j::2], cells.params[j::2], out.weights[:, j::2])
            for j in range(2)]
    assert listing(net) == want


def test_a_state_dependent_layers_spreads_belong_to_the_unit_of_their_row():
    explore = buildNetwork(2, 3, bias=False)               # (3, 2) weights
    sde = StateDependentLayer(3, explore, name="sde", onesigma=False)
    net = numbered(chain(LinearLayer(2, name="in"), sde, LinearLayer(1, name="out"),
                         cls=FeedForwardDecomposableNetwork))
    into, out = net.connections[net["in"]][0], net.connections[net["sde"]][0]
    assert listing(net) == [positions(into.weights[j], sde.params[2 * j:2 * j + 2],
                                      out.weights[:, j]) for j in range(3)]


def test_a_unit_out_of_range_is_an_error():
    class Crossed(MultiplicationLayer):
        def whichNeuron(self, inputIndex=None, outputIndex=None):
            return inputIndex if inputIndex is not None else outputIndex

    with pytest.raises(NetworkConstructionException,
                       match=r"parameter 4 of <FullConnection 'in_m'.*belongs to unit 2 of "
                             r"<Crossed 'm'>, which has units 0..1; check Crossed.whichNeuron"):
        chain(LinearLayer(2, name="in"), Crossed(2, name="m"), LinearLayer(1, name="out"),
              cls=FeedForwardDecomposableNetwork)


def test_connections_without_a_unit_rule_are_refused():
    a, b = LinearLayer(2, name="a"), LinearLayer(2, name="b")
    with pytest.raises(NetworkConstructionException,
                       match=r"FeedForwardDecomposableNetwork cannot assign the parameters of "
                             r"<LinearConnection 'a_b': 'a' -> 'b'> to units"):
        chain(a, b, connections=[LinearConnection], cls=FeedForwardDecomposableNetwork)


def test_set_decomposition_checks_each_units_length():
    net = decomposable()
    units = [u * 0 for u in net.getDecomposition()]
    units[1] = units[1][:3]
    with pytest.raises(ValueError, match="setDecomposition: a unit has 4 parameters; "
                                         "got 3 values"):
        net.setDecomposition(units)
    np.testing.assert_array_equal(net.params, 1.0)         # nothing written

"""MultiDimensionalRNN and MultiDimensionalLSTM: swiping networks over a flat grid."""

import numpy as np
import pytest

from brainkit import IdentityConnection, MDLSTMLayer
from brainkit.utilities import iterCombinations
from brainkit.structure.networks.multidimensional import (MultiDimensionalLSTM,
                                                          MultiDimensionalRNN)


def test_an_mdrnn_has_one_hidden_layer_per_cell_and_swipe():
    net = MultiDimensionalRNN((3, 4), hsize=2, insize=3, outputs=2)
    assert (net.indim, net.outdim) == (36, 24)
    assert len(net.modules) == 2 + 3 * 4 * 4
    assert net.paramdim == 3 * 2 + 2 * 2 + 2 * 2    # inconn, outconn, one hconn
    assert net["output"].__class__.__name__ == "SigmoidLayer"


def test_each_mdlstm_cell_gets_its_predecessors_states_in_their_dimensions_slots():
    # PyBrain numbered the slots by the order of its connections, so the
    # cells of the last row or column got both states in one slot
    h = 2
    net = MultiDimensionalLSTM((3, 3), hsize=h)
    where = {id(net[f"hidden{c}"]): c for c in iterCombinations((3, 3, 4))}
    slots = {c: [] for c in where.values()}
    for m in net.modules:
        for c in net.connections[m]:
            if isinstance(c, IdentityConnection):
                source, target = where[id(c.inmod)], where[id(c.outmod)]
                (dim,) = [d for d in range(2) if source[d] != target[d]]
                assert (c.inSliceFrom, c.inSliceTo) == (h, 2 * h)      # the state out
                assert (c.outSliceFrom, c.outSliceTo) == ((5 + dim) * h, (6 + dim) * h)
                slots[target].append(dim)
    assert sorted(slots[(2, 2, 0)]) == [0, 1]
    assert slots[(0, 2, 0)] == [1] and slots[(2, 0, 0)] == [0]
    assert slots[(0, 1, 2)] == [1] and slots[(0, 0, 0)] == []


@pytest.mark.parametrize("peepholes", [False, True])
def test_mdlstm_parameters(peepholes):
    net = MultiDimensionalLSTM((2, 2), hsize=3, peepholes=peepholes)
    cells = [m for m in net.modules if isinstance(m, MDLSTMLayer)]
    assert len(cells) == 16 and all(c.dimensions == 2 for c in cells)
    shared = 1 * 15 + 3 * 1 + 15 * 3       # in -> gates, cell output -> out, through the grid
    assert net.paramdim == shared + (16 * 12 if peepholes else 0)


def test_without_dims_the_network_is_empty():
    assert MultiDimensionalRNN(name="e").modules == []
    assert np.all(MultiDimensionalLSTM((2, 2)).activate([0.0] * 4) > 0.0)

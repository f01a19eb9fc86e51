"""MDLSTMLayer: with one dimension and its state fed back, it is an LSTMLayer."""

import numpy as np
import pytest

from brainkit import (FullConnection, IdentityConnection, LinearLayer, LSTMLayer, MDLSTMLayer,
                      RecurrentNetwork)
from brainkit.structure.moduleslice import ModuleSlice


def recurrent(hidden, state_back):
    net = RecurrentNetwork()
    i, o = LinearLayer(2, name="i"), LinearLayer(3, name="o")
    net.addInputModule(i)
    net.addModule(hidden)
    net.addOutputModule(o)
    net.addConnection(FullConnection(i, hidden, outSliceTo=12, name="ih"))
    net.addConnection(FullConnection(hidden, o, inSliceTo=3, name="ho"))
    net.addRecurrentConnection(FullConnection(hidden, hidden, inSliceTo=3, outSliceTo=12,
                                              name="hh"))
    if state_back:
        net.addRecurrentConnection(IdentityConnection(hidden.stateSlice(), hidden.stateSlice(),
                                                      name="state"))
    net.sortModules()
    return net


@pytest.mark.parametrize("peepholes", [False, True])
def test_one_dimension_with_the_state_fed_back_is_an_lstm(peepholes, rng):
    md = recurrent(MDLSTMLayer(3, peepholes=peepholes, name="h"), True)
    lstm = recurrent(LSTMLayer(3, peepholes=peepholes, name="h"), False)
    lstm.params[:] = md.params           # same layout: ih, h's peepholes, ho, hh
    X = rng.standard_normal((6, 4, 2))
    np.testing.assert_allclose(md.run_forward(X), lstm.run_forward(X), rtol=1e-12)
    E = rng.standard_normal((6, 4, 3))
    md.resetDerivatives()
    lstm.resetDerivatives()
    np.testing.assert_allclose(md.run_backward(E), lstm.run_backward(E), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(md.derivs, lstm.derivs, rtol=1e-10, atol=1e-14)


def test_layout_and_slices():
    layer = MDLSTMLayer(2, dimensions=3, peepholes=True, name="m")
    assert (layer.indim, layer.outdim, layer.paramdim) == (18, 4, 10)
    assert layer.forgetgatePeepWeights.shape == (6,)
    meat, state = layer.meatSlice(), layer.stateSlice()
    assert isinstance(meat, ModuleSlice) and meat.base is layer
    assert (meat.inOffset, meat.indim, meat.outOffset, meat.outdim) == (0, 12, 0, 2)
    assert (state.inOffset, state.indim, state.outOffset, state.outdim) == (12, 6, 2, 2)
    assert [layer.whichNeuron(inputIndex=k) for k in (0, 3, 17)] == [0, 1, 1]
    assert layer._constructor_args() == {"dim": 2, "peepholes": True, "dimensions": 3,
                                         "name": "m"}


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="dimensions must be a positive integer; got 0"):
        MDLSTMLayer(2, dimensions=0)
    with pytest.raises(TypeError, match="peepholes must be True or False; got 'yes'"):
        MDLSTMLayer(2, peepholes="yes")

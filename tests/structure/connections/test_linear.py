"""LinearConnection: one weight per unit, and (unlike PyBrain) trained."""

import numpy as np
import pytest

from brainkit import FeedForwardNetwork, LinearConnection, LinearLayer


def scaled_net():
    net = FeedForwardNetwork()
    a, b = LinearLayer(3, name="a"), LinearLayer(3, name="b")
    net.addInputModule(a)
    net.addOutputModule(b)
    net.addConnection(LinearConnection(a, b, name="c"))
    net.sortModules()
    net.params[:] = [0.5, -1.0, 2.0]
    return net


def test_forward_scales_each_unit_by_its_weight():
    np.testing.assert_array_equal(scaled_net().activate([2.0, 3.0, 4.0]), [1.0, -3.0, 8.0])


def test_its_weights_get_derivatives():
    # PyBrain never set them [BUG], so a trainer left the weights where they were
    net = scaled_net()
    x, err = np.array([2.0, 3.0, 4.0]), np.array([1.0, 0.5, -1.0])
    net.resetDerivatives()
    net.activate(x)
    np.testing.assert_array_equal(net.backActivate(err), err * net.params)
    np.testing.assert_array_equal(net.derivs, err * x)


def test_widths_must_match():
    with pytest.raises(ValueError, match="joins 3 outputs to 2 inputs; the widths must match"):
        LinearConnection(LinearLayer(3, name="a"), LinearLayer(2, name="b"))

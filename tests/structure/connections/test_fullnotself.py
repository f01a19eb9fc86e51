"""FullNotSelfConnection: a full matrix whose diagonal is held at zero."""

import numpy as np
import pytest

from brainkit import FullNotSelfConnection, LinearLayer, RecurrentNetwork, TanhLayer


def test_the_diagonal_weights_do_nothing_and_get_no_derivatives(rng):
    # PyBrain computed derivatives for the unused diagonal [BUG]: training moved them
    net = RecurrentNetwork()
    a, h = LinearLayer(3, name="a"), TanhLayer(3, name="h")
    net.addInputModule(a)
    net.addOutputModule(h)
    net.addConnection(FullNotSelfConnection(a, h, name="ah"))
    net.addRecurrentConnection(FullNotSelfConnection(h, h, name="hh"))
    net.sortModules()
    X = rng.standard_normal((4, 2, 3))
    Y = net.run_forward(X).copy()
    diagonal = np.concatenate([np.arange(3) * 4, 9 + np.arange(3) * 4])
    net.params[diagonal] += 10.0
    np.testing.assert_array_equal(net.run_forward(X), Y)
    net.resetDerivatives()
    net.run_backward(rng.standard_normal((4, 2, 3)), mode="accumulate")
    np.testing.assert_array_equal(net.derivs[diagonal], 0.0)
    assert np.all(np.delete(net.derivs, diagonal) != 0.0)


def test_widths_must_match():
    with pytest.raises(ValueError, match="joins 3 outputs to 2 inputs; the widths must match"):
        FullNotSelfConnection(LinearLayer(3, name="a"), LinearLayer(2, name="b"))


def test_a_failed_product_leaves_the_diagonal_weights_in_place(rng):
    # the diagonal is zeroed in place for each product and must always come back
    a, b = LinearLayer(3, name="a"), LinearLayer(3, name="b")
    c = FullNotSelfConnection(a, b)
    c.params[:] = rng.standard_normal(9)
    before = c.params.copy()
    with pytest.raises(ValueError):
        c._forward(np.ones((2, 4)), np.zeros((2, 3)))        # 4 inputs for 3
    np.testing.assert_array_equal(c.params, before)

"""PyBrain's step API on networks: forward()/backward() without arguments at
the offset, with buffers that grow as PyBrain's do."""

import numpy as np
import pytest

from brainkit import LinearLayer, buildNetwork
from tests.structure.networks.builders import simple_rnn


def linear_recurrent():
    with pytest.warns(UserWarning, match="adds no recurrent connection"):
        return buildNetwork(2, 4, 3, bias=False, hiddenclass=LinearLayer, recurrent=True)


def test_forward_and_backward_by_hand_agree_with_activate_and_back_activate():
    n = linear_recurrent()
    x, outerr = np.array([1.0, 2.0]), np.array([-0.1, 0.0, 1.0])
    n.inputbuffer[0] = x
    n.forward()                          # step 0, by hand
    n.activate(x * 2)                    # step 1
    assert n.offset == 2 and len(n.outputbuffer) >= 2
    n.outputerror[1] = outerr * 3
    n.backward()                         # back through step 1, by hand
    assert n.offset == 1
    n.backActivate(outerr)               # back through step 0
    assert n.offset == 0
    np.testing.assert_allclose(n.outputbuffer[1] / n.outputbuffer[0], 2.0)
    np.testing.assert_allclose((n.inputerror[1] / n.inputerror[0])[0, 1], 3.0)


def test_buffers_grow_as_pybrains_do():
    n = simple_rnn()
    lengths = []
    for x in np.eye(2)[[0, 1, 0, 1, 0]]:
        n.activate(x)
        lengths.append(len(n.outputbuffer))
    assert lengths == [2, 4, 4, 8, 8]
    n.reset()
    n.inputbuffer[0] = [1.0, 0.0]
    n.forward()
    assert n.offset == 1 and len(n.inputbuffer) >= 2      # the next row is there


def test_a_feed_forward_network_steps_in_place(rng):
    n = buildNetwork(2, 3, 1)
    x, e = rng.standard_normal(2), rng.standard_normal(1)
    n.inputbuffer[0] = x
    n.forward()
    assert n.offset == 0
    np.testing.assert_allclose(n.outputbuffer[0, 0], n.activate(x))
    n.resetDerivatives()
    n.outputerror[0] = e
    n.backward()
    by_hand = n.inputerror[0, 0].copy(), n.derivs.copy()
    n.resetDerivatives()
    n.activate(x)
    np.testing.assert_allclose(n.backActivate(e), by_hand[0])
    np.testing.assert_allclose(n.derivs, by_hand[1])


def test_stepping_back_past_the_first_step_is_refused():
    n = simple_rnn()
    with pytest.raises(ValueError, match="no step is left to backpropagate"):
        n.backward()

"""BidirectionalNetwork: PyBrain's unfolded bidirectional RNN."""

import numpy as np
import pytest

from brainkit import BidirectionalNetwork, SigmoidLayer
from tests.structure.harness import check_gradients


def test_weights_are_shared_over_time_in_pybrains_layout():
    net = BidirectionalNetwork(seqlen=6, inputsize=2, hiddensize=3, outputsize=2)
    assert (net.indim, net.outdim) == (12, 12)
    assert [m.name for m in net.motherconnections] == ["bconn", "fconn", "inconn", "inconnb",
                                                       "outconn", "outconnb"]
    assert net.paramdim == 2 * (2 * 3 + 3 * 2 + 3 * 3)
    assert len(net.modules) == 2 + 2 * 6


def test_symmetric_weights_make_a_palindrome_of_a_constant_sequence(rng):
    net = BidirectionalNetwork(seqlen=7, inputsize=2, hiddensize=3, symmetric=True)
    assert net.paramdim == 2 * 3 + 3 * 1 + 3 * 3
    y = net.activate(np.ones(14))
    np.testing.assert_allclose(y, y[::-1], rtol=1e-15)
    assert not np.allclose(y, y[0])


def test_the_future_reaches_the_past():
    net = BidirectionalNetwork(seqlen=5, hiddensize=2)
    x = np.zeros(5)
    changed = x.copy()
    changed[4] = 1.0
    assert net.activate(changed)[0] != net.activate(x)[0]


def test_gradients_over_a_batch(rng):
    net = BidirectionalNetwork(seqlen=4, inputsize=2, hiddensize=2,
                               outcomponentclass=SigmoidLayer)
    check_gradients(net, rng.standard_normal((1, 3, 8)), rng)


def test_without_seqlen_the_network_is_empty_and_unknown_options_are_refused():
    net = BidirectionalNetwork(name="empty")
    assert net.modules == [] and net.name == "empty"
    with pytest.raises(TypeError, match="BidirectionalNetwork has no option 'hidden'; its "
                                        "options are seqlen, inputsize"):
        BidirectionalNetwork(seqlen=3, hidden=4)
    with pytest.raises(ValueError, match="seqlen must be a positive integer"):
        BidirectionalNetwork(seqlen=0)

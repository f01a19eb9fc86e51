"""SubsamplingConnection: a block of inputs averaged; trainable (PyBrain's was not)."""

import numpy as np

from brainkit import FeedForwardNetwork, LinearLayer
from brainkit.structure.connections.subsampling import SubsamplingConnection
from tests.structure.harness import check_gradients


def two_blocks():
    """PyBrain's example: six inputs averaged in two blocks (4 and 2) into one output."""
    net = FeedForwardNetwork()
    net.addInputModule(LinearLayer(6, name="in"))
    net.addOutputModule(LinearLayer(1, name="out"))
    net.addConnection(SubsamplingConnection(net["in"], net["out"], inSliceTo=4, name="first"))
    net.addConnection(SubsamplingConnection(net["in"], net["out"], inSliceFrom=4, name="last"))
    net.sortModules()
    return net


def test_inputs_with_the_same_block_means_give_the_same_output():
    net = two_blocks()
    net.params[:] = [2.0, -3.0]
    outputs = [net.activate(x)[0] for x in
               ([3, 0, 0, 0, 0, 2], [0, 0, 0, 3, 2, 0], [1, 1, -2, 3, 1, 1])]
    np.testing.assert_allclose(outputs, 2.0 * 0.75 - 3.0 * 1.0, rtol=1e-15)


def test_it_backpropagates(rng):
    # PyBrain raised NotImplementedError here, so such networks could not be trained
    net = two_blocks()
    net.activate([1, 2, 3, 4, 5, 6])
    np.testing.assert_allclose(net.backActivate([1.0]), net.params[[0] * 4 + [1] * 2]
                               / np.array([4, 4, 4, 4, 2, 2]), rtol=1e-15)
    check_gradients(net, rng.standard_normal((1, 3, 6)), rng)

"""SimpleConvolutionalNetwork: PyBrain's convolution from shared weights."""

import numpy as np
import pytest

from brainkit.structure.networks.convolutional import SimpleConvolutionalNetwork


def test_equal_windows_give_equal_outputs(rng):
    net = SimpleConvolutionalNetwork(1, 5, 2, 3)
    assert (net.indim, net.outdim) == (25, 16)
    image = np.zeros((5, 5))
    image[0:2, 0:2] = image[3:5, 2:4] = [[1.0, 2.0], [3.0, 4.0]]
    y = net.activate(image.ravel()).reshape(4, 4)
    assert y[0, 0] == y[3, 2]
    assert y[0, 0] != y[1, 1]


def test_arguments_are_checked_and_none_make_an_empty_network():
    assert SimpleConvolutionalNetwork(name="e").modules == []
    with pytest.raises(ValueError, match=r"convSize <= insize.*got \(1, 3, 4, 2\)"):
        SimpleConvolutionalNetwork(1, 3, 4, 2)

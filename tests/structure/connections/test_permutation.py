"""PermutationConnection: blocks reordered, errors sent back through the inverse."""

import numpy as np
import pytest

from brainkit import FeedForwardNetwork, LinearLayer
from brainkit.structure.connections.permutation import PermutationConnection
from tests.io.helpers import roundtrip


def permuting(permutation, blocksize):
    net = FeedForwardNetwork()
    width = len(permutation) * blocksize
    a, b = LinearLayer(width, name="a"), LinearLayer(width, name="b")
    net.addInputModule(a)
    net.addOutputModule(b)
    net.addConnection(PermutationConnection(a, b, permutation, blocksize, name="p"))
    net.sortModules()
    return net


def test_output_block_k_is_input_block_permutation_k():
    net = permuting([2, 0, 1], 2)
    np.testing.assert_array_equal(net.activate(np.arange(6.0)), [4, 5, 0, 1, 2, 3])


def test_errors_go_back_where_the_values_came_from():
    # PyBrain sent them through the permutation itself: right only for involutions [BUG]
    net = permuting([2, 0, 1], 1)
    net.activate([0.0, 0.0, 0.0])
    np.testing.assert_array_equal(net.backActivate([10.0, 20.0, 30.0]), [20.0, 30.0, 10.0])


@pytest.mark.parametrize("permutation, blocksize, match", [
    ([0, 2], 2, r"must hold each of 0..1 once; got \[0, 2\]"),
    ([0, 0], 2, r"must hold each of 0..1 once; got \[0, 0\]"),
    ([0, 1, 2], 2, "the permutation has 3 blocks of 2, which cover 6 units; the slices have 4"),
    ([0, 1], 0, "blocksize must be a positive integer; got 0"),
    ([0.0, 1.0], 2, r"must hold each of 0..1 once; got \[0.0, 1.0\]"),
])
def test_bad_permutations_are_refused(permutation, blocksize, match):
    a, b = LinearLayer(4, name="a"), LinearLayer(4, name="b")
    with pytest.raises(ValueError, match=match):
        PermutationConnection(a, b, permutation, blocksize)


def test_widths_must_match():
    with pytest.raises(ValueError, match="joins 4 outputs to 2 inputs; the widths must match"):
        PermutationConnection(LinearLayer(4, name="a"), LinearLayer(2, name="b"), [0, 1], 2)


@pytest.mark.parametrize("ending", ["xml", "h5"])
def test_a_long_permutation_saves_and_loads(ending, tmp_path, rng):
    net = permuting(list(rng.permutation(40)), 2)
    again = roundtrip(net, tmp_path, ending)
    copy = again.connections[again["a"]][0]
    np.testing.assert_array_equal(copy.permutation, net.connections[net["a"]][0].permutation)
    x = rng.standard_normal(80)
    np.testing.assert_array_equal(again.activate(x), net.activate(x))

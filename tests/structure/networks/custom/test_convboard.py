"""ConvolutionalBoardNetwork: a convolution over a game board with a trained border."""

import numpy as np
import pytest

from brainkit import BiasUnit
from brainkit.structure.networks.custom import ConvolutionalBoardNetwork


def bias_weights(net):
    (bias,) = [m for m in net.modules if isinstance(m, BiasUnit)]
    return net.connections[bias], net.connections[bias][0].mother


def test_pybrains_board_example():
    # PyBrain's own test: a 4x4 board, 3x3 windows, 5 feature maps
    net = ConvolutionalBoardNetwork(4, 3, 5)
    assert net.paramdim == 97
    board = np.zeros((4, 4, 2))
    board[2, 1] = board[3, 2] = [1, 1]
    board[2, 3] = board[3, 3] = [0, 1]
    board[3, 1] = [1, 0]
    y = net.activate(board.ravel()).reshape(4, 4)
    padded = net["pad"].inputbuffer[0, 0].reshape(6, 6, 2)
    np.testing.assert_array_equal(padded[1:5, 1:5], board)
    border = np.ones((6, 6), dtype=bool)
    border[1:5, 1:5] = False
    _, mother = bias_weights(net)
    assert np.all(padded[border] == mother.params) and np.all(mother.params != 0)
    # the windows at (0, 1) and (0, 2) both see the border and empty positions only
    assert y[0, 1] == y[0, 2]
    assert y[0, 1] != y[0, 3] and y[1, 1] != y[0, 0] and y[0, 2] != y[3, 2]


def test_parameters_in_pybrains_order():
    net = ConvolutionalBoardNetwork(3, 3, 2)
    assert [m.name for m in net.motherconnections] == ["MotherConnection-1",
                                                       "MotherConnection-2", "conv0", "conv1",
                                                       "conv2"]
    _, mother = bias_weights(net)
    assert np.shares_memory(net.params[:2], mother.params)     # the border weights first
    assert net.paramdim == 2 + 2 + 3 * (3 * 2 * 2)


def test_an_even_window_pads_one_position_less_after_the_board():
    net = ConvolutionalBoardNetwork(3, 2, 1)
    connections, mother = bias_weights(net)
    assert len(connections) == 4 + 3                  # row 0, then column 0 below it
    board = np.arange(1.0, 19.0).reshape(3, 3, 2)
    assert net.activate(board.ravel()).shape == (9,)
    padded = net["pad"].inputbuffer[0, 0].reshape(4, 4, 2)
    np.testing.assert_array_equal(padded[1:, 1:], board)
    assert np.all(padded[0] == mother.params) and np.all(padded[:, 0] == mother.params)


def test_a_window_of_one_position_needs_no_border():
    net = ConvolutionalBoardNetwork(3, 1, 2)
    assert net.connections[net["BiasUnit-1"]] == [] and net.paramdim == 2 * 2 + 2


def test_arguments_are_checked_and_none_make_an_empty_network():
    assert ConvolutionalBoardNetwork(name="e").modules == []
    with pytest.raises(ValueError, match=r"positive integers boardSize.*got \(4, 0, 2\)"):
        ConvolutionalBoardNetwork(4, 0, 2)
    with pytest.raises(ValueError, match=r"got \(4, 3, None\)"):
        ConvolutionalBoardNetwork(4, 3)

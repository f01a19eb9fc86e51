"""CaptureGameNetwork: PyBrain's border-swiping network for the capture game."""

import re

import numpy as np
import pytest

import brainkit
from brainkit import IdentityConnection, MDLSTMLayer, SigmoidLayer, TanhLayer
from brainkit.structure.networks.custom import CaptureGameNetwork


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def test_pybrains_lstm_network_has_its_structure_and_parameters():
    # PyBrain's own test: a 2x2 board, MDLSTM cells of one unit
    net = CaptureGameNetwork(size=2, componentclass=MDLSTMLayer, hsize=1, peepholes=False)
    assert net.paramdim == 21         # inconn 2 x 5, outconn 1, hconn0 5, one border 5
    assert [m.name for m in net.motherconnections] == ["bconn0(0,)", "hconn0", "inconn",
                                                       "outconn"]
    names = [m.name for m in net.modulesSorted]
    assert names[:3] == ["bias", "input", "hidden(0, 0, 0)"]
    assert names[-2:] == ["hidden(0, 0, 3)", "output"] and len(names) == 19
    # the state identities sort first (PyBrain's order; the shared connections
    # after them are in the order they were made, not by their mothers' names)
    first = net.connections[net["hidden(1, 0, 3)"]][0]
    assert isinstance(first, IdentityConnection) and (first.indim, first.outdim) == (1, 1)


def test_an_unnamed_network_is_named_after_its_options_and_initial_weights():
    net = CaptureGameNetwork(size=3, hsize=2, directlink=True, componentclass=SigmoidLayer,
                             outputs=2, combinputs=1)
    assert re.fullmatch(r"CaptureGameNetwork-s3-h2-direct-SigmoidLayer-o2-combin1--\d{6}",
                        net.name)
    np.random.seed(3)
    first = CaptureGameNetwork(size=2).name
    np.random.seed(3)
    assert CaptureGameNetwork(size=2).name == first
    assert CaptureGameNetwork(size=2).name != first      # other weights
    assert CaptureGameNetwork(size=2, name="mine").name == "mine"


@pytest.mark.parametrize("stone", [0.0, 1.0])
def test_the_preferences_for_an_empty_board_and_one_stone_computed_by_hand(stone):
    net = CaptureGameNetwork(size=2, hsize=1)
    e, c, a, f = 0.3, -0.7, 2.0, 1.5
    net.predefined["bordconns"][0][(0,)].params[:] = e
    net.predefined["hconns"][0].params[:] = c
    net.predefined["inconn"].params[:] = [a, -1.0]        # a black stone, a white one
    net.predefined["outconn"].params[:] = f
    board = np.zeros((2, 2, 2))
    board[0, 0, 0] = stone
    y = net.activate(board.ravel())
    # each position starts one swipe (borders along both dimensions), comes
    # second in two (one border, the start's output) and last in one
    start = np.tanh(2 * e)
    second = np.tanh(e + c * start)
    empty = sigmoid(f * (start + 2 * second + np.tanh(2 * c * second)))
    with_stone = sigmoid(f * (np.tanh(2 * e + a * stone) + 2 * np.tanh(e + c * start + a * stone)
                              + np.tanh(2 * c * second + a * stone)))
    np.testing.assert_allclose(y[0], with_stone, rtol=1e-14)
    if not stone:
        np.testing.assert_allclose(y, empty, rtol=1e-14)


@pytest.mark.parametrize("cells, turns", [
    (TanhLayer, [np.rot90, np.transpose, np.flipud]),
    # an MDLSTM cell's forget gates belong to one dimension each: mirror images only
    (MDLSTMLayer, [np.flipud, np.fliplr]),
])
def test_turning_or_mirroring_the_board_turns_or_mirrors_the_preferences(cells, turns, rng):
    net = CaptureGameNetwork(size=4, hsize=2, componentclass=cells)
    boards = rng.integers(0, 2, size=(5, 4, 4, 2)).astype(float)
    y = net.activate(boards.reshape(5, -1)).reshape(5, 4, 4)
    for turn in turns:
        def board_turn(b):
            return np.stack([np.stack([turn(s[..., k]) for k in range(2)], -1) for s in b])
        turned = net.activate(board_turn(boards).reshape(5, -1)).reshape(5, 4, 4)
        np.testing.assert_allclose(turned, np.stack([turn(s) for s in y]), rtol=1e-12)


def test_global_inputs_follow_the_board_and_feed_every_hidden_component():
    net = CaptureGameNetwork(size=2, hsize=3, combinputs=2, directlink=True)
    assert [m.name for m in net.inmodules] == ["input", "globalin"] and net.indim == 10
    assert {c.outmod.name for c in net.connections[net["globalin"]]} == {
        f"hidden{(i, j, s)}" for i in range(2) for j in range(2) for s in range(4)}
    # the direct weights sit where PyBrain put its second 'inconn': after the first
    assert [m.name for m in net.motherconnections] == [
        "bconn0(0,)", "globalinconn", "hconn0", "inconn", "inconn-direct", "outconn"]
    assert net.predefined["directconn"].name == "inconn-direct"


def test_a_resized_network_gets_copies_of_the_weights_and_extrapolated_borders(tmp_path):
    small = CaptureGameNetwork(size=3, hsize=2)
    big = small.resizedTo(5)
    assert (big.size, big.indim, big.outdim) == (5, 50, 25)
    for key in ("inconn", "outconn"):
        np.testing.assert_array_equal(big.predefined[key].params, small.predefined[key].params)
    assert not np.shares_memory(big.params, small.params)
    borders = big.predefined["bordconns"][0]
    assert sorted(borders) == [(0,), (1,), (2,)]
    np.testing.assert_array_equal(borders[(2,)].params,
                                  small.predefined["bordconns"][0][(1,)].params)
    same = small.resizedTo(3)
    assert same is not small and np.array_equal(same.params, small.params)
    # a network read from a file (its predefined dictionary is empty) resizes alike
    small.save(tmp_path / "small.xml")
    np.testing.assert_array_equal(brainkit.load(tmp_path / "small.xml").resizedTo(5).params,
                                  big.params)


def test_an_lstm_network_read_from_a_file_resizes_with_lstm_cells(tmp_path):
    net = CaptureGameNetwork(size=2, hsize=1, componentclass=MDLSTMLayer)
    net.save(tmp_path / "net.h5")
    bigger = brainkit.load(tmp_path / "net.h5").resizedTo(3)
    assert type(bigger["hidden(2, 2, 3)"]) is MDLSTMLayer
    assert bigger.name.startswith("CaptureGameNetwork-s3-h1-MDLSTMLayer--")


def test_weights_it_cannot_place_stop_a_resize(tmp_path):
    CaptureGameNetwork(size=2, hsize=1).save(tmp_path / "net.xml")
    again = brainkit.load(tmp_path / "net.xml")
    again.motherconnections[0].name = "mine"
    with pytest.raises(ValueError, match="cannot resize, the weights 'mine' are none"):
        again.resizedTo(3)


def test_a_file_with_pybrains_structure_arguments_loads(tmp_path, rng):
    # PyBrain also recorded the grid and the cell class (as val="type")
    net = CaptureGameNetwork(size=2, hsize=1, componentclass=MDLSTMLayer)
    path = tmp_path / "net.xml"
    net.save(path)
    text = path.read_text()
    assert '<rebuilt val="True"/>' in text
    path.write_text(text.replace('<rebuilt val="True"/>', '<rebuilt val="True"/><dims '
                                 'val="(2, 2)"/><componentclass val="type"/>'))
    again = brainkit.load(path)
    X = rng.standard_normal((3, 8))
    assert again.name == net.name
    np.testing.assert_array_equal(again.activate(X), net.activate(X))


@pytest.mark.parametrize("args, error, match", [
    (dict(size=1), ValueError, r"size \(the board's side\) must be an integer of at least 2; "
                               "got 1"),
    (dict(size=3.0), ValueError, "got 3.0"),
    (dict(combinputs=-1), ValueError, "combinputs must be a non-negative integer"),
    (dict(comboutputs=2), NotImplementedError, "comboutputs is not implemented"),
    (dict(clusterssize=2), TypeError, "has no option 'clusterssize'"),
    (dict(symmetricdirections=False), NotImplementedError, "direction-symmetric"),
])
def test_bad_options_are_refused(args, error, match):
    with pytest.raises(error, match=match):
        CaptureGameNetwork(**args)

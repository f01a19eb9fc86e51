"""Text forms (PyBrain's repr and str layout, the new summary()) and the names
brainkit gives unnamed modules and connections."""

import re

from brainkit import (FeedForwardNetwork, FullConnection, LinearLayer, RecurrentNetwork,
                      SigmoidLayer, buildNetwork)
from brainkit.structure.networks import Network
from tests.structure.networks.builders import simple_rnn


def test_str_of_a_feedforward_network_is_pybrains_layout():
    net = buildNetwork(2, 3, 1)
    assert str(net) == (
        f"{net.name}\n"
        "   Modules:\n"
        "    [<BiasUnit 'bias'>, <LinearLayer 'in'>, <SigmoidLayer 'hidden0'>, "
        "<LinearLayer 'out'>]\n"
        "   Connections:\n"
        "    [<FullConnection 'FullConnection-1': 'bias' -> 'out'>, "
        "<FullConnection 'FullConnection-2': 'bias' -> 'hidden0'>, "
        "<FullConnection 'FullConnection-3': 'in' -> 'hidden0'>, "
        "<FullConnection 'FullConnection-4': 'hidden0' -> 'out'>]\n")


def test_str_of_a_recurrent_network_lists_its_recurrent_connections():
    assert str(simple_rnn()) == (
        "rnn\n"
        "   Modules:\n"
        "    [<BiasUnit 'bias'>, <LinearLayer 'in'>, <TanhLayer 'hidden'>, "
        "<SigmoidLayer 'out'>]\n"
        "   Connections:\n"
        "    [<FullConnection 'bias_hidden': 'bias' -> 'hidden'>, "
        "<FullConnection 'hidden_out': 'hidden' -> 'out'>, "
        "<FullConnection 'in_hidden': 'in' -> 'hidden'>]\n"
        "   Recurrent Connections:\n"
        "    [<FullConnection 'rec_hidden': 'hidden' -> 'hidden'>, "
        "<FullConnection 'rec_out': 'out' -> 'hidden'>]")


def test_repr_of_networks():
    assert repr(FeedForwardNetwork(name="net")) == "<FeedForwardNetwork 'net'>"
    assert repr(RecurrentNetwork(name="r")) == "<RecurrentNetwork 'r'>"
    assert repr(Network(name="plain")) == "<Network 'plain'>"


def test_summary_lists_modules_connections_shapes_and_count():
    net = buildNetwork(2, 3, 1)
    text = net.summary()
    assert text.splitlines()[0] == \
        f"FeedForwardNetwork {net.name!r}: 2 inputs, 1 outputs, 13 parameters"
    rows = {line.split()[0]: line.split() for line in text.splitlines()[1:] if line.strip()}
    assert rows["bias"] == ["bias", "BiasUnit", "0", "1", "0"]
    assert rows["in"] == ["in", "LinearLayer", "2", "2", "0", "input"]
    assert rows["hidden0"] == ["hidden0", "SigmoidLayer", "3", "3", "0"]
    assert rows["out"] == ["out", "LinearLayer", "1", "1", "0", "output"]
    assert rows["FullConnection-3"] == ["FullConnection-3", "FullConnection", "in", "->",
                                        "hidden0", "3x2", "6"]
    assert rows["FullConnection-4"][-2:] == ["1x3", "3"]
    # modules appear in sorted order
    assert [n for n in rows if n in ("bias", "in", "hidden0", "out")] == \
        [m.name for m in net.modulesSorted]


def test_summary_marks_recurrent_connections():
    text = simple_rnn().summary()
    assert re.search(r"rec_hidden\s+FullConnection\s+hidden -> hidden \(t-1\)\s+3x3\s+9", text)
    assert "RecurrentNetwork 'rnn': 2 inputs, 2 outputs, 30 parameters" in text


def test_the_same_build_gives_the_same_names():
    first, second = buildNetwork(2, 3, 3, 1), buildNetwork(2, 3, 3, 1)
    assert str(first) == str(second)
    assert first.name == "FeedForwardNetwork"
    assert [c.name for c in first._containers] == [c.name for c in second._containers]


def test_unnamed_parts_get_the_smallest_free_number_in_their_network():
    net = FeedForwardNetwork(name="n")
    a, b = LinearLayer(2), SigmoidLayer(2)
    c = SigmoidLayer(2, name="SigmoidLayer-2")
    net.addInputModule(a)
    net.addModule(c)
    net.addOutputModule(b)
    assert (a.name, b.name) == ("LinearLayer-1", "SigmoidLayer-1")
    net.addConnection(FullConnection(a, c))
    net.addConnection(FullConnection(c, b, name="FullConnection-2"))
    net.addConnection(FullConnection(a, b))
    assert [x.name for x in net._all_connections()] == \
        ["FullConnection-1", "FullConnection-3", "FullConnection-2"]
    # another network numbers its own parts from 1 again
    other = FeedForwardNetwork(name="m")
    other.addInputModule(LinearLayer(1))
    assert other.modules[0].name == "LinearLayer-1"


def test_summary_shows_the_shapes_of_image_layers():
    from brainkit.tools.convolutional import Convolution, MaxPooling, buildConvolutionalNetwork
    net = buildConvolutionalNetwork((1, 8, 8), Convolution(32, 3), MaxPooling(2), 10)
    rows = {line.split()[0]: line for line in net.summary().splitlines()[1:] if line.strip()}
    assert rows["conv0"].split()[1:] == ["ConvolutionLayer", "64", "(1x8x8)", "1152",
                                         "(32x6x6)", "320"]
    assert rows["pool0"].split()[1:] == ["MaxPoolingLayer", "1152", "(32x6x6)", "288",
                                         "(32x3x3)", "0"]
    assert rows["act0"].split()[1:] == ["ReluLayer", "288", "288", "0"]
    # sizes are right-aligned like the plain numbers
    assert rows["act0"].index("288") + 3 == rows["conv0"].index("(1x8x8)") + 7

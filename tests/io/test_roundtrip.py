"""Every module and connection class, and whole networks, through both formats."""

import os

import numpy as np
import pytest

import brainkit
from brainkit import (BiasUnit, FeedForwardNetwork, FullConnection, IdentityConnection,
                      LinearLayer, LSTMLayer, RecurrentNetwork, SigmoidLayer, TanhLayer,
                      buildNetwork)
from brainkit.io import NetworkReader, NetworkWriter, load, register, registry, save
from brainkit.tools.convolutional import (AveragePooling, Convolution, MaxPooling,
                                          buildConvolutionalNetwork)
from tests.io.helpers import FORMATS, assert_same_network, outputs, probe_network, roundtrip
from tests.structure.harness import CONNECTIONS, MODULES



def _loaded(entry, net, folder, ending):
    """The network through a file; plain attributes that are no constructor
    arguments (GaussianLayer.enabled) are not in files, as in PyBrain."""
    again = roundtrip(net, folder, ending)
    if entry.setup is not None:
        entry.setup(again["m"])
    return again


SAVED = [e for e in MODULES if e.files]


@pytest.mark.parametrize("ending", FORMATS)
@pytest.mark.parametrize("entry", SAVED, ids=lambda e: e.id)
def test_every_module_class_round_trips(entry, ending, tmp_path, rng):
    net = probe_network(entry.make(name="m"))
    net.randomize(rng)
    again = _loaded(entry, net, tmp_path, ending)
    assert_same_network(net, again)
    assert type(again["m"]) is entry.cls
    X = rng.standard_normal((5, net.indim))
    np.testing.assert_array_equal(outputs(again, X), outputs(net, X))


@pytest.mark.parametrize("ending", FORMATS)
@pytest.mark.parametrize("entry", [e for e in SAVED if e.make().indim],
                         ids=lambda e: e.id)
def test_every_module_class_round_trips_with_a_recurrent_connection(entry, ending, tmp_path,
                                                                      rng):
    net = probe_network(entry.make(name="m"), recurrent_self=True)
    net.randomize(rng)
    again = _loaded(entry, net, tmp_path, ending)
    assert_same_network(net, again)
    assert [c.name for c in again.recurrentConns] == ["m_m"]
    X = rng.standard_normal((6, net.indim))
    np.testing.assert_array_equal(outputs(again, X), outputs(net, X))


@pytest.mark.parametrize("recurrent", [False, True])
@pytest.mark.parametrize("ending", FORMATS)
@pytest.mark.parametrize("entry", CONNECTIONS, ids=lambda e: e.id)
def test_every_connection_class_round_trips(entry, ending, recurrent, tmp_path, rng):
    net, conn = entry.make_network(recurrent=recurrent)
    net.randomize(rng)
    again = roundtrip(net, tmp_path, ending)
    assert_same_network(net, again)
    copy = (again.recurrentConns if recurrent else again.connections[again["a"]])[0]
    assert type(copy) is entry.cls
    assert (copy.inSliceFrom, copy.inSliceTo, copy.outSliceFrom, copy.outSliceTo) == \
        (conn.inSliceFrom, conn.inSliceTo, conn.outSliceFrom, conn.outSliceTo)
    X = rng.standard_normal((4, net.indim))
    np.testing.assert_array_equal(outputs(again, X), outputs(net, X))


def test_the_registry_holds_exactly_the_classes_the_harness_checks():
    """A new module or connection class needs a harness entry and a registry
    entry (with its PyBrain path); this keeps the two lists in step."""
    tested = {e.cls.__name__ for e in MODULES + CONNECTIONS}
    registered = set(registry.known_names("module")) | set(registry.known_names("connection"))
    networks = set(registry.known_names("network"))
    assert registered == tested - networks
    assert set(registry.known_names("network")) == {
        "Network", "FeedForwardNetwork", "RecurrentNetwork", "FeedForwardDecomposableNetwork",
        "RecurrentDecomposableNetwork", "BidirectionalNetwork", "SwipingNetwork",
        "BorderSwipingNetwork", "MultiDimensionalRNN", "MultiDimensionalLSTM",
        "SimpleConvolutionalNetwork", "ConvolutionalBoardNetwork", "CaptureGameNetwork"}
    assert registry.known_names("mother") == ["MotherConnection"]


@pytest.mark.parametrize("ending", FORMATS)
def test_lstm_with_peepholes_round_trips_with_its_sequence_outputs(ending, tmp_path, rng):
    net = buildNetwork(3, 4, 2, hiddenclass=LSTMLayer, peepholes=True)
    net.randomize(rng)
    assert net["hidden0"].paramdim == 12
    again = roundtrip(net, tmp_path, ending)
    assert_same_network(net, again)
    assert again["hidden0"].peepholes is True
    np.testing.assert_array_equal(again["hidden0"].params, net["hidden0"].params)
    X = rng.standard_normal((7, 3))
    np.testing.assert_array_equal(outputs(again, X), outputs(net, X))
    # and again after a reset: no state is carried in the file
    np.testing.assert_array_equal(outputs(again, X[::-1]), outputs(net, X[::-1]))


@pytest.mark.parametrize("ending, dtype", [("xml", np.float64), ("h5", np.float64),
                                           ("h5", np.float32)])
def test_a_cnn_round_trips_with_identical_outputs(ending, dtype, tmp_path, rng):
    net = buildConvolutionalNetwork(
        (2, 9, 8), Convolution(4, (3, 2), stride=(2, 1), padding=(1, 0)), MaxPooling(2),
        Convolution(3, 2), AveragePooling((1, 2), stride=(1, 1)), 6, 3, rng=rng, dtype=dtype)
    again = roundtrip(net, tmp_path, ending)
    assert_same_network(net, again)
    conv = again["conv0"]
    assert (conv.inshape, conv.kernel, conv.stride, conv.padding) == \
        ((2, 9, 8), (3, 2), (2, 1), (1, 0))
    assert again["pool1"].pool == (1, 2) and again["pool1"].outshape == (3, 1, 1)
    X = rng.standard_normal((5, net.indim)).astype(dtype)
    np.testing.assert_array_equal(again.activate(X), net.activate(X))
    if ending == "xml":
        assert '<kernel val="(3, 2)"/>' in (tmp_path / "net.xml").read_text()


@pytest.mark.parametrize("ending", FORMATS)
@pytest.mark.parametrize("layers, options", [
    ((2, 3, 1), {}),
    ((4, 5, 3, 2), {"hiddenclass": TanhLayer, "outclass": brainkit.SoftmaxLayer}),
    ((2, 1), {"bias": False}),
])
def test_build_network_round_trips(layers, options, ending, tmp_path, rng):
    net = buildNetwork(*layers, **options)
    again = roundtrip(net, tmp_path, ending)
    assert_same_network(net, again)
    X = rng.standard_normal((5, layers[0]))
    np.testing.assert_array_equal(again.activate(X), net.activate(X))


@pytest.mark.parametrize("ending", FORMATS)
def test_a_sampling_gaussian_layer_round_trips_with_its_spreads(ending, tmp_path, rng):
    net = probe_network(brainkit.GaussianLayer(3, name="m"))
    net.randomize(rng)
    assert np.all(net["m"].params != 0)
    again = roundtrip(net, tmp_path, ending)
    np.testing.assert_array_equal(again["m"].params, net["m"].params)
    X = rng.standard_normal((4, net.indim))
    np.testing.assert_array_equal(outputs(again, X), outputs(net, X))


def test_float32_networks_keep_their_dtype_in_hdf5_and_become_float64_in_xml(tmp_path, rng):
    net = buildNetwork(2, 3, 1, dtype=np.float32)
    X = rng.standard_normal((4, 2))
    h5 = roundtrip(net, tmp_path, "h5")
    assert h5.params.dtype == np.float32
    np.testing.assert_array_equal(h5.params, net.params)
    np.testing.assert_array_equal(h5.activate(X), net.activate(X))
    xml = roundtrip(net, tmp_path, "xml")
    assert xml.params.dtype == np.float64
    np.testing.assert_array_equal(xml.params, net.params.astype(np.float64))


@pytest.mark.parametrize("ending", FORMATS)
def test_a_module_that_is_both_input_and_output_keeps_both_roles(ending, tmp_path, rng):
    net = FeedForwardNetwork(name="both")
    a, b = LinearLayer(2, name="a"), SigmoidLayer(3, name="b")
    net.addInputModule(a)
    net.addOutputModule(a)
    net.addOutputModule(b)
    net.addConnection(FullConnection(a, b, name="ab"))
    net.sortModules()
    again = roundtrip(net, tmp_path, ending)
    assert [m.name for m in again.inmodules] == ["a"]
    assert [m.name for m in again.outmodules] == ["a", "b"]
    X = rng.standard_normal((3, 2))
    np.testing.assert_array_equal(again.activate(X), net.activate(X))


def test_both_roles_are_written_as_two_attributes(tmp_path):
    net = FeedForwardNetwork(name="both")
    a = LinearLayer(2, name="a")
    net.addInputModule(a)
    net.addOutputModule(a)
    net.sortModules()
    NetworkWriter.writeToFile(net, tmp_path / "n.xml")
    assert '<LinearLayer name="a" class="pybrain.structure.modules.linearlayer.LinearLayer" ' \
           'inmodule="True" outmodule="True">' in (tmp_path / "n.xml").read_text()


@pytest.mark.parametrize("ending", FORMATS)
def test_names_with_quotes_and_odd_characters_survive(ending, tmp_path, rng):
    net = FeedForwardNetwork(name='net "one" & <two>')
    a, b = LinearLayer(2, name="it's"), TanhLayer(2, name='say "hi" <&> ünï/.x')
    net.addInputModule(a)
    net.addOutputModule(b)
    net.addConnection(IdentityConnection(a, b, name="a/b 'c'"))
    net.sortModules()
    assert_same_network(net, roundtrip(net, tmp_path, ending))


def test_net_save_and_brainkit_load_choose_the_format_by_ending(tmp_path):
    net = buildNetwork(2, 2, 1)
    for name in ("m.xml", "m.XML", "m.h5", "m.hdf5"):
        net.save(tmp_path / name)
        assert_same_network(net, brainkit.load(tmp_path / name))
    assert (tmp_path / "m.xml").read_bytes().startswith(b'<?xml version="1.0" ?>\n<PyBrain>')
    assert (tmp_path / "m.h5").read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"


@pytest.mark.parametrize("name", ["model.pkl", "model", "model.xml.bak"])
def test_an_unknown_ending_is_refused(name, tmp_path):
    with pytest.raises(ValueError,
                       match=r"ending in \.xml \(PyBrain XML\), \.h5/\.hdf5 \(HDF5\) or \.onnx"):
        save(buildNetwork(2, 1), tmp_path / name)
    with pytest.raises(ValueError, match="cannot tell the file format"):
        load(tmp_path / name)
    assert not os.listdir(tmp_path)


def test_append_to_file_and_read_by_name_or_index(tmp_path, rng):
    path = tmp_path / "many.xml"
    first = buildNetwork(2, 3, 1)
    second = RecurrentNetwork(name="second")
    a, h, o = LinearLayer(1, name="a"), TanhLayer(2, name="h"), LinearLayer(1, name="o")
    second.addInputModule(a)
    second.addModule(h)
    second.addOutputModule(o)
    second.addConnection(FullConnection(a, h, name="ah"))
    second.addConnection(FullConnection(h, o, name="ho"))
    second.addRecurrentConnection(FullConnection(h, h, name="hh"))
    second.sortModules()
    NetworkWriter.appendToFile(first, path)      # creates the file
    NetworkWriter.appendToFile(second, path)
    NetworkWriter.appendToFile(buildNetwork(3, 1), path)
    assert_same_network(first, NetworkReader.readFrom(path))
    assert_same_network(second, NetworkReader.readFrom(path, name="second"))
    assert_same_network(second, NetworkReader.readFrom(path, index=1))
    assert NetworkReader.readFrom(path, index=2).indim == 3
    text = path.read_text()
    assert text.count("<Network ") == 3 and "\n\n" not in text
    # the text is the same as writing the networks one by one would give
    NetworkWriter.writeToFile(first, tmp_path / "one.xml")
    body = (tmp_path / "one.xml").read_text().split("\n")[2:-3]
    assert "\n".join(body) in text


def test_reading_a_missing_name_or_index_says_what_the_file_has(tmp_path):
    path = tmp_path / "n.xml"
    NetworkWriter.writeToFile(buildNetwork(2, 1), path)
    with pytest.raises(ValueError, match=r"no network named 'nope'; the file has \['Feed"):
        NetworkReader.readFrom(path, name="nope")
    with pytest.raises(ValueError, match="holds 1 network.*index 3 is out of range"):
        NetworkReader.readFrom(path, index=3)


class DoubledLayer(LinearLayer):
    """A user's layer: y = factor * x, with the factor a constructor argument."""

    def __init__(self, dim, factor=2.0, name=None):
        LinearLayer.__init__(self, dim, name=name)
        self.factor = factor

    def _constructor_args(self):
        return {"name": self.name, "dim": self.dim, "factor": self.factor}

    def _forward(self, inbuf, outbuf):
        outbuf[:] = self.factor * inbuf

    def _backward(self, outerr, inerr, outbuf, inbuf):
        inerr[:] = self.factor * outerr


@pytest.fixture
def registered_doubled_layer(monkeypatch):
    # the built-ins first: added to the copy alone, they would be missing afterwards
    # (with _builtins_added already set) for every later test of the process
    registry._add_builtins()
    monkeypatch.setattr(registry, "_classes", dict(registry._classes))
    register(DoubledLayer, "mylayers.doubled.DoubledLayer")
    return DoubledLayer


@pytest.mark.parametrize("ending", FORMATS)
def test_a_registered_user_module_round_trips(registered_doubled_layer, ending, tmp_path, rng):
    net = probe_network(DoubledLayer(3, factor=-1.5, name="m"))
    again = roundtrip(net, tmp_path, ending)
    assert type(again["m"]) is DoubledLayer and again["m"].factor == -1.5
    X = rng.standard_normal((4, 3))
    w_in = again.connections[again["in"]][0].weights
    w_out = again.connections[again["m"]][0].weights
    np.testing.assert_allclose(again.activate(X), (-1.5 * X @ w_in.T) @ w_out.T, rtol=1e-12)
    if ending == "xml":
        text = (tmp_path / "net.xml").read_text()
        assert 'class="mylayers.doubled.DoubledLayer"' in text and '<factor val="-1.5"/>' in text


def test_an_unregistered_class_cannot_be_saved(tmp_path):
    net = probe_network(DoubledLayer(3, name="m"))
    for ending in FORMATS:
        with pytest.raises(TypeError, match=r"class is not registered; call brainkit.io"
                                            r".register\(DoubledLayer\)"):
            save(net, tmp_path / f"n.{ending}")
    assert not os.listdir(tmp_path)


@pytest.mark.parametrize("ending", FORMATS)
def test_an_argument_a_file_cannot_hold_is_refused_before_writing(registered_doubled_layer,
                                                                  ending, tmp_path):
    net = probe_network(DoubledLayer(3, factor=[1.5, 2.0], name="m"))
    with pytest.raises(TypeError, match=r"cannot write argument factor=\[1.5, 2.0\]; a file "
                                        r"stores numbers, strings, booleans, tuples of integers"):
        save(net, tmp_path / f"n.{ending}")
    assert not os.listdir(tmp_path)


def test_an_unsorted_network_cannot_be_saved(tmp_path):
    net = FeedForwardNetwork()
    net.addInputModule(LinearLayer(1, name="a"))
    with pytest.raises(ValueError, match="before sortModules"):
        save(net, tmp_path / "n.xml")


def test_register_checks_its_argument(registered_doubled_layer):
    with pytest.raises(TypeError, match="expects a Module or Connection subclass; got 3"):
        register(3)

    class NoArgs(brainkit.Module):
        pass

    with pytest.raises(TypeError, match="has no _constructor_args"):
        register(NoArgs)
    with pytest.raises(ValueError, match="already registered for brainkit.*SigmoidLayer"):
        register(DoubledLayer, "x.SigmoidLayer")
    with pytest.raises(ValueError, match="pybrain_path must be a dotted name"):
        register(DoubledLayer, "not a path")
    assert register(DoubledLayer) is DoubledLayer     # again, under its own module path
    assert registry.path_for(DoubledLayer(1)) == f"{__name__}.DoubledLayer"


def test_bias_and_gaussian_layers_are_written_with_pybrains_arguments(tmp_path):
    net = probe_network(brainkit.GaussianLayer(2, name="m"))
    net.save(tmp_path / "g.xml")
    text = (tmp_path / "g.xml").read_text()
    assert '<GaussianLayer name="m" class="pybrain.structure.modules.gaussianlayer.' \
           'GaussianLayer">\n\t\t\t\t<name val="\'m\'"/>\n\t\t\t\t<dim val="2"/>\n' \
           '\t\t\t\t<Parameters>[0.0, 0.0]</Parameters>' in text
    net = probe_network(BiasUnit(name="b"))
    net.save(tmp_path / "b.xml")
    assert '<BiasUnit name="b" class="pybrain.structure.modules.biasunit.BiasUnit">\n' \
           '\t\t\t\t<name val="\'b\'"/>\n\t\t\t</BiasUnit>' in (tmp_path / "b.xml").read_text()


def test_a_weight_list_longer_than_libxml2s_default_text_limit_loads(tmp_path):
    net = buildNetwork(784, 800, 1)          # in -> hidden0: 627,200 weights, ~12 MB of text
    net.save(tmp_path / "big.xml")
    longest = max(len(line) for line in (tmp_path / "big.xml").read_text().split("\n"))
    assert longest > 10_000_000
    np.testing.assert_array_equal(brainkit.load(tmp_path / "big.xml").params, net.params)


def _nested_and_shared():
    from tests.structure.connections.test_shared import crossed
    from tests.structure.networks.test_nested import mixed_nested, pybrain_nested, two_level
    return {"ffn-in-ffn": pybrain_nested, "ffn-in-rnn": mixed_nested,
            "rnn-in-rnn": lambda: two_level(True), "shared-crossed": crossed,
            "inner-in-and-out": _inner_both_input_and_output}


def _inner_both_input_and_output():
    """An inner network that is the outer one's input and output module."""
    outer = brainkit.FeedForwardNetwork("outer")
    inner = buildNetwork(2, 3, 1)
    inner.name = "inner"
    outer.addInputModule(inner)
    outer.addOutputModule(inner)
    outer.sortModules()
    return outer


@pytest.mark.parametrize("ending", FORMATS)
@pytest.mark.parametrize("kind", sorted(_nested_and_shared()))
def test_nested_networks_and_shared_weights_round_trip(kind, ending, tmp_path, rng):
    net = _nested_and_shared()[kind]()
    again = roundtrip(net, tmp_path, ending)
    assert_same_network(net, again)
    X = rng.standard_normal((5, net.indim))
    np.testing.assert_array_equal(outputs(again, X), outputs(net, X))
    for m in net.modules:
        if isinstance(m, brainkit.Network):        # still a view of the outer vector
            assert np.shares_memory(again[m.name].params, again.params)
    for mother, twin in zip(net.motherconnections, again.motherconnections):
        assert (mother.name, mother.paramdim) == (twin.name, twin.paramdim)
        sharers = [c for c in again._all_connections() if c.mother is twin]
        assert sharers and all(np.shares_memory(c.params, twin.params) for c in sharers)


@pytest.mark.parametrize("ending", FORMATS)
def test_a_decomposable_network_round_trips(ending, tmp_path, rng):
    from brainkit.structure.networks import NeuronDecomposableNetwork
    net = NeuronDecomposableNetwork.convertNormalNetwork(buildNetwork(2, 3, 2, bias=False))
    again = roundtrip(net, tmp_path, ending)
    assert type(again) is type(net)
    assert [u.tolist() for u in again.getDecomposition()] == \
        [u.tolist() for u in net.getDecomposition()]


def test_a_shared_connection_naming_an_unknown_mother_is_refused(tmp_path):
    import h5py
    from brainkit.io import ModelFileError
    net = _nested_and_shared()["shared-crossed"]()
    path = tmp_path / "net.h5"
    save(net, path)
    with h5py.File(path, "r+") as f:
        f["connections/0/refs"].attrs["mother"] = "nobody"
    with pytest.raises(ModelFileError, match=r"refers to MotherConnection 'nobody', which is "
                                             r"not in the file; its mothers are \['m1', 'm2'\]"):
        load(path)


def test_two_mothers_of_one_name_are_refused(tmp_path):
    import h5py
    from brainkit.io import ModelFileError
    path = tmp_path / "net.h5"
    save(_nested_and_shared()["shared-crossed"](), path)
    with h5py.File(path, "r+") as f:
        f["mothers/1"].attrs["name"] = f["mothers/0"].attrs["name"]
    with pytest.raises(ModelFileError, match=r"/mothers/1: a second mother named 'm\d'"):
        load(path)

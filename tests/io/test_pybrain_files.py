"""Files written by the real PyBrain load with PyBrain's numbers, and brainkit
writes the same text PyBrain does."""

import json
import re

import numpy as np
import pytest

import brainkit
from brainkit import RecurrentNetwork, buildNetwork
from brainkit.io import NetworkReader, NetworkWriter
from brainkit.io.values import parse_parameters
from tests.io.helpers import assert_same_network, fixture

PYBRAIN_FILES = ["01_ffn_2_3_1", "05_rnn_recurrent_full", "09_shared_weights",
                 "11_nested_network"]


def recorded(name):
    return json.loads(fixture(f"{name}.json").read_text())


@pytest.mark.parametrize("name", PYBRAIN_FILES)
def test_pybrain_files_load_with_pybrains_structure_and_flat_parameters(name):
    rec = recorded(name)
    net = NetworkReader.readFrom(fixture(f"{name}.xml"))
    assert type(net).__name__ == rec["network_class"] and net.name == rec["network_name"]
    assert (net.indim, net.outdim, net.paramdim) == (rec["indim"], rec["outdim"],
                                                     rec["paramdim"])
    assert [m.name for m in net.modulesSorted] == [m["name"] for m in rec["modules_sorted"]]
    assert [m.name for m in net.inmodules] == rec["input_modules"]
    assert [m.name for m in net.outmodules] == rec["output_modules"]
    # the same flat order, value for value
    np.testing.assert_array_equal(net.params, rec["params"])
    for block in rec["param_layout"]:
        np.testing.assert_array_equal(
            net.params[block["offset"]:block["offset"] + block["length"]], block["params"])


@pytest.mark.parametrize("name", PYBRAIN_FILES)
def test_pybrain_files_give_pybrains_outputs(name):
    rec = recorded(name)
    net = brainkit.load(fixture(f"{name}.xml"))
    for key in ("activation", "activation_second_sequence"):
        if key not in rec:
            continue
        run = rec[key]
        net.reset()
        got = [net.activate(x) for x in run["inputs"]]
        np.testing.assert_allclose(got, run["outputs"], rtol=1e-13, atol=0)


@pytest.mark.parametrize("name", PYBRAIN_FILES)
def test_the_recorded_gradients_follow_from_the_loaded_file(name):
    rec = recorded(name)["gradient"]
    net = brainkit.load(fixture(f"{name}.xml"))
    net.reset()
    net.resetDerivatives()
    for x in rec["inputs"]:
        net.activate(x)
    inerr = [net.backActivate(e) for e in rec["output_errors"][::-1]][::-1]
    np.testing.assert_allclose(net.derivs, rec["derivs"], rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(inerr, rec["input_errors"], rtol=1e-11, atol=1e-14)


def test_the_example_lstm_network_gives_the_documented_outputs():
    net = NetworkReader.readFrom(fixture("example_network.xml"))
    assert isinstance(net, RecurrentNetwork) and net["lstm"].peepholes
    # XML.md section 8: bias_lstm(4), in_lstm(8), lstm(3), lstm_out(1), rec(4)
    np.testing.assert_array_equal(net.params, [
        -0.47, 0.24, -1.91, -1.72, 1.52, -0.23, -0.23, 1.58, 0.77, -0.47, 0.54, -0.46,
        0.5, -0.14, 0.65, -0.56, -1.01, 0.31, -0.91, -1.41])
    assert [c.name for c in net.connections[net["in"]]] == ["in_lstm", "skip"]
    skip = net.connections[net["in"]][1]
    assert (skip.inSliceFrom, skip.inSliceTo, skip.outSliceFrom, skip.outSliceTo) == (0, 1, 0, 1)
    net.reset()
    got = [net.activate(x)[0] for x in ([1, 0], [0, 1], [0.5, 0.5])]
    np.testing.assert_allclose(got, [1.0519273548018413, 0.02648500307036085,
                                     0.540146073424644], rtol=1e-14, atol=0)


def canonical(text):
    """The file text with every <Parameters> list in shortest-repr spelling."""
    return re.sub(r"<Parameters>(.*?)</Parameters>",
                  lambda m: f"<Parameters>{parse_parameters(m.group(1), '').tolist()}"
                            "</Parameters>", text)


def test_brainkit_writes_the_text_pybrain_wrote_for_the_same_network(tmp_path):
    rec = recorded("01_ffn_2_3_1")
    net = buildNetwork(2, 3, 1)
    net.name = "FeedForwardNetwork-8"
    # PyBrain's global counter named the connections; give them the same names
    names = {("bias", "out"): "FullConnection-5", ("bias", "hidden0"): "FullConnection-6",
             ("in", "hidden0"): "FullConnection-4", ("hidden0", "out"): "FullConnection-7"}
    for c in net._all_connections():
        c.name = names[c.inmod.name, c.outmod.name]
    net.sortModules()
    for block in rec["param_layout"]:
        c = next(c for c in net._all_connections() if c.name == block["name"])
        c.params[:] = block["params"]
    NetworkWriter.writeToFile(net, tmp_path / "01.xml")
    written = (tmp_path / "01.xml").read_text()
    pybrain = fixture("01_ffn_2_3_1.xml").read_text()
    assert written == canonical(pybrain)
    # only the float spelling differs (PyBrain's numpy printed 17 digits)
    assert written != pybrain


@pytest.mark.parametrize("name", PYBRAIN_FILES + ["example_network"])
def test_reading_and_writing_a_pybrain_file_reproduces_it(name, tmp_path):
    net = NetworkReader.readFrom(fixture(f"{name}.xml"))
    NetworkWriter.writeToFile(net, tmp_path / "again.xml")
    assert (tmp_path / "again.xml").read_text() == canonical(fixture(f"{name}.xml").read_text())


def _variant(text, tmp_path):
    path = tmp_path / "variant.xml"
    path.write_text(text)
    return NetworkReader.readFrom(path)


def test_all_float_spellings_give_the_same_parameters(tmp_path):
    original = NetworkReader.readFrom(fixture("05_rnn_recurrent_full.xml"))
    text = fixture("05_rnn_recurrent_full.xml").read_text()
    shortest = canonical(text)

    def wrapped(template):
        return re.sub(r"<Parameters>.*?</Parameters>", lambda m: re.sub(
            r"(-?\d\.\d+(e-?\d+)?)", template, m.group()), shortest)

    numpy2, numpy_long = wrapped(r"np.float64(\1)"), wrapped(r"numpy.float64( \1 )")
    assert "np.float64(-1.5339924851325248)" in numpy2
    for variant in (shortest, numpy2, numpy_long):
        assert_same_network(original, _variant(variant, tmp_path))


def test_attribute_order_and_whitespace_do_not_matter(tmp_path):
    original = NetworkReader.readFrom(fixture("01_ffn_2_3_1.xml"))
    text = fixture("01_ffn_2_3_1.xml").read_text()
    # Python 2's minidom sorted the attributes; spaces instead of tabs; lists on many lines
    python2 = re.sub(r'<(\w+) name="([^"]*)" class="([^"]*)"( \w+="True")?>',
                     lambda m: f'<{m.group(1)} class="{m.group(3)}"{m.group(4) or ""} '
                               f'name="{m.group(2)}">', text)
    assert 'class="pybrain.structure.modules.linearlayer.LinearLayer" inmodule="True" ' \
           'name="in"' in python2
    spaced = python2.replace("\t", "    ").replace(", ", ",\n      ").replace("[", "[\n ")
    spaced = spaced.replace('<?xml version="1.0" ?>', '<?xml version="1.0" encoding="utf-8"?>')
    assert_same_network(original, _variant(spaced, tmp_path))
    compact = re.sub(r">\s+<", "><", text)
    assert_same_network(original, _variant(compact, tmp_path))


def test_non_finite_parameters_are_read_as_written(tmp_path):
    text = fixture("01_ffn_2_3_1.xml").read_text().replace(
        "[2.7068498393999381]", "[nan]").replace("0.9079694464765431", "-inf")
    net = _variant(text, tmp_path)
    assert np.isnan(net.params[0]) and net.params[2] == -np.inf
    NetworkWriter.writeToFile(net, tmp_path / "w.xml")
    assert "[nan]" in (tmp_path / "w.xml").read_text()


def test_the_nested_network_is_one_block_of_the_outer_vector():
    net = NetworkReader.readFrom(fixture("11_nested_network.xml"))
    inner = net["inner"]
    assert [m.name for m in inner.modulesSorted] == ["ib", "ii", "io"]
    assert np.shares_memory(inner.params, net.params) and inner.paramdim == 6


def test_the_shared_weights_file_keeps_one_mother_for_both_connections():
    net = NetworkReader.readFrom(fixture("09_shared_weights.xml"))
    mother, = net.motherconnections
    assert mother.name == "mother_in" and mother.paramdim == 6
    sharers = [c for m in net.modules for c in net.connections[m] if c.mother is mother]
    assert len(sharers) == 2 and all(np.shares_memory(c.params, mother.params) for c in sharers)


def test_pybrains_gaussian_layer_argument_std_params_is_accepted(tmp_path):
    text = fixture("01_ffn_2_3_1.xml").read_text().replace(
        '<SigmoidLayer name="hidden0" class="pybrain.structure.modules.sigmoidlayer.SigmoidLayer">'
        "\n\t\t\t\t<name val=\"'hidden0'\"/>\n\t\t\t\t<dim val=\"3\"/>\n\t\t\t</SigmoidLayer>",
        '<GaussianLayer name="hidden0" class="pybrain.structure.modules.gaussianlayer.'
        'GaussianLayer"><name val="\'hidden0\'"/><dim val="3"/><stdParams val="0.0"/>'
        '<Parameters>[0.5, 0.0, -0.5]</Parameters></GaussianLayer>')
    net = _variant(text, tmp_path)
    assert type(net["hidden0"]).__name__ == "GaussianLayer"
    np.testing.assert_array_equal(net["hidden0"].params, [0.5, 0.0, -0.5])


def test_brainkit_class_paths_are_read_too(tmp_path):
    text = fixture("01_ffn_2_3_1.xml").read_text().replace('class="pybrain.', 'class="brainkit.')
    assert_same_network(NetworkReader.readFrom(fixture("01_ffn_2_3_1.xml")),
                        _variant(text, tmp_path))


def test_pybrains_import_paths_reexport_the_same_classes():
    from brainkit.io import NetworkReader as R, NetworkWriter as W
    from brainkit.tools.customxml import NetworkReader, NetworkWriter
    from brainkit.tools.customxml.networkreader import NetworkReader as R2
    from brainkit.tools.customxml.networkwriter import NetworkWriter as W2
    assert NetworkReader is R is R2 and NetworkWriter is W is W2


def test_importing_brainkit_loads_neither_lxml_nor_h5py():
    import subprocess
    import sys
    code = ("import sys, brainkit, brainkit.io, brainkit.tools.customxml; "
            "print('lxml' in sys.modules, 'h5py' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]

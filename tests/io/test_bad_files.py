"""Bad, hostile and broken files get a clear error, quickly, and change nothing."""

import os
import time

import numpy as np
import pytest

import brainkit
from brainkit import buildNetwork
from brainkit.io import ModelFileError, NetworkReader, NetworkWriter, load, registry, xmlwriter
from brainkit.io import xmltext
from brainkit.io.values import MAX_TUPLE
from tests.io.helpers import fixture

GOOD = fixture("01_ffn_2_3_1.xml").read_text()


def read_text(text, tmp_path, encoding="utf-8"):
    path = tmp_path / "bad.xml"
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return NetworkReader.readFrom(path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<PyBrain><Network name="&lol9;" class="pybrain.structure.networks.feedforward.FeedForwardNetwork">
<name val="'&lol9;'"/></Network></PyBrain>
"""


def external_entity(secret_path):
    return f"""<?xml version="1.0"?>
<!DOCTYPE PyBrain [<!ENTITY xxe SYSTEM "file://{secret_path}">]>
<PyBrain><Network name="&xxe;" class="pybrain.structure.networks.feedforward.FeedForwardNetwork">
<name val="'&xxe;'"/><Modules/></Network></PyBrain>
"""


def test_billion_laughs_is_refused_quickly(tmp_path):
    start = time.perf_counter()
    with pytest.raises(ModelFileError, match="declares a DOCTYPE or entities"):
        read_text(BILLION_LAUGHS, tmp_path)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_an_external_entity_is_refused_without_reading_the_file(encoding, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    text = external_entity(secret)
    if encoding == "utf-16":    # the byte scan cannot see it; the parsed document is checked
        text = text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
    with pytest.raises(ModelFileError, match="DOCTYPE or entities") as info:
        read_text(text, tmp_path, encoding)
    assert "TOP-SECRET" not in str(info.value)


def test_a_utf16_billion_laughs_is_refused_too(tmp_path):
    text = BILLION_LAUGHS.replace('<?xml version="1.0"?>',
                                  '<?xml version="1.0" encoding="utf-16"?>')
    start = time.perf_counter()
    with pytest.raises(ModelFileError, match="DOCTYPE or entities"):
        read_text(text, tmp_path, "utf-16")
    assert time.perf_counter() - start < 1.0


def test_an_undeclared_entity_is_malformed_xml(tmp_path):
    with pytest.raises(ModelFileError, match="malformed XML.*Entity 'xxe' not defined"):
        read_text(GOOD.replace("FeedForwardNetwork-8\"", "&xxe;\"", 1), tmp_path)


def test_files_over_the_size_limit_are_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(xmltext, "MAX_BYTES", 1000)
    with pytest.raises(ModelFileError, match=r"has 1946 bytes; model files are read only up "
                                             r"to 1000 bytes"):
        NetworkReader.readFrom(fixture("01_ffn_2_3_1.xml"))


@pytest.mark.parametrize("cut", [0, 10, 500, len(GOOD) // 2, len(GOOD) - 3])
def test_a_truncated_file_is_malformed_xml(cut, tmp_path):
    with pytest.raises(ModelFileError, match=r"malformed XML \(.*\); the file may be truncated"):
        read_text(GOOD[:cut], tmp_path)


@pytest.mark.parametrize("text, message", [
    ("<html><body/></html>", r"not a PyBrain network file: the root element is <html>, "
                             r"expected <PyBrain>"),
    ("<PyBrain/>", "the file holds no <Network>"),
    ("<PyBrain><Other/></PyBrain>", "may hold only <Network> elements; found <Other>"),
])
def test_files_that_are_no_network_are_refused(text, message, tmp_path):
    with pytest.raises(ModelFileError, match=message):
        read_text(text, tmp_path)


def replace(old, new, count=1):
    assert old in GOOD
    return GOOD.replace(old, new, count)


FULL = 'class="pybrain.structure.connections.full.FullConnection"'


@pytest.mark.parametrize("text, message", [
    (replace("pybrain.structure.modules.sigmoidlayer.SigmoidLayer", "pybrain.x.Table"),
     r"line 17, <SigmoidLayer name='hidden0'>: unknown module class 'pybrain.x.Table'; "
     r"known module classes: AveragePoolingLayer, .*BiasUnit, .*LinearLayer.* \(make your own "
     r"class known with brainkit.io.register\(cls\)\)"),
    (replace("pybrain.structure.modules.sigmoidlayer.SigmoidLayer",
             "pybrain.structure.connections.full.FullConnection"),
     "class 'pybrain.structure.connections.full.FullConnection' is a connection, but a "
     "module is expected here"),
    (replace("pybrain.structure.networks.feedforward.FeedForwardNetwork", "os.system"),
     "unknown network class 'os.system'"),
    (replace(' class="pybrain.structure.modules.biasunit.BiasUnit"', ""),
     "<BiasUnit name='bias'>: the element has no class attribute"),
    (replace('<SigmoidLayer name="hidden0" ', "<SigmoidLayer "),
     "the element has no name attribute"),
    (replace('<inmod val="bias"/>', '<inmod val="nowhere"/>'),
     r"inmod 'nowhere' is not a module of this network; its modules are \['bias', 'hidden0', "
     r"'in', 'out'\]"),
    (replace("[2.7068498393999381]", "[2.7068498393999381, 1.0]"),
     r"<FullConnection name='FullConnection-5'>: FullConnection needs 1 parameters; "
     r"the file gives 2"),
    (replace("<Parameters>[2.7068498393999381]</Parameters>", ""),
     "FullConnection needs 1 parameters; the file gives 0"),
    (replace("[2.7068498393999381]", "[2.70.1]"), r"<Parameters> is not a list of numbers"),
    (replace("[2.7068498393999381]", "__import__('os').system('echo hacked')"),
     r"<Parameters> must hold a list like \[0.5, -1.2\]"),
    (replace("[2.7068498393999381]", "[__import__('os')]"), "not a list of numbers"),
    (replace('<dim val="3"/>', "<dim val=\"__import__('os').system('echo hacked')\"/>"),
     r"cannot read <dim val=.*>: expected a number, True/False, a quoted string"),
    (replace('<dim val="3"/>', '<dim val="-3"/>'),
     "could not build SigmoidLayer from .*dim must be a non-negative integer"),
    (replace('<dim val="3"/>', '<dim val="(1.5, 2)"/>'), "cannot read <dim val='\\(1.5, 2\\)'>"),
    (replace('<dim val="3"/>', '<dim val="(True, 2)"/>'), "cannot read <dim val='\\(True, 2"),
    (replace('<dim val="3"/>', '<dim val="(1, 2)"/>'),
     "could not build SigmoidLayer .*dim must be a non-negative integer.*got \\(1, 2\\)"),
    (replace('<dim val="3"/>', '<dim val="3"/><colour val="\'red\'"/>'),
     r"SigmoidLayer\(dim, name=None.*\) cannot take the arguments \['colour', 'dim', 'name'\]"),
    (replace('<dim val="3"/>', '<dim val="3"/><dim val="4"/>'), "the argument dim is given twice"),
    (replace('<dim val="3"/>', '<dim val="99999999999"/>'), "dim=99999999999 takes the network "
                                                             "past the 4194304 units"),
    (replace('<name val="\'out\'"/>', '<name val="\'out\'"/>'
             '<Parameters>[1.0]</Parameters>'),
     "<LinearLayer name='out'>: LinearLayer 'out' has 0 parameters; the file gives 1"),
    (replace('name="hidden0"', 'name="bias"'), "a second module named 'bias'"),
    (replace('outmodule="True"', 'outmodule="yes"'), 'outmodule="yes"; only "True" is allowed'),
    (replace(FULL + ">\n\t\t\t\t<inmod val=\"bias\"/>", FULL + ' recurrent="True">'
             "\n\t\t\t\t<inmod val=\"bias\"/>"),
     "a FeedForwardNetwork cannot have recurrent connections; use a RecurrentNetwork"),
    (replace("<Modules>", "<Modules><Network name='x' class='x.Network'/>"),
     r"<Network name='x'>: no <Modules> element"),
    (replace("<Connections>", "<MotherConnections><MotherConnection name='m' class='x.Mother"
                              "Connection'><nbparams val='2'/><Parameters>[1.0]</Parameters>"
                              "</MotherConnection></MotherConnections><Connections>"),
     r"<MotherConnection name='m'>: MotherConnection declares nbparams=2; the file gives 1"),
    (replace("<Connections>", "<MotherConnections><MotherConnection name='m' class='x.Mother"
                              "Connection'><nbparams val='1'/><Parameters>[1.0]</Parameters>"
                              "</MotherConnection><MotherConnection name='m' class='x.Mother"
                              "Connection'><nbparams val='1'/><Parameters>[1.0]</Parameters>"
                              "</MotherConnection></MotherConnections><Connections>"),
     "a second MotherConnection named 'm'"),
    (GOOD.replace("<Modules>", "<Modules/><Modules>"), r"<Modules> appears 2 times"),
    (replace('<Modules>', '<Parameters>[1.0]</Parameters><Modules>'),
     "a <Network> has no <Parameters> of its own"),
])
def test_broken_files_get_an_error_naming_the_problem(text, message, tmp_path):
    with pytest.raises(ModelFileError, match=message):
        read_text(text, tmp_path)


def test_a_connection_cycle_in_a_file_is_reported_as_an_invalid_network(tmp_path):
    cycle = GOOD.replace("\t\t</Connections>", f'\t\t\t<FullConnection name="back" {FULL}>'
                         '<inmod val="out"/><outmod val="hidden0"/>'
                         "<Parameters>[1.0, 2.0, 3.0]</Parameters></FullConnection>\n"
                         "\t\t</Connections>")
    with pytest.raises(ModelFileError, match="the network is not valid: modules .* form a "
                                             "cycle"):
        read_text(cycle, tmp_path)


def test_a_missing_network_element_in_modules_is_reported(tmp_path):
    text = replace("<Modules>", "<Mods>").replace("</Modules>", "</Mods>")
    with pytest.raises(ModelFileError, match=r"<Network name='FeedForwardNetwork-8'>: no "
                                             r"<Modules> element"):
        read_text(text, tmp_path)


def test_a_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        NetworkReader.readFrom(tmp_path / "none.xml")
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "none.h5")


# HDF5 ----------------------------------------------------------------------------

import h5py  # noqa: E402  (a core dependency: the HDF5 tests never skip)


@pytest.fixture
def h5file(tmp_path):
    path = tmp_path / "net.h5"
    brainkit.io.save(buildNetwork(2, 3, 1), path)
    return path


def edit(path, change):
    with h5py.File(path, "r+") as f:
        change(f)
    return path


@pytest.mark.parametrize("change, message", [
    (lambda f: f.__delitem__("modules"), "missing group 'modules'"),
    (lambda f: f.__delitem__("connections"), "missing group 'connections'"),
    (lambda f: f["modules"].__delitem__("1"), r"/modules: members must be named 0..2; got "
                                              r"\['0', '2', '3'\]"),
    (lambda f: f["modules/0"].__delitem__("args"), "missing group 'args'"),
    (lambda f: f.__delitem__("params"), "missing dataset 'params'"),
    (lambda f: (f.__delitem__("params"), f.create_dataset("params", data=np.zeros(12))),
     "/connections/3: declares 3 parameters at offset 10, but 'params' holds 12 for all"),
    (lambda f: (f.__delitem__("params"), f.create_dataset("params", data=np.zeros(14))),
     "holds 14 values"),
    (lambda f: (f.__delitem__("params"), f.create_dataset("params", data=np.zeros(13, int))),
     "expected a vector of float32 or float64 stored in this file"),
    (lambda f: f["connections/0"].attrs.__setitem__("paramdim", 5),
     "FullConnection needs 1 parameters; the file gives 5"),
    (lambda f: f["connections/0"].attrs.__setitem__("param_offset", 7), "do not tile it"),
    (lambda f: f.attrs.__setitem__("format_version", 2),
     "format_version 2 is not supported; this brainkit reads version 1"),
    (lambda f: f.attrs.__delitem__("format"), "not a brainkit network file"),
    (lambda f: f["modules/2"].attrs.__setitem__("class", "evil.Pickle"),
     "unknown module class 'evil.Pickle'; known module classes: AveragePoolingLayer, Bern"),
    (lambda f: f["connections/1"].attrs.__setitem__("outmod", "ghost"),
     r"refers to module 'ghost', which is not in the file"),
    (lambda f: f["connections/1"].attrs.__setitem__("inSliceTo", 9),
     "the slice \\[0:9\\] does not fit"),
    (lambda f: f["modules/1"].attrs.__setitem__("name", 3), "attribute 'name' is 3; expected "
                                                             "text"),
    (lambda f: f["modules/1"]["args"].attrs.__setitem__("dim", np.zeros(3)),
     "attribute 'dim' is .*; expected a number, boolean, string or tuple of integers"),
    (lambda f: f["modules/1"]["args"].attrs.__setitem__("dim", np.arange(MAX_TUPLE + 1)),
     "attribute 'dim' is .*; expected a number, boolean, string or tuple of integers"),
    (lambda f: f["modules/1"]["args"].attrs.__setitem__("dim", np.arange(2)),
     r"could not build .*dim must be a non-negative integer.*got \(0, 1\)"),
    (lambda f: f.attrs.__setitem__("inmodules", "in"), "should be a list of names"),
])
def test_broken_hdf5_files_get_an_error_naming_the_problem(h5file, change, message):
    with pytest.raises(ModelFileError, match=message):
        load(edit(h5file, change))


def test_hdf5_links_to_other_files_are_refused(h5file, tmp_path):
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f.create_dataset("params", data=np.zeros(13))

    def link(f):
        del f["params"]
        f["params"] = h5py.ExternalLink(str(other), "/params")

    with pytest.raises(ModelFileError, match="'params' is a link to elsewhere"):
        load(edit(h5file, link))


def test_hdf5_data_stored_in_an_external_file_is_refused(h5file, tmp_path):
    raw = tmp_path / "raw.bin"
    raw.write_bytes(np.zeros(13).tobytes())

    def external(f):
        del f["params"]
        f.create_dataset("params", shape=(13,), dtype=np.float64,
                         external=[(str(raw), 0, h5py.h5f.UNLIMITED)])

    with pytest.raises(ModelFileError, match="stored in this file"):
        load(edit(h5file, external))


def test_parameters_libhdf5_cannot_decompress_are_a_model_file_error(h5file):
    def compressed(f):
        values = f["params"][()]
        del f["params"]
        f.create_dataset("params", data=values, compression="gzip", chunks=(13,))
        return f["params"].id.get_chunk_info(0)

    with h5py.File(h5file, "r+") as f:
        chunk = compressed(f)
    with open(h5file, "r+b") as raw:            # the stored chunk overwritten
        raw.seek(chunk.byte_offset)
        raw.write(b"\xff" * chunk.size)
    with pytest.raises(ModelFileError, match=r"net.h5: cannot read the file \(OSError: "):
        load(h5file)


@pytest.mark.parametrize("content", [b"", b"not an hdf5 file at all", GOOD.encode()])
def test_a_file_that_is_not_hdf5_is_refused(content, tmp_path):
    path = tmp_path / "x.h5"
    path.write_bytes(content)
    with pytest.raises(ModelFileError, match="not an HDF5 file"):
        load(path)


def test_an_hdf5_file_of_something_else_is_refused(tmp_path):
    with h5py.File(tmp_path / "x.h5", "w") as f:
        f.create_dataset("data", data=np.arange(3))
    with pytest.raises(ModelFileError, match="not a brainkit network file"):
        load(tmp_path / "x.h5")


# interrupted saves -------------------------------------------------------------------

class Crash(RuntimeError):
    pass


def _crash(*args, **kwargs):
    raise Crash("disk on fire")


@pytest.mark.parametrize("ending, target, attribute", [
    ("xml", xmlwriter, "parameters_text"),       # while building the document
    ("xml", xmlwriter, "atomic_write_text"),     # (replaced below by a half-writer)
    ("h5", registry, "constructor_args"),        # in the middle of the HDF5 file
])
def test_an_interrupted_save_leaves_the_old_file_as_it_was(ending, target, attribute,
                                                          tmp_path, monkeypatch):
    path = tmp_path / f"model.{ending}"
    buildNetwork(2, 3, 1).save(path)
    before = path.read_bytes()
    if attribute == "atomic_write_text":
        from brainkit import atomic

        def half_write(filename, text):
            with atomic.atomic_path(filename) as tmp:
                with open(tmp, "w") as f:
                    f.write(text[:len(text) // 2])
                raise Crash("power cut")
        monkeypatch.setattr(target, attribute, half_write)
    else:
        calls = []
        original = getattr(target, attribute)

        def later_crash(*args, **kwargs):
            calls.append(1)
            if len(calls) > 2:
                _crash()
            return original(*args, **kwargs)
        monkeypatch.setattr(target, attribute, later_crash)
    with pytest.raises(Crash):
        buildNetwork(4, 5, 2).save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == [path.name]      # no temporary file is left behind


def test_a_failed_save_into_a_new_file_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(xmlwriter, "parameters_text", _crash)
    with pytest.raises(Crash):
        NetworkWriter.writeToFile(buildNetwork(2, 1), tmp_path / "new.xml")
    assert os.listdir(tmp_path) == []


def test_saved_files_get_ordinary_permissions(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    buildNetwork(2, 1).save(tmp_path / "m.xml")
    assert (tmp_path / "m.xml").stat().st_mode & 0o777 == 0o666 & ~umask


def test_append_to_a_file_that_is_not_a_pybrain_file_changes_nothing(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<html/>")
    with pytest.raises(ModelFileError, match="root element is <html>"):
        NetworkWriter.appendToFile(buildNetwork(2, 1), path)
    assert path.read_text() == "<html/>"

"""The holes a security review found in the model file readers, each closed:
hostile files, built here, get ModelFileError in time and memory in proportion
to their size, with a short message, and no reader opens another file."""

import os
import re
import tracemalloc

import h5py
import pytest

from brainkit import buildNetwork
from brainkit.io import ModelFileError, NetworkReader, load
from tests.io.helpers import fixture

GOOD = fixture("01_ffn_2_3_1.xml").read_text()
WEIGHT = "[2.7068498393999381]"


def write(tmp_path, text, name="bad.xml"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def replace(old, new):
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def read_peak(path):
    """(the error raised, the peak of traced Python and numpy memory)."""
    tracemalloc.start()
    try:
        NetworkReader.readFrom(path)
    except ModelFileError as exc:
        return exc, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    raise AssertionError("the file was read")


# values ------------------------------------------------------------------------------

def test_spaces_after_a_float64_wrapper_are_refused_without_backtracking(tmp_path):
    """A backtracking regex took 57 s for 4,000 spaces, growing with their cube."""
    path = write(tmp_path, replace(WEIGHT, "[np.float64(" + " " * 300_000 + "]"))
    with pytest.raises(ModelFileError, match="wrapper is not around one number"):
        NetworkReader.readFrom(path)


def test_a_huge_list_literal_in_a_value_costs_no_more_than_the_file(tmp_path):
    """literal_eval of a 16 MB list cost 7.9 GB; 2 MB of it here."""
    path = write(tmp_path, replace('<dim val="3"/>', '<dim val="[' + "1, " * 700_000 + '1]"/>'))
    error, peak = read_peak(path)
    assert "a value in a model file has at most 1000" in str(error)
    assert peak < 4 * path.stat().st_size      # the bytes, the text and a copy or two


def test_a_100k_digit_hex_dimension_is_a_model_file_error(tmp_path):
    path = write(tmp_path, replace('<dim val="3"/>', '<dim val="0x' + "f" * 100_000 + '"/>'))
    with pytest.raises(ModelFileError, match=r"<dim val='0xff.*'> is 100002 characters long"):
        NetworkReader.readFrom(path)


def test_a_long_decimal_dimension_is_a_model_file_error(tmp_path):
    path = write(tmp_path, replace('<dim val="3"/>', '<dim val="' + "9" * 900 + '"/>'))
    with pytest.raises(ModelFileError, match="a number of 900 characters is longer than the 40"):
        NetworkReader.readFrom(path)


def test_more_parameters_than_the_object_holds_are_refused_before_they_are_read(tmp_path):
    path = write(tmp_path, replace(WEIGHT, "[" + "1.5, " * 1_000_000 + "1.5]"))
    error, peak = read_peak(path)
    assert "FullConnection needs 1 parameters; the file gives 1000001" in str(error)
    assert peak < 4 * path.stat().st_size      # the numbers were never converted


BIG = "x" * 5_000_000


@pytest.mark.parametrize("text", [
    replace("pybrain.structure.modules.sigmoidlayer.SigmoidLayer", BIG),
    replace('name="hidden0"', f'name="{BIG}"').replace("'hidden0'", "'bias'"),
    replace('<dim val="3"/>', f'<dim val="3"/><{BIG} val="1"/>'),
    replace('<inmod val="bias"/>', f'<inmod val="{BIG}"/>'),
    replace('<dim val="3"/>', f'<dim val="{BIG}"/>'),
    replace("<Modules>", f"<Modules><{BIG}/>"),
    replace('name="hidden0"', f'name="{BIG}"').replace('<outmod val="hidden0"/>',
                                                         f'<outmod val="{BIG}"/>')
    .replace("0.62813270878445959, ", ""),
    replace(WEIGHT, "[" + BIG + "]"),
], ids=["class", "module name", "argument tag", "inmod", "value", "element", "in a network "
        "error", "parameters"])
def test_messages_quote_only_a_short_excerpt_of_the_file(text, tmp_path):
    """A 50 MB class name gave a 50 MB message; 5 MB of text here."""
    with pytest.raises(ModelFileError) as info:
        NetworkReader.readFrom(write(tmp_path, text))
    assert len(str(info.value)) < 3000


# encodings and other files -----------------------------------------------------------

def utf7_file(target):
    """A DOCTYPE whose parameter entity names ``target``, with '<', '!' and '%'
    written as UTF-7 runs, so that no byte scan sees the declaration."""
    body = (f'<!DOCTYPE PyBrain [<!ENTITY % p SYSTEM "file://{target}"> %p;]>\n'
            + GOOD.split("\n", 1)[1])
    for ch, run in (("<", "+ADw-"), ("!", "+ACE-"), ("%", "+ACU-")):
        body = body.replace(ch, run)
    return ('<?xml version="1.0" encoding="UTF-7"?>\n' + body).encode("ascii")


def test_a_utf7_doctype_is_refused_before_the_parser_could_open_a_file(tmp_path,
                                                                      monkeypatch):
    """libxml2 decoded UTF-7 and opened the named file (a FIFO blocked the load)."""
    from lxml import etree

    def parser_must_not_run(*args, **kwargs):
        raise AssertionError("the XML parser was given the file")

    monkeypatch.setattr(etree, "fromstring", parser_must_not_run)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY x "TOP-SECRET">')
    messages = []
    for target in (fifo, secret, tmp_path / "missing.dtd", "/dev/stdin"):
        path = write(tmp_path, utf7_file(target))
        with pytest.raises(ModelFileError, match=r"declares the encoding 'UTF-7'; model files "
                                                 r"are read in UTF-8, UTF-16, UTF-32 or ASCII") \
                as info:
            NetworkReader.readFrom(path)
        messages.append(str(info.value))
    assert len(set(messages)) == 1      # no oracle of which files exist


@pytest.mark.parametrize("encoding, declared", [
    ("utf-8-sig", None), ("utf-16", None), ("utf-16", "UTF-16"), ("utf-16-le", "utf-16"),
    ("utf-16-be", "UTF-16BE"), ("utf-32", "UTF-32"), ("utf-32-be", "utf-32"),
    ("utf-8", "US-ASCII"), ("utf-8", "utf_8"),
])
def test_files_in_unicode_encodings_load(encoding, declared, tmp_path):
    head = f'<?xml version="1.0" encoding="{declared}"?>\n' if declared else ""
    text = head + GOOD.split("\n", 1)[1]
    net = NetworkReader.readFrom(write(tmp_path, text.encode(encoding)))
    assert net.paramdim == 13


@pytest.mark.parametrize("data, message", [
    ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<PyBrain/>'.encode("latin-1"),
     "declares the encoding 'ISO-8859-1'; model files are read in UTF-8"),
    ('<?xml version="1.0" encoding="utf-8"?>\n<PyBrain/>'.encode("utf-16"),
     "declares the encoding 'utf-8' but is written in UTF-16-LE"),
    ('<?xml version="1.0" encoding="utf-16"?>\n<PyBrain/>'.encode("utf-8"),
     "declares the encoding 'utf-16' but is written in UTF-8"),
    ('<?xml version="1.0" encoding="ascii"?>\n<PyBrain name="é"/>'.encode("utf-8"),
     "declares the encoding 'ascii' but holds other characters"),
    ('<?xml version="1.0"?>\n<PyBrain name="é"/>'.encode("latin-1"),
     "not valid UTF-8 text \\(byte 37 cannot be decoded\\)"),
    ('<?xml version="1.0" encoding="cp500"?><PyBrain/>'.encode("cp500"), "not valid UTF-8"),
    (b'<?xml version="1.0" encoding="utf-8"?>\n<!ELEMENT PyBrain ANY><PyBrain/>',
     "declares a DOCTYPE or entities"),
    ("<!doctype PyBrain><PyBrain/>".encode("utf-32"), "declares a DOCTYPE or entities"),
    (b'<?xml version="1.0" ' + b" " * 500 + b"?><PyBrain/>",
     "the declaration <\\?xml ... has no end in its first 500 characters"),
])
def test_other_encodings_and_declarations_are_refused(data, message, tmp_path):
    with pytest.raises(ModelFileError, match=message):
        NetworkReader.readFrom(write(tmp_path, data))


def test_a_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "net.xml"
    os.mkfifo(fifo)
    with pytest.raises(ModelFileError, match="not a regular file"):
        NetworkReader.readFrom(fifo)
    with pytest.raises(ModelFileError, match="not a regular file"):
        NetworkReader.readFrom(tmp_path)


# HDF5 ----------------------------------------------------------------------------------

def h5_network(tmp_path):
    path = tmp_path / "net.h5"
    buildNetwork(2, 3, 1).save(path)
    return path


def group_of(f, inmod, outmod):
    return next(g for g in f["connections"].values()
                if (g.attrs["inmod"], g.attrs["outmod"]) == (inmod, outmod))


def widen(f, declared_params):
    """'in' and 'hidden0' get 2000 units each and 'in'->'hidden0' 4,000,000
    weights; 'params' becomes ``declared_params`` (or stays)."""
    f["modules/0/args"].attrs["dim"] = 2000
    f["modules/3/args"].attrs["dim"] = 2000
    group_of(f, "in", "hidden0").attrs["paramdim"] = 4_000_000
    if declared_params:
        del f["params"]
        f.create_dataset("params", shape=(declared_params,), dtype="f8", chunks=(1000,))


def load_peak(path):
    tracemalloc.start()
    try:
        load(path)
    except ModelFileError as exc:
        return exc, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    raise AssertionError("the file was read")


@pytest.mark.parametrize("declared, message", [
    (4_002_010, r"/params: declares 4002010 values \(32016080 bytes\) but the file stores 0 "
                r"bytes of them"),
    (None, r"/connections/\d: declares 4000000 parameters at offset \d+, but 'params' holds "
           r"13 for all objects together"),
])
def test_declared_weights_are_checked_against_the_stored_ones_before_allocating(
        declared, message, tmp_path):
    """A 34 KB file declaring a 20000 x 20000 connection cost 9.2 GB."""
    path = h5_network(tmp_path)
    with h5py.File(path, "r+") as f:
        widen(f, declared)
    assert path.stat().st_size < 40_000
    error, peak = load_peak(path)
    assert re.search(message, str(error)), str(error)
    assert peak < 2_000_000                      # 4 million weights would take 32 MB


def low_level_attribute(group, name, h5type):
    space = h5py.h5s.create(h5py.h5s.SCALAR)
    if name in group.attrs:
        del group.attrs[name]
    h5py.h5a.create(group.id, name.encode() if isinstance(name, str) else name, h5type, space)


@pytest.mark.parametrize("change, message", [
    (lambda f: low_level_attribute(f["modules/1/args"], "dim", h5py.h5t.UNIX_D32LE),
     r"/modules/1/args: attribute 'dim' has a type brainkit cannot read"),
    (lambda f: low_level_attribute(f["modules/1/args"], b"\xff\xfe", h5py.h5t.STD_I64LE),
     r"/modules/1/args: the attribute name b'\\xff\\xfe' is not UTF-8 text"),
    (lambda f: low_level_attribute(f, "class", h5py.h5t.UNIX_D32LE),
     r"attribute 'class' has a type brainkit cannot read"),
    (lambda f: (f.__delitem__("params"), f.__setitem__("params", h5py.SoftLink("/modules"))),
     "'params' is a link to elsewhere"),
])
def test_unreadable_attributes_and_links_are_model_file_errors(change, message, tmp_path):
    """TypeError escaped the reader for time types and non-UTF-8 names."""
    path = h5_network(tmp_path)
    with h5py.File(path, "r+") as f:
        change(f)
    with pytest.raises(ModelFileError, match=message):
        load(path)


def test_virtual_parameters_are_refused(tmp_path):
    (tmp_path / "other").mkdir()
    other = h5_network(tmp_path / "other")
    path = h5_network(tmp_path)
    layout = h5py.VirtualLayout(shape=(13,), dtype="f8")
    layout[:] = h5py.VirtualSource(str(other), "params", shape=(13,))
    with h5py.File(path, "r+") as f:
        del f["params"]
        f.create_virtual_dataset("params", layout)
    with pytest.raises(ModelFileError, match="expected a vector of float32 or float64 stored in "
                                             "this file"):
        load(path)


def test_an_hdf5_pipe_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "net.h5")
    with pytest.raises(ModelFileError, match="not a regular file"):
        load(tmp_path / "net.h5")

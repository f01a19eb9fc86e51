"""Random damage to valid files: the readers load them or say what is wrong
(ModelFileError), and never fail in any other way. bench/fuzz_files.py runs
thousands of such cases, damage to any byte of HDF5 files included."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brainkit.io import ModelFileError, NetworkReader
from tests.fuzzing import XML_TOKENS, undocumented_outcomes
from tests.io.helpers import fixture

SOURCES = [fixture(name).read_text() for name in
           ("01_ffn_2_3_1.xml", "05_rnn_recurrent_full.xml", "example_network.xml")]


@st.composite
def damaged(draw):
    text = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 60)))
        kind = draw(st.sampled_from(["delete", "token", "text", "duplicate", "digit"]))
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "token":
            text = text[:i] + draw(st.sampled_from(XML_TOKENS)) + text[j if j - i < 3 else i:]
        elif kind == "text":
            insert = draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8))
            text = text[:i] + insert + text[i:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:   # change one digit, where the numbers (dims, slices, weights) are
            digits = [k for k, ch in enumerate(text) if ch.isdigit()]
            k = draw(st.sampled_from(digits))
            text = text[:k] + draw(st.sampled_from("0123456789")) + text[k + 1:]
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=damaged())
def test_damaged_xml_files_load_or_raise_a_model_file_error(data, tmp_path):
    path = tmp_path / "fuzz.xml"
    path.write_bytes(data)
    try:
        net = NetworkReader.readFrom(path)
    except ModelFileError:
        return
    assert net.sorted and net.params.shape == (net.paramdim,)
    assert all(np.shares_memory(net.params, c.params) for c in net._containers if c.paramdim)


def test_damaged_hdf5_networks_load_or_raise_a_model_file_error(tmp_path):
    """200 seeded cases of damage to structure, attributes, types, links,
    storage and stored values (tests/fuzzing.py)."""
    assert undocumented_outcomes("h5", range(200), tmp_path) == []

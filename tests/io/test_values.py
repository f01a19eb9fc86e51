"""The parser of PyBrain's value texts (brainkit/io/values.py): what PyBrain
writes is read exactly, anything else is refused, and hostile texts cost time
and memory in proportion to their length."""

import tracemalloc

import numpy as np
import pytest

from brainkit.io import ModelFileError, values
from brainkit.io.values import decode_value, literal, parameter_count, parse_parameters

STRINGS = ["in", "hidden0", "it's", 'say "hi"', "both ' and \"", "tab\tnew\nline", "é ü",
           "\x00\x7f", "\U0001F600", "back\\slash", ""]
NUMBERS = [0, 3, -7, 2**40, 0.5, -1.25, 1e-05, 1.5e+300, 0.1 + 0.2, -0.0]


@pytest.mark.parametrize("value", STRINGS + NUMBERS + [True, False], ids=repr)
def test_every_repr_pybrain_writes_reads_back_exactly(value):
    got = literal(repr(value))
    assert got == value and type(got) is type(value)
    if isinstance(value, float):
        assert str(got) == str(value)


def test_python_2_unicode_strings_and_17_digit_floats_are_read():
    assert literal("u'in'") == "in"
    assert literal("0.14000000000000001") == 0.14
    assert literal("+3") == 3 and literal("1E5") == 1e5 and literal("2.") == 2.0


@pytest.mark.parametrize("text", [
    "0x10", "1_000", "None", "[1]", "(1, 2.0)", "(True,)", "()", "{}", "b'x'", "'a' 'b'", "'''x'''", "'\\q'",
    "'\\ud800'", "'\\x4'", "'unclosed", "'a'b'", "1e", ".", "-", "e5", "1e5.5", "nan", "inf",
    "__import__('os')", "'line\nbreak'", "١٢", "true", " 3", "3 ",
])
def test_anything_else_is_not_a_value(text):
    assert literal(text) is None


def test_a_number_too_long_for_a_file_is_refused_with_the_documented_error():
    for text in ("9" * 500, "1." + "0" * 100):
        with pytest.raises(ModelFileError, match=r"cannot read <dim val='\d+.*'>: a number of "
                                                 r"\d+ characters is longer than the 40"):
            decode_value(text, "dim", {}, "net.xml, line 3")


def test_a_100k_digit_hex_number_is_refused_with_the_documented_error():
    with pytest.raises(ModelFileError, match=r"<dim val='0xfff.*'> is 100002 characters long; "
                                             r"a value in a model file has at most 1000"):
        decode_value("0x" + "f" * 100000, "dim", {}, "net.xml, line 3")


def peak_bytes(call):
    tracemalloc.start()
    try:
        call()
    except ModelFileError:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_a_huge_list_literal_as_a_value_costs_no_more_than_its_text():
    text = "[" + "1, " * 1_000_000 + "1]"          # 3 MB; a literal_eval costs hundreds of MB
    with pytest.raises(ModelFileError, match="is 3000003 characters long"):
        decode_value(text, "dim", {}, "here")
    assert peak_bytes(lambda: decode_value(text, "dim", {}, "here")) < 1_000_000


# <Parameters> ------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("[0.5, -1.25, 1e-05]", [0.5, -1.25, 1e-05]),
    ("  [\n\t0.5,\n\t-1.25 ,1e-05,\n]  ", [0.5, -1.25, 1e-05]),
    ("[np.float64(0.5), numpy.float64( -1.25 ), 1e-05]", [0.5, -1.25, 1e-05]),
    ("[nan, inf, -inf, 1e400]", [np.nan, np.inf, -np.inf, np.inf]),
    ("[]", []),
    ("[ ]", []),
])
def test_parameter_lists_in_every_spelling(text, expected):
    got = parse_parameters(text, "here")
    np.testing.assert_array_equal(got, expected)
    assert parameter_count(text, "here") == len(expected)


@pytest.mark.parametrize("text, message", [
    ("0.5, 1.0", r"must hold a list like \[0.5, -1.2\]"),
    ("[0.5, , 1.0]", "could not convert"),
    ("[1.0 2.0]", "could not convert"),
    ("[1_0]", "unexpected '_'"),
    ("[infinity]", "unexpected 't'"),
    ("[0.5, (1.0)]", r"unexpected '\('"),
    ("[np.float64(1.0, 2.0)]", r"an np.float64\(...\) wrapper is not around one number"),
    ("[np.float64(np.float64(1.0))]", "wrapper is not around one number"),
    ("[np.float64(1.0)), 2.0]", "wrapper is not around one number"),
    ("[np.float64(1.0) 2.0, 3.0]", "wrapper is not around one number"),
    ("[2.0 np.float64(1.0)]", "wrapper is not around one number"),
    ("[np.float64 (1.0)]", "unexpected 'p'"),
    ("[np.float64(" + " " * 200_000 + "]", "wrapper is not around one number"),
    ("[" + "1" * 300_000 + "]", "an item longer than 262144 characters"),
])
def test_anything_but_a_list_of_numbers_is_refused(text, message):
    """The 200,000 spaces after np.float64( took a backtracking regex hours."""
    with pytest.raises(ModelFileError, match=message):
        parse_parameters(text, "here")


def test_long_lists_are_converted_chunk_by_chunk_with_the_same_result(monkeypatch, rng):
    weights = rng.standard_normal(1000)
    plain = str(weights.tolist())
    wrapped = "[" + ", ".join(f"np.float64({w!r})" for w in weights.tolist()) + "]"
    monkeypatch.setattr(values, "CHUNK_CHARS", 64)
    for text in (plain, wrapped):
        np.testing.assert_array_equal(parse_parameters(text, "here"), weights)


def test_numbers_go_into_the_given_array_which_must_fit():
    out = np.zeros(3)
    parse_parameters("[1.0, 2.0, 3.0]", "here", out=out)
    assert out.tolist() == [1, 2, 3]
    with pytest.raises(ModelFileError, match="<Parameters> holds 3 numbers; 2 expected"):
        parse_parameters("[1.0, 2.0, 3.0]", "here", out=np.zeros(2))


def test_a_hostile_list_costs_memory_in_proportion_to_its_numbers_not_more():
    text = "[" + "1," * 2_000_000 + "1]"             # 4 MB of the shortest items
    peak = peak_bytes(lambda: parse_parameters(text, "here"))
    assert peak < 8 * 2_000_001 + 40_000_000         # the result and a few chunks

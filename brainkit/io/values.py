"""Reading the text of PyBrain's ``val`` attributes and ``<Parameters>``.

No text from a file is ever evaluated, and reading costs time and memory in
proportion to the text, whatever it holds: a ``val`` is at most
``MAX_VALUE_CHARS`` long and read by a small parser of the values PyBrain
writes (Python reprs of a number, ``True``/``False`` or a string), or names a
module read before; a ``<Parameters>`` list is counted before anything is
allocated (its length must fit the object it belongs to) and converted in
chunks of at most ``CHUNK_CHARS`` characters, each checked character by
character before numpy converts it. Error messages quote at most a short,
cut excerpt of the file's text.
"""

import numbers
import re

import numpy as np

from brainkit.filechecks import short
from brainkit.io.errors import ModelFileError

MAX_VALUE_CHARS = 1000      # the longest val text (PyBrain writes names and numbers)
MAX_TUPLE = 4096            # the longest tuple of integers a value may be (a shape, a permutation)
MAX_TUPLE_CHARS = 12 * MAX_TUPLE    # ... and its longest text
MAX_NUMBER_CHARS = 40       # the longest number (a float repr has at most 24)
CHUNK_CHARS = 1 << 18       # <Parameters> text converted per step

_SPACE = " \t\n\r"
# one character class each: a search never backtracks
_NOT_NUMBER_TEXT = re.compile(r"[^0-9eE+\-.,naif \t\n\r]")
_NOT_WRAPPED_TEXT = re.compile(r"[^0-9eE+\-.,naif \t\n\r()]")
_WRAPPERS = ("numpy.float64(", "np.float64(")
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _number(text):
    """The int or float a Python repr spells (``3``, ``-0.5``, ``1e-05``), or
    None if ``text`` is not one."""
    body = text[1:] if text[:1] in "+-" else text
    mantissa, e, exponent = body.replace("E", "e").partition("e")
    whole, dot, fraction = mantissa.partition(".")
    if not (whole + fraction).isascii() or not (whole + fraction).isdigit():
        return None
    if e:
        digits = exponent[1:] if exponent[:1] in "+-" else exponent
        if not (digits.isascii() and digits.isdigit()):
            return None
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError(f"a number of {len(text)} characters is longer than the "
                         f"{MAX_NUMBER_CHARS} a model file may use")
    return float(text) if dot or e else int(text)


def _string(text):
    """The str a Python repr spells (``'in'``, ``"it's"``, ``u'x'``, with the
    escapes repr writes), or None if ``text`` is not one."""
    if text[:1] in "uU":
        text = text[1:]
    if len(text) < 2 or text[0] not in "'\"" or text[-1] != text[0]:
        return None
    quote, body = text[0], text[1:-1]
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == quote or ch in "\n\r":
            return None
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        code = body[i + 1:i + 2]
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            i += 2
            continue
        width = _HEX_ESCAPES.get(code)
        digits = body[i + 2:i + 2 + width] if width else ""
        if not width or len(digits) != width or not all(c in "0123456789abcdefABCDEF"
                                                         for c in digits):
            return None
        point = int(digits, 16)
        if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
            return None
        out.append(chr(point))
        i += 2 + width
    return "".join(out)


def integer_tuple(value):
    """Whether ``value`` is a tuple of 1..MAX_TUPLE integers (not booleans): the
    one compound value model files store, e.g. an image layer's shape."""
    return (isinstance(value, tuple) and 0 < len(value) <= MAX_TUPLE
            and all(isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_))
                    for v in value))


def _tuple(text):
    """The tuple of integers a Python repr spells (``(1, 8, 8)``, ``(3,)``), or
    None if ``text`` is not one."""
    if len(text) < 3 or text[0] != "(" or text[-1] != ")":
        return None
    parts = text[1:-1].split(",")
    if parts[-1].strip() == "" and len(parts) > 1:
        parts = parts[:-1]                      # (3,) and a trailing comma
    if len(parts) > MAX_TUPLE:
        return None
    values = [_number(part.strip()) for part in parts]
    return tuple(values) if all(type(v) is int for v in values) else None


def literal(text):
    """The value of a ``val`` text PyBrain (or brainkit) wrote: a number, a
    bool, a string or a tuple of integers; None if it is none of these.

    >>> literal("'hidden0'"), literal('3'), literal('True'), literal('-1.5e-05')
    ('hidden0', 3, True, -1.5e-05)
    >>> literal('(1, 8, 8)'), literal('__import__("os")') is None
    ((1, 8, 8), True)
    """
    if text in ("True", "False"):
        return text == "True"
    number = _number(text)
    if number is not None:
        return number
    return _tuple(text) if text[:1] == "(" else _string(text)


def decode_value(text, key, modules, where):
    """The Python value of ``<key val="text"/>``: ``'in'`` -> 'in', ``3`` -> 3,
    ``True`` -> True, ``(1, 8, 8)`` -> (1, 8, 8), a bare module name -> that module.

    >>> decode_value("'hidden0'", 'name', {}, 'here'), decode_value('3', 'dim', {}, 'here')
    ('hidden0', 3)
    """
    if key in ("inmod", "outmod"):
        if text in modules:
            return modules[text]
        raise ModelFileError(f"{where}: {key} {short(text)} is not a module of this network; "
                             f"its modules are {short(sorted(modules))}")
    limit = MAX_TUPLE_CHARS if text[:1] == "(" else MAX_VALUE_CHARS
    if len(text) > limit:
        raise ModelFileError(f"{where}: <{key} val={short(text)}> is {len(text)} characters "
                             f"long; a value in a model file has at most {limit}")
    try:
        value = literal(text)
    except ValueError as exc:
        raise ModelFileError(f"{where}: cannot read <{key} val={short(text)}>: {exc}") from None
    if value is not None:
        return value
    if text in modules:
        return modules[text]
    raise ModelFileError(f"{where}: cannot read <{key} val={short(text)}>: expected a "
                         "number, True/False, a quoted string, a tuple of integers or the "
                         "name of a module")


def _inner(text, where):
    """The text between the brackets of a ``<Parameters>`` list (without one
    trailing comma)."""
    text = (text or "").strip(_SPACE)
    if not (text.startswith("[") and text.endswith("]")):
        raise ModelFileError(f"{where}: <Parameters> must hold a list like [0.5, -1.2]; "
                             f"got {short(text)}")
    inner = text[1:-1].rstrip(_SPACE)
    return inner[:-1] if inner.endswith(",") else inner


def parameter_count(text, where):
    """How many numbers a ``<Parameters>`` list holds, counted without
    allocating anything per number.

    >>> parameter_count(' [0.5, -1.0, 2.0] ', 'here')
    3
    """
    inner = _inner(text, where)
    return 0 if not inner or inner.isspace() else inner.count(",") + 1


def _not_a_number_list(where, detail):
    return ModelFileError(f"{where}: <Parameters> is not a list of numbers ({detail})")


def _check_wrappers(chunk, where):
    """Each ``(`` (what a wrapper ``np.float64(`` became) must open an item and
    be closed by a ``)`` ending the same item: a vectorised check."""
    b = np.frombuffer(chunk.encode("ascii"), dtype=np.uint8)
    b = b[~np.isin(b, np.frombuffer(_SPACE.encode(), dtype=np.uint8))]
    opens = np.flatnonzero(b == ord("("))
    closes = np.flatnonzero(b == ord(")"))
    padded = np.concatenate(([ord(",")], b, [ord(",")]))     # an item starts/ends here
    commas = np.cumsum(b == ord(","))
    if not (len(opens) == len(closes)
            and np.all(padded[opens] == ord(",")) and np.all(padded[closes + 2] == ord(","))
            and np.all(opens < closes) and np.array_equal(commas[opens], commas[closes])):
        raise _not_a_number_list(where, "an np.float64(...) wrapper is not around one number")


def _parse_chunk(chunk, where):
    wrapped = "float64(" in chunk
    if wrapped:
        for wrapper in _WRAPPERS:
            chunk = chunk.replace(wrapper, "(")
    bad = (_NOT_WRAPPED_TEXT if wrapped else _NOT_NUMBER_TEXT).search(chunk)
    if bad:
        raise _not_a_number_list(where, f"unexpected {short(bad.group())}")
    if wrapped:
        _check_wrappers(chunk, where)
        chunk = chunk.replace("(", " ").replace(")", " ")
    try:
        return np.array(chunk.split(","), dtype=np.float64)
    except ValueError as exc:
        raise _not_a_number_list(where, short(str(exc), 80)) from None


def parse_parameters(text, where, out=None):
    """The float64 numbers written as ``str(list(params))``, in any of the
    spellings PyBrain's writers produced: 17 significant digits, shortest
    repr, or numpy 2's ``np.float64(...)`` wrappers; ``nan``/``inf`` too.
    They are written into ``out`` (which must have room for exactly as many
    as the list holds) or into a new array.

    >>> parse_parameters('[np.float64(0.5), -0.14000000000000001, 1e-05]', 'here')
    array([ 5.0e-01, -1.4e-01,  1.0e-05])
    """
    n = parameter_count(text, where)
    out = np.empty(n) if out is None else out
    if len(out) != n:
        raise ModelFileError(f"{where}: <Parameters> holds {n} numbers; {len(out)} expected")
    inner, pos, k = _inner(text, where), 0, 0
    while k < n:
        stop = len(inner)
        if pos + CHUNK_CHARS < stop:
            stop = inner.rfind(",", pos, pos + CHUNK_CHARS)
            if stop < 0:
                raise _not_a_number_list(where, f"an item longer than {CHUNK_CHARS} "
                                                "characters")
        values = _parse_chunk(inner[pos:stop], where)
        out[k:k + len(values)] = values
        k, pos = k + len(values), stop + 1
    return out

"""Reading the text of PyBrain's ``val`` attributes and ``<Parameters>``.

No text from a file is ever evaluated: argument values go through
``ast.literal_eval`` and must come out as a str, int, float or bool (or name
a module read before), and parameter lists are checked character by
character before numpy converts them.
"""

import ast
import numbers
import re
import reprlib

import numpy as np

from brainkit.io.errors import ModelFileError

_WRAPPED = re.compile(r"(?:np|numpy)\.float64\(\s*([^(),]*?)\s*\)")
_NOT_NUMBER_TEXT = re.compile(r"[^0-9eE+\-.,\snaif]")
_SIMPLE = (str, int, float, bool)
MAX_TUPLE = 8       # the longest tuple of integers an argument may be (a shape, a pair)


def integer_tuple(value):
    """Whether ``value`` is a tuple of 1..MAX_TUPLE integers (not booleans): the
    one compound argument model files store, e.g. an image layer's shape."""
    return (isinstance(value, tuple) and 0 < len(value) <= MAX_TUPLE
            and all(isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_))
                    for v in value))


def short(text, limit=60):
    """``repr`` of a value from a file, cut to a readable length."""
    r = reprlib.Repr()
    r.maxstring = r.maxother = limit
    return r.repr(text)


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
                             f"its modules are {sorted(modules)}")
    try:
        value = ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        value = None
    if type(value) in _SIMPLE or integer_tuple(value):
        return value
    if text in modules:
        return modules[text]
    raise ModelFileError(f"{where}: cannot read <{key} val={short(text)}>: expected a "
                         "number, True/False, a quoted string, a tuple of integers or the "
                         "name of a module")


def parse_parameters(text, where):
    """The float64 array written as ``str(list(params))``, in any of the
    spellings PyBrain's writers produced: 17 significant digits, shortest
    repr, or numpy 2's ``np.float64(...)`` wrappers; ``nan``/``inf`` too.

    >>> parse_parameters('[np.float64(0.5), -0.14000000000000001, 1e-05]', 'here')
    array([ 5.0e-01, -1.4e-01,  1.0e-05])
    """
    text = (text or "").strip()
    if "float64" in text:
        text = _WRAPPED.sub(r"\1", text)
    if not (text.startswith("[") and text.endswith("]")):
        raise ModelFileError(f"{where}: <Parameters> must hold a list like [0.5, -1.2]; "
                             f"got {short(text)}")
    inner = text[1:-1].strip()
    if inner.endswith(","):
        inner = inner[:-1]
    if not inner.strip():
        return np.zeros(0)
    bad = _NOT_NUMBER_TEXT.search(inner)
    try:
        if bad:
            raise ValueError(f"unexpected {bad.group()!r}")
        return np.array(inner.split(","), dtype=np.float64)
    except ValueError as exc:
        raise ModelFileError(f"{where}: <Parameters> is not a list of numbers "
                             f"({str(exc)[:80]})") from None

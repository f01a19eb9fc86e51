"""Option types and option groups that several sub-commands share (``parser``
and ``sweep``): argparse ``type=`` functions that raise
ArgumentTypeError with what was expected, and the DATA options.
"""

import argparse

import numpy as np


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer; got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer; got {text!r}")
    return value


def number(low, high=None, low_ok=False, high_ok=False):
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number; got {text!r}") from None
        ok = (value > low or (low_ok and value == low)) and (
            high is None or value < high or (high_ok and value == high))
        if not ok or not np.isfinite(value):
            span = f"{'[' if low_ok else '('}{low:g}, " + \
                   (f"{high:g}{']' if high_ok else ')'}" if high is not None else "inf)")
            raise argparse.ArgumentTypeError(f"expected a number in {span}; got {text!r}")
        return value
    return parse


def hidden_sizes(text):
    if text.strip().lower() in ("", "none", "0"):
        return []
    try:
        sizes = [int(s) for s in text.split(",")]
    except ValueError:
        sizes = [0]
    if min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"expected layer sizes like 64 or 64,32 (or 'none'); "
                                         f"got {text!r}")
    return sizes


def delimiter(text):
    text = "\t" if text in ("tab", "\\t") else text
    if len(text) != 1 or text in "\"\r\n":
        raise argparse.ArgumentTypeError(f"expected one character (or 'tab'); got {text!r}")
    return text


def data_options(p, what="the target column(s)"):
    p.add_argument("--target", metavar="COLS",
                   help=f"{what}: names or numbers, comma-separated (default: the last column)")
    task = p.add_mutually_exclusive_group()
    task.add_argument("--classify", action="store_true",
                      help="the target column holds class labels (numbers or names); "
                           "automatic for text and for a few distinct whole numbers")
    task.add_argument("--regress", action="store_true",
                      help="the targets are numbers to predict, even if they are a few "
                           "distinct whole numbers")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--header", dest="header", action="store_true", default=None,
                       help="the first row of the CSV file is a header (default: detected)")
    group.add_argument("--no-header", dest="header", action="store_false", default=None,
                       help="the first row of the CSV file is data")
    p.add_argument("--delimiter", type=delimiter, default=",",
                   help="CSV field separator, one character or 'tab' (default ',')")

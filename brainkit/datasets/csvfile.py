"""Reading CSV tables for ``fromCSV`` and the bundled loaders (stdlib csv only).

A first row with any field that is not a number is taken as the header.
"""

import csv
import io
import numbers
import os

import numpy as np


def is_number(text):
    """Whether ``text`` reads as a number."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_csv(source, delimiter=","):
    """``(header, rows)`` of a CSV path or open text file: ``header`` is the
    list of column names or None, ``rows`` a list of lists of strings (blank
    lines skipped), all of the same length."""
    name = repr(os.fspath(source)) if isinstance(source, (str, os.PathLike)) else "CSV input"
    if isinstance(source, (str, os.PathLike)):
        if not os.path.isfile(source):
            raise FileNotFoundError(f"no CSV file at {name}")
        with open(source, newline="", encoding="utf-8") as f:
            rows = [row for row in csv.reader(f, delimiter=delimiter) if row]
    else:
        text = source.read()
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
    if not rows:
        raise ValueError(f"{name} is empty")
    header = None
    if not all(is_number(field) for field in rows[0]):
        header, rows = [field.strip() for field in rows[0]], rows[1:]
    width = len(header) if header is not None else len(rows[0]) if rows else 0
    for lineno, row in enumerate(rows, start=2 if header else 1):
        if len(row) != width:
            raise ValueError(f"{name}, row {lineno}: expected {width} columns; got {len(row)}")
    if not rows:
        raise ValueError(f"{name} has a header but no data rows")
    return header, rows


def target_columns(header, ncols, target):
    """Indices of the target column(s): ``target`` is an index (negative
    counts from the end), a column name, or a list of these."""
    items = [target] if isinstance(target, (str, numbers.Integral)) else list(target)
    cols = []
    for item in items:
        if isinstance(item, str):
            if header is None or item not in header:
                known = ", ".join(header) if header else "no header"
                raise KeyError(f"no column named {item!r} in the CSV file; columns: {known}")
            cols.append(header.index(item))
        elif isinstance(item, numbers.Integral) and -ncols <= item < ncols:
            cols.append(int(item) % ncols)
        else:
            raise ValueError(f"target column {item!r} out of range for {ncols} columns")
    if not cols or len(set(cols)) != len(cols) or len(cols) >= ncols:
        raise ValueError(f"target must name one or more distinct columns and leave at "
                         f"least one input column; got {target!r} for {ncols} columns")
    return cols


def to_floats(rows, cols, header):
    """The given columns of ``rows`` as a float array; a non-number is an error
    naming its row and column."""
    try:
        return np.array([[float(row[c]) for c in cols] for row in rows], dtype=float)
    except ValueError:
        for lineno, row in enumerate(rows, start=2 if header else 1):
            for c in cols:
                if not is_number(row[c]):
                    column = header[c] if header else c
                    raise ValueError(f"CSV row {lineno}, column {column!r}: expected a "
                                     f"number; got {row[c]!r}") from None
        raise

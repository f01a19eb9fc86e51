"""DATA for the command: a CSV file read by numpy in chunks, or a bundled data set.

A CSV file may start with a header (detected: a row with a text field above a
number, or of text only). The target columns are chosen by name or number;
one column of class labels (integers, or names numbered in sorted order)
becomes one-of-many targets. Only a chunk of lines is held as Python strings
at a time; the numbers go straight into numpy arrays. A ragged line, a cell
that is not a finite number or an unknown column is a ``UserError`` naming the
line (and column).
"""

import csv
import itertools
import os

import numpy as np

from brainkit.cli.errors import UserError
from brainkit.datasets.csvfile import is_number

BUNDLED = ("digits", "iris", "xor")
CHUNK_LINES = 65536       # CSV lines parsed per numpy call


class Table:
    """Data as arrays: inputs ``X`` (N, d), targets ``Y`` (N, k); for classes
    also ``labels`` (N,) class numbers and ``classes`` (their names)."""

    def __init__(self, name, X, Y, labels=None, classes=None):
        self.name, self.X, self.Y, self.labels, self.classes = name, X, Y, labels, classes

    def __len__(self):
        return len(self.X)

    def take(self, rows):
        return Table(self.name, self.X[rows], self.Y[rows],
                     None if self.labels is None else self.labels[rows], self.classes)


def one_of_many(labels, n_classes):
    """(N,) class numbers -> (N, n_classes) targets with a single 1 per row."""
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def is_bundled(spec):
    """A bundled data set's name, and no file of that name here."""
    return spec in BUNDLED and not os.path.exists(spec)


def _bundled(name, classify):
    from brainkit import datasets
    ds = getattr(datasets, f"load_{name}")()
    X, Y = np.asarray(ds["input"], dtype=float), np.asarray(ds["target"], dtype=float)
    if ds.hasField("class"):
        labels = np.asarray(ds["class"]).ravel().astype(int)
        return Table(name, X, Y, labels, [str(c) for c in ds.class_labels])
    if classify:
        labels = Y[:, 0].astype(int)
        n = labels.max() + 1
        return Table(name, X, one_of_many(labels, n), labels, [str(k) for k in range(n)])
    return Table(name, X, Y)


def _fields(line, delimiter):
    return [f.strip() for f in next(csv.reader([line], delimiter=delimiter))]


class CSVLayout:
    """What the first two non-blank rows of a CSV file say: ``has_header``,
    ``header_line`` (its line number), the column ``names`` (numbers as text
    without a header) and the fields of the first data row."""

    def __init__(self, path, delimiter=",", header=None):
        if not os.path.isfile(path):
            what = "is a directory, not a CSV file" if os.path.isdir(path) else "does not exist"
            raise UserError(f"{path} {what} (DATA is a CSV file or one of {', '.join(BUNDLED)})")
        rows = []
        for lineno, line in _numbered_lines(path):
            if line.strip():
                rows.append((lineno, _fields(line, delimiter)))
                if len(rows) == 2:
                    break
        if not rows:
            raise UserError(f"{path} is empty")
        first = rows[0][1]
        if header is None:
            below = rows[1][1] if len(rows) > 1 else first
            header = (all(not is_number(f) for f in first)
                      or any(not is_number(a) and is_number(b) for a, b in zip(first, below)))
        self.has_header = bool(header)
        self.header_line = rows[0][0] if header else None
        self.names = first if header else [str(c) for c in range(len(first))]
        data = rows[1:] if header else rows
        self.first_data = data[0][1] if data else None

    def column(self, c):
        """'column 3 ('b')': how messages name column index c."""
        return f"column {c + 1}" + (f" ({self.names[c]!r})" if self.has_header else "")

    def resolve(self, spec, path):
        """Column indices for ``--target``: names or numbers, comma-separated
        (negative numbers count from the end)."""
        ncols, cols = len(self.names), []
        for item in (s.strip() for s in spec.split(",")):
            if self.has_header and item in self.names:
                cols.append(self.names.index(item))
                continue
            try:
                index = int(item)
            except ValueError:
                known = ", ".join(self.names) if self.has_header else "the file has no header row"
                raise UserError(f"{path} has no column named {item!r} ({known}); give "
                                f"--target a column name or a number 0..{ncols - 1}") from None
            if not -ncols <= index < ncols:
                raise UserError(f"{path} has {ncols} columns; --target {index} is not one of "
                                f"them (0..{ncols - 1}, or -1 for the last)")
            cols.append(index % ncols)
        if len(set(cols)) != len(cols):
            raise UserError(f"--target {spec!r} names a column twice")
        return cols


def _numbered_lines(path):
    """(line number, line) of a UTF-8 text file (a byte order mark is dropped)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        try:
            yield from enumerate(f, start=1)
        except UnicodeDecodeError:
            raise UserError(f"{path} is not a text (UTF-8) CSV file") from None


def _chunks(path, skip_line):
    """(line numbers, stripped lines) of the non-blank lines, CHUNK_LINES at a
    time, without line ``skip_line`` (the header)."""
    numbered = _numbered_lines(path)
    while True:
        part = [(n, line.strip()) for n, line in itertools.islice(numbered, CHUNK_LINES)]
        if not part:
            return
        part = [(n, line) for n, line in part if line and n != skip_line]
        if part:
            numbers, lines = zip(*part)
            yield np.array(numbers), list(lines)


def _check_widths(path, numbers, lines, ncols, delimiter):
    counts = np.fromiter((line.count(delimiter) + 1 for line in lines), int, len(lines))
    bad = np.flatnonzero(counts != ncols)
    if bad.size:
        j = bad[0]
        raise UserError(f"{path}, line {numbers[j]}: {counts[j]} fields; expected {ncols} "
                        "like the first line (fields may not contain the delimiter)")


def _numbers(path, layout, numbers, lines, cols, delimiter):
    try:
        block = np.loadtxt(lines, delimiter=delimiter, usecols=cols, dtype=float, ndmin=2,
                           comments=None, quotechar='"')
    except ValueError:
        block = None
    if block is not None and np.all(np.isfinite(block)):
        return block
    # find the first bad cell; only on failure, so the good path stays in numpy
    for n, line in zip(numbers, lines):
        fields = _fields(line, delimiter)
        for c in cols:
            if not is_number(fields[c]) or not np.isfinite(float(fields[c])):
                raise UserError(f"{path}, line {n}, {layout.column(c)}: expected a finite "
                                f"number; got {fields[c]!r}")
    raise UserError(f"{path}: could not read the numbers of lines {numbers[0]}-{numbers[-1]}")


def _labels(path, cells, numbers):
    """Class numbers and names from label cells (with their line numbers)."""
    empty = np.flatnonzero(cells == "")
    if empty.size:
        raise UserError(f"{path}, line {numbers[empty[0]]}: the class label is empty")
    if all(c.lstrip("-").isdigit() for c in np.unique(cells)):
        labels = cells.astype(int)
        if labels.min() < 0:
            j = int(np.argmin(labels))
            raise UserError(f"{path}, line {numbers[j]}: class labels must be non-negative "
                            f"integers or names; got {labels[j]}")
        return labels, [str(k) for k in range(labels.max() + 1)]
    names, labels = np.unique(cells, return_inverse=True)
    return labels, [str(c) for c in names]


def read_csv(path, target=None, classify=False, header=None, delimiter=",",
             default_targets=1, targets=True):
    """A CSV file as a ``Table``.

    ``target``: the target columns, names or numbers, comma-separated (default:
    the last ``default_targets`` columns); the others are inputs. With
    ``classify``, or when the first target cell is text, the one target column
    holds class labels: non-negative integers are the class numbers, names are
    numbered in sorted order. With ``targets=False`` the target columns are
    left unread (``Y`` has no columns).
    """
    layout = CSVLayout(path, delimiter, header)
    ncols = len(layout.names)
    tcols = (layout.resolve(target, path) if target is not None
             else list(range(ncols - default_targets, ncols)))
    icols = [c for c in range(ncols) if c not in tcols]
    if not icols or (targets and not tcols):
        raise UserError(f"{path} has {ncols} column(s): need at least one input column"
                        + (" and one target column" if targets else ""))
    first = layout.first_data
    text_labels = (len(tcols) == 1 and first is not None and len(first) == ncols
                   and not is_number(first[tcols[0]]))
    classify = targets and (classify or text_labels)
    if classify and len(tcols) != 1:
        raise UserError(f"class labels come from one column; --target names {len(tcols)}")
    numeric = icols + (tcols if targets and not classify else [])
    blocks, cells, lines_read = [], [], []
    for numbers, lines in _chunks(path, layout.header_line):
        _check_widths(path, numbers, lines, ncols, delimiter)
        blocks.append(_numbers(path, layout, numbers, lines, numeric, delimiter))
        if classify:
            part = np.loadtxt(lines, delimiter=delimiter, usecols=tcols, dtype=str, ndmin=1,
                              comments=None, quotechar='"')
            cells.append(np.char.strip(np.atleast_1d(part)))
            lines_read.append(numbers)
    if not blocks:
        raise UserError(f"{path} has a header but no data rows")
    data = np.concatenate(blocks)
    X, Y = data[:, :len(icols)], data[:, len(icols):]     # without targets Y is (N, 0)
    name = os.path.basename(path)
    if not classify:
        return Table(name, X, Y)
    labels, classes = _labels(path, np.concatenate(cells), np.concatenate(lines_read))
    return Table(name, X, one_of_many(labels, len(classes)), labels, classes)


def load_data(spec, target=None, classify=False, header=None, delimiter=",",
              default_targets=1, targets=True):
    """DATA: a bundled data set (``digits``, ``iris``, ``xor``, unless a file of
    that name exists) or a CSV file (see ``read_csv``)."""
    if is_bundled(spec):
        if target is not None:
            raise UserError(f"--target applies to CSV files; {spec!r} is a bundled data set")
        return _bundled(spec, classify)
    return read_csv(spec, target, classify, header, delimiter, default_targets, targets)

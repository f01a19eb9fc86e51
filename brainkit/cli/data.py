"""DATA for the command: a CSV file read by numpy in chunks, or a bundled data set.

A CSV file may start with a header (detected: a row with a text field above a
number, or of text only). The target columns are chosen by name or number.
One target column is a classification when it holds text, or a few distinct
whole numbers (at most ``AUTO_CLASSES``; ``task`` overrides), and its class
names are the distinct labels in sorted order; otherwise the targets are
numbers to predict. Only a chunk of lines is held as Python strings at a
time; the numbers go straight into numpy arrays. A ragged line, a cell that
is not a finite number or an unknown column is a ``UserError`` naming the
line (and column); so are more classes than ``MAX_CLASSES`` and targets that
would not fit in memory.
"""

import csv
import itertools
import os

import numpy as np

from brainkit.cli.errors import UserError
from brainkit.cli.ondisk import memory_budget
from brainkit.datasets.csvfile import is_number

BUNDLED = ("digits", "iris", "xor")
CHUNK_LINES = 65536       # CSV lines parsed per numpy call
AUTO_CLASSES = 20         # at most this many distinct whole numbers make classes by themselves
MAX_CLASSES = 1000        # the most classes a target may have


class Table:
    """Data as arrays: inputs ``X`` (N, d), targets ``Y`` (N, k); for classes
    also ``labels`` (N,) class numbers and ``classes`` (their names). Also the
    column names (``input_names``, ``target_names``) and ``reason``, why the
    task is what it is."""

    def __init__(self, name, X, Y, labels=None, classes=None, input_names=None,
                 target_names=None, reason=""):
        self.name, self.X, self.Y, self.labels, self.classes = name, X, Y, labels, classes
        self.input_names = input_names or [str(c) for c in range(X.shape[1])]
        self.target_names = target_names or [str(c) for c in range(Y.shape[1])]
        self.reason = reason

    @property
    def task(self):
        return "regression" if self.labels is None else "classification"

    def __len__(self):
        return len(self.X)

    def take(self, rows):
        return Table(self.name, self.X[rows], self.Y[rows],
                     None if self.labels is None else self.labels[rows], self.classes,
                     self.input_names, self.target_names, self.reason)


def check_memory(count, what):
    """Refuse ``count`` float64 numbers that would take over half the memory
    this process may still use (``ondisk.memory_budget``: the free memory,
    or less under ``ulimit -v``)."""
    free = memory_budget()
    if 8 * count > free // 2:
        raise UserError(f"{what} would take {8 * count / 2**30:.1f} GiB as numbers, over half "
                        f"of the {free / 2**30:.1f} GiB of free memory; use fewer rows"
                        + (" or classes" if "class" in what else ""))


def one_of_many(labels, n_classes):
    """(N,) class numbers -> (N, n_classes) targets with a single 1 per row."""
    check_memory(len(labels) * n_classes, f"{len(labels)} rows of {n_classes} classes")
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def is_bundled(spec):
    """A bundled data set's name, and no file of that name here."""
    return spec in BUNDLED and not os.path.exists(spec)


def _bundled(name, task, classes=None):
    from brainkit import datasets
    ds = getattr(datasets, f"load_{name}")()
    X, Y = np.asarray(ds["input"], dtype=float), np.asarray(ds["target"], dtype=float)
    names = [f"x{k}" for k in range(X.shape[1])]
    if ds.hasField("class") and task != "regression":
        cells = np.array([str(c) for c in ds.class_labels])[np.asarray(ds["class"]).ravel()
                                                             .astype(int)]
        return _classes(name, X, cells, np.arange(1, len(X) + 1), classes, names, ["class"],
                        f"{name} is a bundled set of classes")
    cells = np.array([f"{v:g}" for v in Y[:, 0]]) if Y.shape[1] == 1 else None
    return _decide(name, X, Y, cells, np.arange(1, len(X) + 1), task, classes, names, ["y"])


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
                hint = ("" if is_number(fields[c]) else
                        " (a column of text can only be the --target; leave it out of the "
                        "file otherwise)")
                raise UserError(f"{path}, line {n}, {layout.column(c)}: expected a finite "
                                f"number; got {fields[c][:60]!r}{hint}")
    raise UserError(f"{path}: could not read the numbers of lines {numbers[0]}-{numbers[-1]}")


def label_name(cell):
    """The class name of a label cell: the text, or a number written plainly
    ('1.0' and '1' are both class '1')."""
    if is_number(cell):
        value = float(cell)
        if np.isfinite(value):
            return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)
    return cell


def _classes(name, X, cells, numbers, known, input_names, target_names, reason):
    """A Table of classes from label cells; ``known`` class names (a model's)
    map the labels by name, and a label outside them is refused."""
    empty = np.flatnonzero(cells == "")
    if empty.size:
        raise UserError(f"{name}, line {numbers[empty[0]]}: the class label is empty")
    distinct, inverse = np.unique(cells, return_inverse=True)
    if known is None and len(distinct) > MAX_CLASSES:
        raise UserError(f"{name}: the target has {len(distinct)} distinct labels; at most "
                        f"{MAX_CLASSES} classes are allowed (is it a number to predict? "
                        "then leave out --classify, or give --regress)")
    names = [label_name(str(c)) for c in distinct]
    if known is None:
        numeric = all(is_number(c) for c in distinct)
        classes = sorted(set(names), key=(lambda c: float(c)) if numeric else None)
    else:
        classes = list(known)
        unknown = sorted(set(names) - set(classes))
        if unknown:
            row = int(np.flatnonzero(np.array(names)[inverse] == unknown[0])[0])
            shown = ", ".join(classes[:20]) + (", ..." if len(classes) > 20 else "")
            raise UserError(f"{name}, line {numbers[row]}: class {unknown[0][:60]!r} is not one "
                            f"the model knows ({shown})")
    index = {c: k for k, c in enumerate(classes)}
    labels = np.array([index[n] for n in names], dtype=int)[inverse]
    return Table(name, X, one_of_many(labels, len(classes)), labels, classes, input_names,
                 target_names, reason)


def _decide(name, X, Y, cells, numbers, task, known, input_names, target_names):
    """Classes or numbers to predict, and why (see the module docstring)."""
    column = target_names[0] if target_names else "the target"
    numeric = Y is not None
    if task == "regression" or (task is None and known is None and cells is None):
        reason = "" if task else f"regression: {Y.shape[1]} target columns of numbers"
        return Table(name, X, Y, input_names=input_names, target_names=target_names,
                     reason=reason)
    if task is None and known is None and numeric:
        values = np.unique(Y[:, 0])
        whole = bool(np.all(values == np.round(values)))
        few = 2 <= len(values) <= min(AUTO_CLASSES, len(Y) // 2)   # and labels repeat
        if not (whole and few):
            why = "not all whole numbers" if not whole else f"{len(values)} distinct values"
            return Table(name, X, Y, input_names=input_names, target_names=target_names,
                         reason=f"regression: the target {column!r} holds numbers ({why}); "
                                "give --classify to treat them as class labels")
        shown = ", ".join(label_name(f"{v:.17g}") for v in values[:6])
        reason = (f"classification: the target {column!r} holds {len(values)} distinct whole "
                  f"numbers ({shown}{', ...' if len(values) > 6 else ''}); give --regress to "
                  "predict it as a number")
    elif task is None and known is None:
        reason = f"classification: the target {column!r} holds text labels"
    else:
        reason = ""
    return _classes(name, X, cells, numbers, known, input_names, target_names, reason)


def read_csv(path, target=None, task=None, header=None, delimiter=",",
             default_targets=1, targets=True, inputs=None, classes=None):
    """A CSV file as a ``Table``.

    ``target``: the target columns, names or numbers, comma-separated (default:
    the last ``default_targets`` columns); the others are inputs, or, with
    ``inputs`` (a model's input names) and a header, the columns of those names
    in that order. ``task`` is None (decided from the target, see the module
    docstring), 'classification' or 'regression'; ``classes`` (a model's class
    names) maps labels by name. With ``targets=False`` the target columns are
    left unread (``Y`` has no columns).
    """
    layout = CSVLayout(path, delimiter, header)
    ncols = len(layout.names)
    tcols = (layout.resolve(target, path) if target is not None
             else list(range(ncols - default_targets, ncols)) if default_targets else [])
    if inputs is not None and layout.has_header and set(inputs) <= set(layout.names):
        icols = [layout.names.index(n) for n in inputs]
        if target is None and not targets:
            tcols = []
    else:
        if inputs is not None and layout.has_header:
            missing = [n for n in inputs if n not in layout.names]
            raise UserError(f"{path} has no column named {missing[0][:60]!r}, an input of the "
                            f"model (its inputs: {', '.join(inputs[:10])}"
                            f"{', ...' if len(inputs) > 10 else ''})")
        icols = [c for c in range(ncols) if c not in tcols]
    if set(icols) & set(tcols):
        raise UserError(f"{path}: column {layout.names[sorted(set(icols) & set(tcols))[0]]!r} "
                        "is both an input of the model and a --target")
    if not icols or (targets and not tcols):
        raise UserError(f"{path} has {ncols} column(s): need at least one input column"
                        + (" and one target column" if targets else ""))
    if task == "classification" and len(tcols) != 1 and targets:
        raise UserError(f"class labels come from one column; --target names {len(tcols)}")
    labelled = targets and len(tcols) == 1 and task != "regression"
    numeric_targets = tcols if targets else []
    blocks, cells, lines_read, tblocks = [], [], [], []
    for numbers, lines in _chunks(path, layout.header_line):
        _check_widths(path, numbers, lines, ncols, delimiter)
        blocks.append(_numbers(path, layout, numbers, lines, icols, delimiter))
        check_memory(sum(len(b) for b in blocks) * (len(icols) + len(tcols)),
                     f"the {len(icols) + len(tcols)} columns of {path}")
        if labelled:
            part = np.loadtxt(lines, delimiter=delimiter, usecols=tcols, dtype=str, ndmin=1,
                              comments=None, quotechar='"')
            cells.append(np.char.strip(np.atleast_1d(part)))
            lines_read.append(numbers)
        elif numeric_targets:
            tblocks.append(_numbers(path, layout, numbers, lines, tcols, delimiter))
    if not blocks:
        raise UserError(f"{path} has a header but no data rows")
    X = np.concatenate(blocks)
    name = os.path.basename(path)
    input_names = [layout.names[c] for c in icols]
    target_names = [layout.names[c] for c in tcols]
    if not targets:
        return Table(name, X, np.zeros((len(X), 0)), input_names=input_names)
    if not labelled:
        return _decide(name, X, np.concatenate(tblocks), None, None, task, None,
                       input_names, target_names)
    cells, numbers = np.concatenate(cells), np.concatenate(lines_read)
    Y = None
    if classes is None and task != "classification" and all(is_number(c) for c in np.unique(cells)):
        Y = cells.astype(float)[:, None]
        bad = np.flatnonzero(~np.isfinite(Y[:, 0]))
        if bad.size:
            raise UserError(f"{path}, line {numbers[bad[0]]}, {layout.column(tcols[0])}: "
                            f"expected a finite number; got {cells[bad[0]]!r}")
    return _decide(name, X, Y, cells, numbers, task, classes, input_names, target_names)


def load_data(spec, target=None, task=None, header=None, delimiter=",",
              default_targets=1, targets=True, inputs=None, classes=None):
    """DATA: a bundled data set (``digits``, ``iris``, ``xor``, unless a file of
    that name exists) or a CSV file (see ``read_csv``)."""
    if is_bundled(spec):
        if target is not None:
            raise UserError(f"--target applies to CSV files; {spec!r} is a bundled data set")
        table = _bundled(spec, task, classes)
        if not targets:
            table.Y = np.zeros((len(table), 0))
        return table
    return read_csv(spec, target, task, header, delimiter, default_targets, targets, inputs,
                    classes)

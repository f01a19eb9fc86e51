"""ClassificationDataSet: integer class labels, convertible to one-of-many targets."""

import numbers

import numpy as np

from brainkit.datasets.dataset import random_order
from brainkit.datasets.sequential import SequentialDataSet
from brainkit.datasets.supervised import SupervisedDataSet


def check_nb_classes(nb_classes):
    """``nb_classes`` as an int >= 0 (0: count them from the labels)."""
    if not isinstance(nb_classes, numbers.Integral) or isinstance(nb_classes, bool):
        raise TypeError(f"nb_classes must be an integer (0: from the labels); "
                        f"got {nb_classes!r:.60}")
    if nb_classes < 0:
        raise ValueError(f"nb_classes must be 0 (count the classes from the labels) or "
                         f"more; got {nb_classes}")
    return int(nb_classes)


def check_class_labels(class_labels):
    """``class_labels`` as a list of names (strings or numbers), one per class."""
    if isinstance(class_labels, (str, bytes)) or not isinstance(class_labels, (list, tuple)):
        raise TypeError(f"class_labels must be a list of class names, one per class; "
                        f"got {class_labels!r:.60}")
    bad = [c for c in class_labels
           if not isinstance(c, (str, numbers.Real)) or isinstance(c, bool)]
    if bad:
        raise TypeError(f"class_labels must hold strings or numbers; got {bad[0]!r:.60}")
    return list(class_labels)


class ClassificationDataSet(SupervisedDataSet):
    """Samples with integer class labels 0 .. nClasses-1 as targets.

    As in PyBrain the ``target`` field is an integer field, so a float target
    is truncated (2.7 -> 2) [SURPRISE]. ``_convertToOneOfMany()`` turns the
    labels into one-of-many rows and keeps them in the ``class`` field, which
    here always holds each sample's label.

    >>> ds = ClassificationDataSet(2, nb_classes=3, class_labels=['a', 'b', 'c'])
    >>> ds.addSample([0.1, 0.2], [2]); ds.addSample([0.3, 0.4], [0])
    >>> ds._convertToOneOfMany()
    >>> ds['target'].tolist(), ds['class'].ravel().tolist(), ds.outdim, ds.getClass(2)
    ([[0, 0, 1], [1, 0, 0]], [2, 0], 3, 'c')
    """

    _rowfields = ("class",)
    _meta_names = ("_nb_classes", "class_labels")

    def __init__(self, inp, target=1, nb_classes=0, class_labels=None):
        SupervisedDataSet.__init__(self, inp, target)
        self._init_classes(nb_classes, class_labels)

    def _init_classes(self, nb_classes, class_labels):
        """The class parts of a fresh data set (after the fields exist)."""
        self._nb_classes = check_nb_classes(nb_classes)
        if class_labels is not None:
            class_labels = check_class_labels(class_labels)
        self.convertField("target", int)      # PyBrain's int targets [SURPRISE]
        self.addField("class", 1)
        self.convertField("class", int)
        self._append_rows("class", self._labels()[:, None])
        if class_labels is None:
            class_labels = sorted(set(self["class"].ravel().tolist()))
        self.class_labels = class_labels

    def _check_loaded(self):
        super()._check_loaded()
        self._check_field("class", 1, integer=True, linked=False)
        self._nb_classes = check_nb_classes(self._nb_classes)
        self.class_labels = check_class_labels(self.class_labels)

    @property
    def nClasses(self):
        """``nb_classes`` if it was given (> 0); else the width of one-of-many
        targets; else the largest label + 1 (PyBrain counted distinct labels)."""
        if self._nb_classes > 0:
            return self._nb_classes
        if self.outdim > 1:
            return self.outdim
        labels = self["target"]
        return int(labels.max()) + 1 if labels.size else 0

    @nClasses.setter
    def nClasses(self, value):
        self._nb_classes = check_nb_classes(value)

    def _labels(self, targets=None):
        """The integer label of every sample (argmax of one-of-many rows)."""
        targets = self["target"] if targets is None else targets
        if targets.shape[1] == 1:
            return targets[:, 0].astype(int)
        return np.argmax(targets, axis=1)

    def _check_labels(self, labels):
        n = self.nClasses
        bad = labels[(labels < 0) | (labels >= n)]
        if bad.size:
            raise ValueError(f"class label {int(bad[0])} is out of range for {n} classes "
                             f"(labels must be 0 .. {n - 1}; pass nb_classes to say how many)")

    def addSample(self, inp, target):
        """Append one sample; its label also goes to the ``class`` field."""
        in_sync = self.endmarker["class"] == len(self)
        self.appendLinked(inp, target)
        if in_sync:
            self._append_rows("class", self._labels(self["target"][-1:])[:, None])

    def assignClasses(self):
        """Make the ``class`` field hold every sample's label."""
        if self.endmarker["class"] != len(self):
            self.setField("class", self._labels()[:, None])

    def calculateStatistics(self):
        """``classHist``: a dict {class: number of samples}; also returned."""
        self.assignClasses()
        labels = self["class"].ravel()
        self._check_labels(labels)
        counts = np.bincount(labels, minlength=self.nClasses)
        self.classHist = {c: int(k) for c, k in enumerate(counts)}
        return self.classHist

    def getClass(self, idx):
        """The name of class ``idx`` (``class_labels[idx]``)."""
        if not -len(self.class_labels) <= idx < len(self.class_labels):
            raise IndexError(f"class {idx} has no label; class_labels has "
                             f"{len(self.class_labels)}: {self.class_labels}")
        return self.class_labels[idx]

    def _convertToOneOfMany(self, bounds=(0, 1)):
        """Replace the labels in ``target`` by (N, nClasses) rows of ``bounds[0]``
        with ``bounds[1]`` at the label; the labels stay in ``class``. Does
        nothing if the targets are already wider than one column."""
        if self.outdim != 1:
            return
        labels = self._labels()
        n = self.nClasses
        if n == 0:
            raise ValueError("_convertToOneOfMany: no classes known; add samples first or "
                             "pass nb_classes")
        self._check_labels(labels)
        # int32 as in PyBrain; float bounds make it float
        dtype = np.result_type(np.int32, bounds[0], bounds[1])
        onehot = np.full((len(self), n), bounds[0], dtype=dtype)
        onehot[np.arange(len(self)), labels] = bounds[1]
        self.setField("target", onehot)
        self.setField("class", labels[:, None])

    def _convertToClassNb(self):
        """The reverse of ``_convertToOneOfMany``: the labels go back to ``target``."""
        if self.outdim == 1:
            return
        self.assignClasses()
        self.setField("target", self["class"].copy())

    def splitByClass(self, cls_select):
        """``(left, right)``: the samples of class ``cls_select`` and the rest."""
        self.assignClasses()
        mask = self["class"].ravel() == cls_select
        return self._take(np.flatnonzero(mask)), self._take(np.flatnonzero(~mask))

    @classmethod
    def fromCSV(cls, path, target=-1, delimiter=",", nb_classes=0, class_labels=None):
        """Read a CSV file whose ``target`` column holds integer labels or class
        names; names become 0, 1, ... in the order of ``class_labels`` if given,
        else in order of first appearance (and become ``class_labels``)."""
        from brainkit.datasets.csvfile import read_csv, target_columns, to_floats
        header, rows = read_csv(path, delimiter)
        ncols = len(rows[0])
        (tcol,) = target_columns(header, ncols, target)
        inputs = to_floats(rows, [c for c in range(ncols) if c != tcol], header)
        names = [row[tcol].strip() for row in rows]
        try:
            labels = np.array([float(name) for name in names]).astype(int)
        except ValueError:
            known = list(class_labels) if class_labels is not None else list(dict.fromkeys(names))
            unknown = sorted(set(names) - set(map(str, known)))
            if unknown:
                raise ValueError(f"class names {unknown} in the CSV file are not in "
                                 f"class_labels {known}") from None
            index = {str(name): i for i, name in enumerate(known)}
            labels, class_labels = np.array([index[name] for name in names]), known
        return cls(inputs, labels[:, None], nb_classes=nb_classes, class_labels=class_labels)


class SequenceClassificationDataSet(SequentialDataSet, ClassificationDataSet):
    """Sequences whose samples carry class labels; a sequence's class is that
    of its last sample (PyBrain's convention).

    >>> ds = SequenceClassificationDataSet(1, 1, nb_classes=2)
    >>> ds.addSample([0.5], [0]); ds.addSample([0.1], [1])
    >>> ds.newSequence(); ds.addSample([0.2], [0])
    >>> ds.getSequenceClass().tolist(), int(ds.getSequenceClass(0))
    ([1, 0], 1)
    """

    def __init__(self, inp, target, nb_classes=0, class_labels=None):
        SequentialDataSet.__init__(self, inp, target)
        self._init_classes(nb_classes, class_labels)

    # _check_loaded: SequentialDataSet's, then (through super()) ClassificationDataSet's,
    # SupervisedDataSet's and DataSet's, each once

    def __add__(self, other):
        raise NotImplementedError("SequenceClassificationDataSet: + is not defined (as in "
                                  "PyBrain); build a new data set from both")

    def getSequenceClass(self, index=None):
        """The class of every sequence (an int array; its last sample's label),
        or of sequence ``index`` alone."""
        self.assignClasses()
        if index is None:
            _, stops = self.sequence_bounds()
            return self["class"][stops - 1, 0]
        _, stop = self._bounds_of(index)
        return self["class"][stop - 1, 0]

    def stratifiedSplit(self, testfrac=0.15, evalfrac=0, rng=None):
        """``(training, test)`` (or ``(training, test, evaluation)`` when
        ``evalfrac`` > 0) by whole sequences, each class split in the same
        proportions: ``int(testfrac * n)`` of a class's n sequences go to test,
        ``int(evalfrac * n)`` to evaluation. The sequences come out grouped by
        class, shuffled by numpy's global state as in PyBrain (or ``rng``)."""
        for label, frac in (("testfrac", testfrac), ("evalfrac", evalfrac)):
            if not 0 <= frac < 1:
                raise ValueError(f"stratifiedSplit: {label} must be in [0, 1); got {frac!r}")
        if testfrac + evalfrac >= 1:
            raise ValueError("stratifiedSplit: testfrac + evalfrac must stay below 1")
        classes = self.getSequenceClass()
        if isinstance(rng, numbers.Integral):   # one generator for all classes
            rng = np.random.default_rng(rng)
        parts = ([], [], [])                                # training, test, evaluation
        for c in range(self.nClasses):
            idx = np.flatnonzero(classes == c)
            order = idx[random_order(len(idx), rng)]
            ntest, neval = int(testfrac * len(idx)), int(evalfrac * len(idx))
            parts[1].extend(order[:ntest])
            parts[2].extend(order[ntest:ntest + neval])
            parts[0].extend(order[ntest + neval:])
        split = tuple(self._take_sequences(np.array(p, dtype=np.intp)) for p in parts)
        return split if evalfrac > 0 else split[:2]

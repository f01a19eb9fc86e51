"""Ready-made data sets: bundled real data (digits, iris) and small generated
ones (XOR, gender, parity, two moons). No network access, ever.

Sources and licences of the bundled files: ``brainkit/datasets/data/README.md``.
"""

import numbers
from importlib import resources

import numpy as np

from brainkit.datasets.classification import ClassificationDataSet
from brainkit.datasets.sequential import SequentialDataSet
from brainkit.datasets.supervised import SupervisedDataSet


def _data_file(name):
    return resources.files("brainkit.datasets").joinpath("data", name).open(
        "r", encoding="utf-8", newline="")


def _generator(rng):
    """A numpy Generator from None (drawn from numpy's global state, so
    ``np.random.seed`` makes it repeatable), an int seed, a Generator or a RandomState."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng(np.random.randint(2**31))
    if isinstance(rng, np.random.RandomState):
        return np.random.default_rng(rng.randint(2**31))
    if isinstance(rng, numbers.Integral):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be a numpy Generator, RandomState, int seed or None; got {rng!r}")


def _positive_int(value, name, least=1):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < least:
        raise ValueError(f"{name} must be an integer of at least {least}; got {value!r}")
    return int(value)


def load_digits():
    """The UCI hand-written digits (Alpaydin and Kaynak, CC BY 4.0): 1797 images
    of 8x8 pixels, inputs scaled from counts 0..16 to [0, 1] (64 per sample),
    one-of-many targets for the 10 classes, the digits 0-9 in ``class``.

    >>> ds = load_digits()
    >>> ds['input'].shape, ds['target'].shape, ds.nClasses
    ((1797, 64), (1797, 10), 10)
    """
    with _data_file("digits.csv") as f:
        table = np.loadtxt(f, delimiter=",", skiprows=1)
    ds = ClassificationDataSet(table[:, :64] / 16.0, table[:, 64:].astype(int),
                               nb_classes=10, class_labels=list(range(10)))
    ds._convertToOneOfMany()
    return ds


def load_iris():
    """Fisher's iris (UCI, CC BY 4.0): 150 samples of 4 measurements in cm,
    3 classes numbered in order of first appearance (setosa 0, versicolor 1,
    virginica 2; the names are ``class_labels``), one-of-many targets.

    >>> ds = load_iris()
    >>> ds['input'].shape, ds.class_labels, ds.calculateStatistics()
    ((150, 4), ['setosa', 'versicolor', 'virginica'], {0: 50, 1: 50, 2: 50})
    """
    with _data_file("iris.csv") as f:
        ds = ClassificationDataSet.fromCSV(f, target="species")
    ds._convertToOneOfMany()
    return ds


def load_xor():
    """The XOR truth table: 4 samples, 2 inputs, 1 target.

    >>> ds = load_xor()
    >>> ds['input'].tolist(), ds['target'].ravel().tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0, 0.0])
    """
    return SupervisedDataSet(np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]),
                             np.array([[0.0], [1.0], [1.0], [0.0]]))


def load_gender():
    """The weight/height table of the classic "neural network from scratch"
    tutorial, shifted by -135 lb and -66 in; target 1 for female:

    ======= ====== ====== ====== =========
    name    weight height gender input
    ======= ====== ====== ====== =========
    Alice   133 lb 65 in  F      (-2, -1)
    Bob     160 lb 72 in  M      (25, 6)
    Charlie 152 lb 70 in  M      (17, 4)
    Diana   120 lb 60 in  F      (-15, -6)
    ======= ====== ====== ====== =========

    >>> load_gender()['target'].ravel().tolist()
    [1.0, 0.0, 0.0, 1.0]
    """
    weights_heights = np.array([[133.0, 65.0], [160.0, 72.0], [152.0, 70.0], [120.0, 60.0]])
    female = np.array([[1.0], [0.0], [0.0], [1.0]])
    return SupervisedDataSet(weights_heights - [135.0, 66.0], female)


def load_parity(n_sequences=100, rng=None, min_length=2, max_length=10, bipolar=False):
    """Random bit streams and their running parity (PyBrain's classic recurrent
    task): ``n_sequences`` sequences of random length ``min_length`` ..
    ``max_length``; the target at step t is 1 if the bits up to t hold an odd
    number of ones. Bits and targets are 0/1, or -1/+1 with ``bipolar``.

    >>> ds = load_parity(3, rng=0)
    >>> ds.getNumSequences(), ds.indim, ds.outdim
    (3, 1, 1)
    """
    n_sequences = _positive_int(n_sequences, "n_sequences")
    min_length = _positive_int(min_length, "min_length")
    max_length = _positive_int(max_length, "max_length", least=min_length)
    rng = _generator(rng)
    lengths = rng.integers(min_length, max_length + 1, size=n_sequences)
    bits = rng.integers(0, 2, size=int(lengths.sum()))
    firsts = np.cumsum(lengths) - lengths
    ones = np.cumsum(bits)
    before = np.repeat(ones[firsts] - bits[firsts], lengths)   # ones before each sequence
    parity = (ones - before) % 2
    scale = (lambda a: 2.0 * a - 1.0) if bipolar else (lambda a: a.astype(float))
    ds = SequentialDataSet.fromArrays(scale(bits)[:, None], scale(parity)[:, None])
    ds.setField("sequence_index", firsts[:, None])
    return ds


def make_moons(n=500, noise=0.2, rng=None):
    """Two interleaving half circles in the plane, with Gaussian noise of
    standard deviation ``noise``, shuffled: ``n // 2`` points of class 0 on the
    upper arc (cos t, sin t), the rest of class 1 on the lower one
    (1 - cos t, 0.5 - sin t), t in [0, pi]. A ClassificationDataSet with one
    0/1 target column (call ``_convertToOneOfMany()`` for two outputs).

    >>> ds = make_moons(100, rng=0)
    >>> ds['input'].shape, ds.calculateStatistics()
    ((100, 2), {0: 50, 1: 50})
    """
    n = _positive_int(n, "n", least=2)
    if not isinstance(noise, numbers.Real) or not noise >= 0:
        raise ValueError(f"noise must be a non-negative number; got {noise!r}")
    rng = _generator(rng)
    n_upper = n // 2
    t = np.concatenate([np.linspace(0, np.pi, n_upper), np.linspace(0, np.pi, n - n_upper)])
    labels = np.repeat([0, 1], [n_upper, n - n_upper])
    X = np.where(labels[:, None] == 0,
                 np.column_stack([np.cos(t), np.sin(t)]),
                 np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)]))
    X = X + rng.normal(scale=float(noise), size=X.shape)
    order = rng.permutation(n)
    return ClassificationDataSet(X[order], labels[order, None], nb_classes=2,
                                 class_labels=["upper", "lower"])

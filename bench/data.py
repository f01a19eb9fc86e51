"""The workloads' data, in plain numpy and seeded (no brainkit import, so the
memory check's floor process loads nothing it does not need).

Plain data is (N, dim); sequence data is time-major (T, S, dim), S sequences
of T steps side by side.
"""

import numpy as np

SEED = 2024


def synthetic_classes(n, indim=784, classes=10, seed=SEED):
    """MNIST-sized synthetic data, float64: inputs uniform in [-0.025, 0.025)
    and one-hot targets of the classes a random linear teacher assigns.

    The small inputs keep PyBrain's update (the gradient summed over the
    batch, lr 0.01, momentum 0.9) stable: the network learns, and runs that
    differ only by rounding stay that close until the end of the epoch (with
    inputs twice as large, float32 runs already end 5% apart).
    """
    rng = np.random.default_rng(seed)
    X = rng.random((n, indim))
    X -= 0.5
    X *= 0.05
    teacher = rng.standard_normal((indim, classes))
    labels = np.argmax(X @ teacher, axis=1)
    return X, np.eye(classes)[labels]


def echo_sequences(count, length, delay=3, seed=SEED):
    """``count`` sequences of ``length`` steps: inputs uniform in [-1, 1], the
    target at step t is half the input at step t - ``delay`` (0 before)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, (length, count, 1))
    Y = np.zeros_like(X)
    Y[delay:] = 0.5 * X[:-delay]
    return X, Y


def xor():
    """The four XOR samples, in truth-table order."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([[0.0], [1.0], [1.0], [0.0]])

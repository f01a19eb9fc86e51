"""A bidirectional network labels each step of a sequence with what comes later.

Each sequence has 10 steps of noise and one marker (a 1) at a random step; the
label of a step is 1 if the marker is still to come, 0 once it has passed. A
step cannot tell from the past alone whether the marker is ahead, so the
backward direction of a BidirectionalNetwork (PyBrain's unfolded
bidirectional RNN: a whole sequence is one sample) carries that information
back. Printed: the share of steps and of whole sequences labelled right on
test sequences, and the same network's answer when the backward direction's
weights are zeroed.

Run: python examples/bidirectional.py [--quick]
"""

import sys

import numpy as np

from brainkit import BidirectionalNetwork
from brainkit.datasets import SupervisedDataSet
from brainkit.trainers import RPropMinusTrainer

LENGTH = 10


def marked_sequences(n, rng):
    """Inputs (n, LENGTH): noise and one marker; targets: 1 before the marker."""
    X = rng.normal(0.0, 0.1, size=(n, LENGTH))
    where = rng.integers(0, LENGTH, size=n)
    X[np.arange(n), where] = 1.0
    T = (np.arange(LENGTH) < where[:, None]).astype(float)
    return SupervisedDataSet.fromArrays(X, T)


def accuracy(net, ds):
    right = (net.activate(ds["input"]) > 0.5) == (ds["target"] > 0.5)
    return float(right.mean()), float(right.all(axis=1).mean())


def main(quick=False):
    rng = np.random.default_rng(0)
    np.random.seed(0)
    train, test = marked_sequences(300, rng), marked_sequences(500, rng)
    net = BidirectionalNetwork(seqlen=LENGTH, inputsize=1, hiddensize=4)
    trainer = RPropMinusTrainer(net, train, batchlearning=True)
    epochs = 60 if quick else 300
    trainer.trainEpochs(epochs)
    steps, sequences = accuracy(net, test)
    print(f"after {epochs} epochs (error {trainer.history[-1]:.4f}): {100 * steps:.1f} % of "
          f"test steps and {100 * sequences:.1f} % of whole test sequences labelled right")
    backward = [m for m in net.motherconnections if m.name in ("bconn", "inconnb", "outconnb")]
    for m in backward:
        m.params[:] = 0.0
    blind, _ = accuracy(net, test)
    print(f"with the backward direction's weights zeroed: {100 * blind:.1f} % of steps")
    return steps, sequences, blind


if __name__ == "__main__":
    main("--quick" in sys.argv)

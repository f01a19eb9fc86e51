"""buildNetwork(2, 3, 1) learns XOR with PyBrain's BackpropTrainer.

Run: python examples/xor.py
"""

import sys

import numpy as np

from brainkit import buildNetwork
from brainkit.datasets import load_xor
from brainkit.trainers import BackpropTrainer


def main(quick=False):
    np.random.seed(3)                       # PyBrain-style: initial weights from numpy's state
    ds = load_xor()
    net = buildNetwork(2, 3, 1, bias=True)
    trainer = BackpropTrainer(net, ds, learningrate=0.1, momentum=0.9, seed=0)
    epochs = 300 if quick else 1000
    trainer.trainEpochs(epochs)
    out = net.activate(ds["input"]).ravel()
    for x, y, t in zip(ds["input"], out, ds["target"].ravel()):
        print(f"{x.astype(int)} -> {y:.3f}  (target {t:.0f})")
    right = bool(np.all((out > 0.5) == (ds["target"].ravel() > 0.5)))
    print(f"after {epochs} epochs, error {trainer.history[-1]:.5f}: "
          f"{'all four outputs on the right side of 0.5' if right else 'not learnt yet'}")
    return right


if __name__ == "__main__":
    main("--quick" in sys.argv)

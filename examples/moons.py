"""A 2-5-1 network (tanh hidden, sigmoid output) separates two noisy moons.

500 points with noise 0.2 made by brainkit.datasets.make_moons; full-batch
training on the binary cross-entropy (``loss='crossentropy'`` with a sigmoid
output, averaged over the samples: ``reduction='mean'``); prints the cost
before and after, and saves a decision-region plot (regions and points of a
class in the same colour) and a loss curve as PNG files.

Run: python examples/moons.py [--quick] [--out DIR]
"""

import os
import sys

import numpy as np

from brainkit import SigmoidLayer, TanhLayer, buildNetwork
from brainkit.datasets import make_moons
from brainkit.tools.plotting import plot_decision_regions, plot_errors
from brainkit.trainers import BackpropTrainer


def main(quick=False, outdir="."):
    rng = np.random.default_rng(0)
    ds = make_moons(500, noise=0.2, rng=rng)
    X, y = ds["input"], ds["target"].ravel()
    net = buildNetwork(2, 5, 1, hiddenclass=TanhLayer, outclass=SigmoidLayer,
                       init="glorot", rng=rng)
    trainer = BackpropTrainer(net, ds, learningrate=2.5, momentum=0.9, batchlearning=True,
                              loss="crossentropy", reduction="mean")
    epochs = 300 if quick else 3000
    first = trainer.testOnData()
    trainer.trainEpochs(epochs)
    last = trainer.testOnData()
    accuracy = float(np.mean((net.activate(X).ravel() > 0.5) == y))
    print(f"cross-entropy cost: first {first:.4f}, last {last:.4f} "
          f"after {epochs} full-batch epochs; accuracy {100 * accuracy:.1f} %")

    boundary = os.path.join(outdir, "moons_boundary.png")
    plot_decision_regions(net, X, y.astype(int), path=boundary,
                          class_names=["upper moon (0)", "lower moon (1)"],
                          axis_names=("x", "y"),
                          title="2-5-1 network on two moons: decision regions")
    curve = os.path.join(outdir, "moons_loss.png")
    plot_errors(trainer, path=curve, title="training loss")
    print(f"saved {boundary} and {curve}")
    return first, last, accuracy


if __name__ == "__main__":
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else "."
    main("--quick" in sys.argv, out)

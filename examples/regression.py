"""A 1-10-1 tanh network fits a noisy parabola (100 points) and plots the fit.

Run: python examples/regression.py [--quick] [--out DIR]
"""

import os
import sys

import numpy as np

from brainkit import TanhLayer, buildNetwork
from brainkit.datasets import SupervisedDataSet
from brainkit.trainers import BackpropTrainer


def main(quick=False, outdir="."):
    rng = np.random.default_rng(0)
    x = np.linspace(-1, 1, 100)
    y = x ** 2 + rng.normal(0, 0.05, size=x.shape)
    ds = SupervisedDataSet.fromArrays(x.reshape(-1, 1), y.reshape(-1, 1))
    net = buildNetwork(1, 10, 1, hiddenclass=TanhLayer, init="glorot", rng=rng)
    trainer = BackpropTrainer(net, ds, learningrate=0.01, momentum=0.9, batchsize=10, seed=rng)
    epochs = 100 if quick else 1000
    trainer.trainEpochs(epochs)
    fit = net.activate(x.reshape(-1, 1)).ravel()
    rmse = float(np.sqrt(np.mean((fit - x ** 2) ** 2)))
    print(f"after {epochs} epochs: training error {trainer.history[-1]:.5f}, "
          f"RMS distance to x**2 {rmse:.4f} (noise sd 0.05)")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(x, y, s=10, label="data: x² + noise")
    ax.plot(x, fit, color="C1", label="1-10-1 tanh network")
    ax.legend()
    path = os.path.join(outdir, "regression.png")
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print(f"saved {path}")
    return rmse


if __name__ == "__main__":
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else "."
    main("--quick" in sys.argv, out)

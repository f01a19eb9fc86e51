"""A 2-5-1 network (tanh hidden, sigmoid output) separates two noisy moons.

500 points with noise 0.2 made by brainkit.datasets.make_moons; full-batch
training; prints the cross-entropy cost before and after, and saves a
decision-boundary plot and a loss curve as PNG files.

Run: python examples/moons.py [--quick] [--out DIR]
"""

import os
import sys

import numpy as np

from brainkit import SigmoidLayer, TanhLayer, buildNetwork
from brainkit.datasets import make_moons
from brainkit.trainers import BackpropTrainer


def cross_entropy(net, X, y):
    p = np.clip(net.activate(X).ravel(), 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def main(quick=False, outdir="."):
    rng = np.random.default_rng(0)
    ds = make_moons(500, noise=0.2, rng=rng)
    X, y = ds["input"], ds["target"].ravel()
    net = buildNetwork(2, 5, 1, hiddenclass=TanhLayer, outclass=SigmoidLayer,
                       init="glorot", rng=rng)
    trainer = BackpropTrainer(net, ds, learningrate=0.005, momentum=0.9, batchlearning=True)
    epochs = 300 if quick else 3000
    costs = [cross_entropy(net, X, y)]
    for _ in range(epochs):
        trainer.train()
        costs.append(cross_entropy(net, X, y))
    accuracy = float(np.mean((net.activate(X).ravel() > 0.5) == y))
    print(f"cross-entropy cost: first {costs[0]:.4f}, last {costs[-1]:.4f} "
          f"after {epochs} full-batch epochs; accuracy {100 * accuracy:.1f} %")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    xx, yy = np.meshgrid(np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, 200),
                         np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, 200))
    zz = net.activate(np.c_[xx.ravel(), yy.ravel()]).reshape(xx.shape)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.contourf(xx, yy, zz, levels=[0, 0.5, 1], colors=["#f4c7a1", "#a9cbe8"], alpha=0.8)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=12, edgecolors="k", linewidths=0.3)
    ax.set_title("2-5-1 network on two moons: decision boundary")
    boundary = os.path.join(outdir, "moons_boundary.png")
    fig.savefig(boundary, dpi=100)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(costs)
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy cost")
    ax.set_title("training loss")
    curve = os.path.join(outdir, "moons_loss.png")
    fig.savefig(curve, dpi=100)
    plt.close(fig)
    print(f"saved {boundary} and {curve}")
    return costs[0], costs[-1], accuracy


if __name__ == "__main__":
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else "."
    main("--quick" in sys.argv, out)

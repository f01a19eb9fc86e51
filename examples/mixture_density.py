"""A mixture density network learns a one-to-many mapping (Bishop 2006, Fig. 5.21).

The data come from t -> x = t + 0.3 sin(2 pi t) + noise; predicting t from x
is one-to-many (up to three t for one x), so a plain regression averages the
branches. A network whose output layer is a MixtureDensityLayer (3 Gaussians)
instead outputs a mixture, trained on the targets' negative log-likelihood
with RPropMinusTrainerMix, as in PyBrain's example. Printed: the mean
negative log-likelihood before and after, and the modes of the learnt
density at x = 0.5 (three branches cross there); plotted: the data, the
conditional density and its mode.

Run: python examples/mixture_density.py [--quick] [--out DIR]
"""

import os
import sys

import numpy as np

from brainkit import BiasUnit, FeedForwardNetwork, FullConnection, LinearLayer, TanhLayer
from brainkit.datasets import SupervisedDataSet
from brainkit.structure.modules.mixturedensity import MixtureDensityLayer
from brainkit.supervised.trainers.mixturedensity import RPropMinusTrainerMix

GAUSSIANS = 3


def network():
    net = FeedForwardNetwork()
    net.addInputModule(LinearLayer(1, name="in"))
    net.addModule(TanhLayer(10, name="hidden"))
    net.addModule(BiasUnit(name="bias"))
    net.addOutputModule(MixtureDensityLayer(dim=1, name="out", mix=GAUSSIANS))
    for a, b in (("in", "hidden"), ("bias", "hidden"), ("hidden", "out"), ("bias", "out")):
        net.addConnection(FullConnection(net[a], net[b]))
    net.sortModules()
    net.params[:] = np.random.uniform(-0.5, 0.5, net.paramdim)
    return net


def densities(net, xs, ts):
    """p(t | x) on the grid ts for each x in xs: (len(ts), len(xs))."""
    out = net.activate(xs.reshape(-1, 1))
    pi, sigma, mu = (out[:, k * GAUSSIANS:(k + 1) * GAUSSIANS] for k in range(3))
    z = (ts[:, None, None] - mu) / sigma
    return (pi * np.exp(-0.5 * z ** 2) / (np.sqrt(2 * np.pi) * sigma)).sum(axis=-1)


def main(quick=False, outdir="."):
    rng = np.random.default_rng(2)
    np.random.seed(2)
    t = rng.uniform(0.0, 1.0, (300, 1))
    x = t + 0.3 * np.sin(2 * np.pi * t) + rng.uniform(-0.1, 0.1, t.shape)
    data = SupervisedDataSet.fromArrays(x, t)
    net = network()
    trainer = RPropMinusTrainerMix(net, data)
    before = trainer.testOnData()
    epochs = 150 if quick else 1000
    trainer.trainEpochs(epochs)
    after = trainer.testOnData()
    ts = np.linspace(-0.1, 1.1, 241)
    middle = densities(net, np.array([0.5]), ts)[:, 0]
    peaks = [round(float(ts[i]), 2) for i in range(1, len(ts) - 1)
             if middle[i] > middle[i - 1] and middle[i] > middle[i + 1] and middle[i] > 0.2]
    print(f"mean negative log-likelihood {before:.3f} -> {after:.3f} after {epochs} epochs "
          f"of RProp-; p(t | x=0.5) peaks at t = {peaks}")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    xs = np.linspace(0.0, 1.0, 101)
    grid = densities(net, xs, ts)
    fig, ax = plt.subplots(figsize=(6, 5))
    # each column scaled to its peak, so every branch shows however sharp the others are
    ax.contourf(xs, ts, grid / grid.max(axis=0), 20, cmap="Blues")
    ax.scatter(x, t, s=8, facecolors="none", edgecolors="C2", label="data")
    ax.plot(xs, ts[grid.argmax(axis=0)], "o", color="C3", markersize=2.5,
            label="mode of p(t | x)")
    ax.set_xlabel("x")
    ax.set_ylabel("t")
    ax.set_title(f"mixture density network, {GAUSSIANS} Gaussians")
    ax.legend(loc="upper left")
    path = os.path.join(outdir, "mixture_density.png")
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print(f"saved {path}")
    return before, after, peaks


if __name__ == "__main__":
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else "."
    main("--quick" in sys.argv, out)

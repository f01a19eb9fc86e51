"""A Kohonen map (self-organising map) of 5 x 5 neurons learns random 2-D points.

As PyBrain's own example: points drawn uniformly from the unit square, one
forward (find the winner) and one backward (move it and its neighbours) per
point. The map unfolds over the square; the plot shows the neurons with their
grid links over the points. Printed: how far the points are from their
nearest neuron before and after, and how far apart grid neighbours end up.

Run: python examples/kohonen.py [--quick] [--out DIR]
"""

import os
import sys

import numpy as np

from brainkit.structure.modules import KohonenMap


def quantisation_error(som, points):
    """Mean distance from each point to its nearest neuron."""
    d = ((points[:, None, :] - som.neurons.reshape(-1, 2)) ** 2).sum(axis=-1)
    return float(np.sqrt(d.min(axis=1)).mean())


def main(quick=False, outdir="."):
    np.random.seed(0)
    som = KohonenMap(2, 5)
    som.learningrate = 0.05
    som.neighbourdecay = 0.9995 if quick else 0.9999
    steps = 5000 if quick else 25000
    points = np.random.random_sample((steps, 2))
    test = np.random.random_sample((1000, 2))
    before = quantisation_error(som, test)
    start = som.neurons.copy()
    for x in points:
        som.activate(x)     # the winner's grid coordinates
        som.backward()      # train: move the winner and its neighbours towards x
    after = quantisation_error(som, test)
    links = np.concatenate([np.linalg.norm(np.diff(som.neurons, axis=a), axis=-1).ravel()
                            for a in (0, 1)])
    print(f"{steps} points: mean distance to the nearest neuron {before:.3f} -> {after:.3f}; "
          f"grid neighbours {links.mean():.3f} apart (an even 5 x 5 grid: 0.200)")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(9, 4.5), sharex=True, sharey=True)
    for ax, neurons, title in ((axes[0], start, "before"), (axes[1], som.neurons, "after")):
        ax.scatter(*test.T, s=3, color="0.75")
        for grid in (neurons, neurons.transpose(1, 0, 2)):
            for line in grid:
                ax.plot(*line.T, color="C0", lw=1)
        ax.scatter(*neurons.reshape(-1, 2).T, color="C1", zorder=3, s=25)
        ax.set_title(f"Kohonen map {title} training")
        ax.set_aspect("equal")
    path = os.path.join(outdir, "kohonen.png")
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print(f"saved {path}")
    return before, after, float(links.mean())


if __name__ == "__main__":
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else "."
    main("--quick" in sys.argv, out)

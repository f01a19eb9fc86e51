"""A multi-dimensional LSTM tells vertical from horizontal bars in small images.

Each 6 x 6 image holds one bar of 3 bright pixels, vertical or horizontal, at
a random place, over noise. A MultiDimensionalLSTM swipes the image from all
four corners with LSTM cells (one per pixel and swipe, shared weights) and
outputs one value per pixel; every pixel's target is the image's class
(1: vertical), so each pixel has to gather the whole image through the four
swipes. An image's answer is the mean of its pixels' outputs.

Run: python examples/mdlstm_images.py [--quick]
"""

import sys

import numpy as np

from brainkit.datasets import SupervisedDataSet
from brainkit.structure.networks.multidimensional import MultiDimensionalLSTM
from brainkit.trainers import RPropMinusTrainer


def bar_images(n, side, rng):
    """(images (n, side*side), classes (n,)): a bar of 3 pixels, 1 = vertical."""
    images = rng.normal(0.0, 0.15, size=(n, side, side))
    vertical = rng.integers(0, 2, size=n)
    for image, v in zip(images, vertical):
        i, j = rng.integers(0, side - 2), rng.integers(0, side)
        if v:
            image[i:i + 3, j] = 1.0
        else:
            image[j, i:i + 3] = 1.0
    return images.reshape(n, -1), vertical


def main(quick=False):
    rng = np.random.default_rng(1)
    np.random.seed(1)
    side = 5 if quick else 6
    X, y = bar_images(300, side, rng)
    Xt, yt = bar_images(300, side, rng)
    train = SupervisedDataSet.fromArrays(X, np.repeat(y[:, None], side * side, axis=1))
    net = MultiDimensionalLSTM((side, side), hsize=2)
    trainer = RPropMinusTrainer(net, train, batchlearning=True)
    epochs = 40 if quick else 150
    trainer.trainEpochs(epochs)
    guess = net.activate(Xt).mean(axis=1) > 0.5
    accuracy = float(np.mean(guess == yt))
    print(f"{side} x {side} images, {len(net.modules)} modules, {net.paramdim} weights: after "
          f"{epochs} epochs (error {trainer.history[-1]:.4f}) {100 * accuracy:.1f} % of "
          f"{len(yt)} test images classified right")
    return accuracy


if __name__ == "__main__":
    main("--quick" in sys.argv)

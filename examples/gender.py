"""The from-scratch tutorial's classic: a 2-2-1 sigmoid network tells women from men
by weight and height (shifted by 135 lb and 66 in).

Run: python examples/gender.py
"""

import sys

import numpy as np

from brainkit import SigmoidLayer, buildNetwork
from brainkit.datasets import load_gender
from brainkit.trainers import BackpropTrainer


def main(quick=False):
    np.random.seed(0)
    ds = load_gender()
    net = buildNetwork(2, 2, 1, hiddenclass=SigmoidLayer, outclass=SigmoidLayer)
    trainer = BackpropTrainer(net, ds, learningrate=0.1, seed=0)
    trainer.trainEpochs(1000)
    emily, frank = (float(net.activate(x)[0]) for x in ([-7, -3], [20, 2]))
    print(f"error after 1000 epochs: {trainer.history[-1]:.5f}")
    print(f"Emily (128 lb, 63 in): {emily:.3f}   (female > 0.9)")
    print(f"Frank (155 lb, 68 in): {frank:.3f}   (male < 0.1)")
    return emily, frank


if __name__ == "__main__":
    main("--quick" in sys.argv)

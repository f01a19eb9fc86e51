"""PyBrain's classic: a recurrent network learns the running parity of a bit stream.

Sequences of random length 2-10 of bits -1/+1; the target at every step is +1
when the bits so far hold an odd number of ones. A tanh network with a
recurrent hidden layer is trained by backpropagation through time, all 200
training sequences side by side in one batch (RProp-, one update per epoch);
then every output of 100 fresh test sequences is checked against 0.

Run: python examples/parity.py [--quick]
"""

import sys

import numpy as np

from brainkit import (BiasUnit, FullConnection, LinearLayer, RecurrentNetwork,
                      TanhLayer)
from brainkit.datasets import load_parity
from brainkit.trainers import RPropMinusTrainer


def parity_network(hidden=6):
    net = RecurrentNetwork(name="parity")
    net.addInputModule(LinearLayer(1, name="in"))
    net.addModule(TanhLayer(hidden, name="hidden"))
    net.addModule(BiasUnit(name="bias"))
    net.addOutputModule(TanhLayer(1, name="out"))
    net.addConnection(FullConnection(net["in"], net["hidden"]))
    net.addConnection(FullConnection(net["bias"], net["hidden"]))
    net.addConnection(FullConnection(net["bias"], net["out"]))
    net.addConnection(FullConnection(net["hidden"], net["out"]))
    net.addRecurrentConnection(FullConnection(net["hidden"], net["hidden"]))
    net.sortModules()
    return net


def main(quick=False):
    rng = np.random.default_rng(0)
    np.random.seed(0)                     # the initial weights, PyBrain-style
    train = load_parity(200, rng=rng, bipolar=True)
    test = load_parity(100, rng=rng, bipolar=True)
    net = parity_network()
    trainer = RPropMinusTrainer(net, train)
    epochs = 200 if quick else 1500
    trainer.trainEpochs(epochs)
    out = net.activateOnDataset(test).ravel()
    right = np.sign(out) == test["target"].ravel()
    print(f"after {epochs} epochs (training error {trainer.history[-1]:.3g}): "
          f"{right.sum()} of {right.size} test outputs on the right side of 0 "
          f"({test.getNumSequences()} fresh sequences)")
    if not quick and not right.all():
        raise SystemExit("the network did not learn parity")
    return float(right.mean())


if __name__ == "__main__":
    main("--quick" in sys.argv)

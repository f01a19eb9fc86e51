"""Long memory: recall the first input of a sequence 20 steps later.

Each sequence starts with a bit -1 or +1, followed by 20 steps of small noise;
at the last step the network must output the first bit. Only that last step
counts (an ImportanceDataSet gives the other steps weight 0). An LSTM network
learns it; a plain sigmoid recurrent network of the same size does not, since
its error signal fades over the 20 steps. Both are trained the same way
(RProp-, all sequences in one batched backpropagation through time).

Run: python examples/lstm_memory.py [--quick]
"""

import sys
import warnings

import numpy as np

from brainkit import FullConnection, LSTMLayer, SigmoidLayer, buildNetwork
from brainkit.datasets import ImportanceDataSet
from brainkit.trainers import RPropMinusTrainer

DELAY = 20


def recall_data(n, rng):
    ds = ImportanceDataSet(1, 1)
    for bit in rng.choice([-1.0, 1.0], size=n):
        ds.newSequence()
        ds.addSample([bit], [0.0], importance=0.0)
        for _ in range(DELAY - 1):
            ds.addSample([rng.normal(0, 0.2)], [0.0], importance=0.0)
        ds.addSample([0.0], [bit], importance=1.0)
    return ds


def sigmoid_rnn(hidden):
    with warnings.catch_warnings():   # buildNetwork warns that it adds no recurrent connection
        warnings.simplefilter("ignore", UserWarning)
        net = buildNetwork(1, hidden, 1, hiddenclass=SigmoidLayer, recurrent=True)
    net.addRecurrentConnection(FullConnection(net["hidden0"], net["hidden0"]))
    net.sortModules()
    return net


def recall(net, ds):
    """Fraction of sequences whose last output has the sign of the first input."""
    out = net.activateOnDataset(ds).reshape(ds.getNumSequences(), DELAY + 1)[:, -1]
    first = ds["input"].reshape(ds.getNumSequences(), DELAY + 1)[:, 0]
    return float(np.mean(np.sign(out) == first))


def main(quick=False):
    rng = np.random.default_rng(0)
    np.random.seed(0)
    train, test = recall_data(200, rng), recall_data(100, rng)
    epochs = 60 if quick else 300
    results = {}
    for name, net in (("LSTM", buildNetwork(1, 4, 1, hiddenclass=LSTMLayer, outputbias=False)),
                      ("sigmoid RNN", sigmoid_rnn(4))):
        trainer = RPropMinusTrainer(net, train)
        trainer.trainEpochs(epochs)
        results[name] = recall(net, test)
        print(f"{name:12s} recalls the first input after {DELAY} steps in "
              f"{100 * results[name]:5.1f} % of 100 test sequences "
              f"(training error {trainer.history[-1]:.3g}, {epochs} epochs)")
    return results


if __name__ == "__main__":
    main("--quick" in sys.argv)

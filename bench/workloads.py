"""The workloads of issue 7 (W1-W5) and issue 14 (W6), and brainkit's side of
each, through its public API.

A ``Case`` is one workload in one dtype: the data, the brainkit network and
dataset, the training settings and the network's initial weights (read from
its connections), from which the floor and PyTorch start too.

Choices the issue leaves open: W2/W5 data are synthetic (data.py) with Glorot
weights; W3 uses lr 0.01 and momentum 0.99 (PyBrain's XOR tutorial); W4/W4b
learn to echo the input 3 steps late, with Glorot weights and lr 0.001 for
both. W6 trains the Keras tutorial's CNN (He weights) on the W2 data seen as
1x28x28 images, with W2's lr 0.01 and momentum 0.9. ``--quick`` shrinks W1 to
300 digits, W2/W5 to 2000 samples, W3 to 100 epochs, W4/W4b to 64 sequences
of 20 steps and W6 to 256 images.
"""

from dataclasses import dataclass, field

import numpy as np

import data
from brainkit import BackpropTrainer, LSTMLayer, SoftmaxLayer, TanhLayer, buildNetwork
from brainkit.datasets import SequentialDataSet, SupervisedDataSet, load_digits
from brainkit.tools.convolutional import Convolution, MaxPooling, buildConvolutionalNetwork


@dataclass
class Case:
    wid: str
    dtype: np.dtype
    task: str                  # "mlp", "lstm", "predict" or "cnn"
    X: np.ndarray              # (N, in), or (T, S, in) for sequences
    Y: np.ndarray
    net: object
    ds: object
    hidden: str                # "sigmoid", "tanh", "lstm" or "relu"
    out: str                   # "softmax" or "linear"
    lr: float = 0.01
    momentum: float = 0.0
    batchsize: int = 1
    epochs: int = 1
    units: int = 0             # samples (or sequences) per timed run
    weights: dict = field(default_factory=dict)

    def __post_init__(self):
        self.start = self.net.params.copy()


@dataclass(frozen=True)
class Workload:
    wid: str
    title: str
    unit: str                  # what the throughput counts
    batched: bool              # target: <= 1.2 x floor (batched), <= 2.5 x floor, or none (None)
    beat_torch: bool           # target: at least 5 x faster than PyTorch
    make: object               # make(dtype, quick) -> Case
    torch_limit: float = None  # target: at most this many times PyTorch's time


def _connection(net, src, dst, recurrent=False):
    conns = net.recurrentConns if recurrent else net.connections[net[src]]
    for c in conns:
        if c.inmod.name == src and c.outmod.name == dst:
            return c.weights.astype(np.float64)
    raise KeyError(f"no connection {src!r} -> {dst!r} in {net.name!r}")


def _mlp_weights(net, outputbias=True):
    return {"W1": _connection(net, "in", "hidden0"),
            "b1": _connection(net, "bias", "hidden0")[:, 0],
            "W2": _connection(net, "hidden0", "out"),
            "b2": _connection(net, "bias", "out")[:, 0] if outputbias else None}


def _lstm_weights(net):
    return {"Win": _connection(net, "in", "hidden0"),
            "b": _connection(net, "bias", "hidden0")[:, 0],
            "R": _connection(net, "hidden0", "hidden0", recurrent=True),
            "Wout": _connection(net, "hidden0", "out")}


def _w1(dtype, quick):
    ds = load_digits()
    if quick:
        ds = ds.subset(range(300))
    np.random.seed(1)
    net = buildNetwork(64, 32, 10, outclass=SoftmaxLayer, dtype=dtype)
    return Case("W1", dtype, "mlp", ds["input"].copy(), ds["target"].copy(), net, ds,
                "sigmoid", "softmax", lr=0.01, batchsize=1, units=len(ds),
                weights=_mlp_weights(net))


def _w2_net(dtype):
    return buildNetwork(784, 256, 10, hiddenclass=TanhLayer, outclass=SoftmaxLayer,
                        init="glorot", rng=np.random.default_rng(data.SEED), dtype=dtype)


def _w2(dtype, quick):
    X, Y = data.synthetic_classes(2000 if quick else 20000)
    net = _w2_net(dtype)
    return Case("W2", dtype, "mlp", X, Y, net, SupervisedDataSet.fromArrays(X, Y),
                "tanh", "softmax", lr=0.01, momentum=0.9, batchsize=64, units=len(X),
                weights=_mlp_weights(net))


def _w3(dtype, quick):
    X, Y = data.xor()
    np.random.seed(3)
    net = buildNetwork(2, 3, 1, dtype=dtype)
    epochs = 100 if quick else 1000
    return Case("W3", dtype, "mlp", X, Y, net, SupervisedDataSet.fromArrays(X, Y),
                "sigmoid", "linear", lr=0.01, momentum=0.99, batchsize=1, epochs=epochs,
                units=4 * epochs, weights=_mlp_weights(net))


def sequence_dataset(X, Y):
    """A SequentialDataSet from time-major (T, S, dim) arrays."""
    ds = SequentialDataSet(X.shape[2], Y.shape[2])
    for s in range(X.shape[1]):
        ds.newSequence()
        for x, y in zip(X[:, s], Y[:, s]):
            ds.addSample(x, y)
    return ds


def _lstm(wid, batchsize):
    def make(dtype, quick):
        X, Y = data.echo_sequences(64 if quick else 200, 20 if quick else 50)
        # Glorot weights: with PyBrain's N(0, 1) ones this training is chaotic,
        # and runs that differ by rounding end far apart
        net = buildNetwork(1, 32, 1, hiddenclass=LSTMLayer, outputbias=False, init="glorot",
                           rng=np.random.default_rng(data.SEED), dtype=dtype)
        return Case(wid, dtype, "lstm", X, Y, net, sequence_dataset(X, Y), "lstm", "linear",
                    lr=0.001, batchsize=batchsize, units=X.shape[1],
                    weights=_lstm_weights(net))
    return make


def _w5(dtype, quick):
    X, Y = data.synthetic_classes(2000 if quick else 20000)
    net = _w2_net(dtype)
    return Case("W5", dtype, "predict", X.astype(dtype), Y, net, None, "tanh", "softmax",
                units=len(X), weights=_mlp_weights(net))


def _w6(dtype, quick):
    X, Y = data.synthetic_classes(256 if quick else 2048)
    net = buildConvolutionalNetwork((1, 28, 28), Convolution(32, 3), MaxPooling(2), 10,
                                    rng=np.random.default_rng(data.SEED), dtype=dtype)
    conv = net["conv0"]
    weights = {"K": conv.weights.astype(np.float64), "kb": conv.bias.astype(np.float64),
               "W2": _connection(net, "act0", "out"),
               "b2": _connection(net, "bias", "out")[:, 0]}
    return Case("W6", dtype, "cnn", X, Y, net, SupervisedDataSet.fromArrays(X, Y), "relu",
                "softmax", lr=0.01, momentum=0.9, batchsize=64, units=len(X), weights=weights)


WORKLOADS = [
    Workload("W1", "mlp-online", "samples/s", False, True, _w1),
    Workload("W2", "mlp-minibatch", "samples/s", True, False, _w2),
    Workload("W3", "tiny-xor", "samples/s", False, True, _w3),
    Workload("W4", "lstm-seq", "sequences/s", False, False, _lstm("W4", 1)),
    Workload("W4b", "lstm-seq-batch32", "sequences/s", True, False, _lstm("W4b", 32)),
    Workload("W5", "predict", "samples/s", True, False, _w5),
    Workload("W6", "cnn-minibatch", "samples/s", None, False, _w6, torch_limit=1.5),
]


def _half_mse(out, Y):
    e = Y - out
    return 0.5 * float(np.vdot(e, e)) / e.size


class BrainkitTrain:
    """BackpropTrainer on the samples in order (``shuffle=False``)."""

    name = "brainkit"

    def __init__(self, case):
        self.case = case
        self.error = None

    def prepare(self):
        c = self.case
        c.net.params[:] = c.start
        self.trainer = BackpropTrainer(c.net, c.ds, learningrate=c.lr, momentum=c.momentum,
                                       batchsize=c.batchsize, shuffle=False)

    def run(self):
        trainer = self.trainer
        for _ in range(self.case.epochs):
            self.error = trainer.train()

    def result(self):
        return self.error, self.trainer.testOnData()


class BrainkitPredict:
    """``net.activate`` on the whole batch at once."""

    name = "brainkit"

    def __init__(self, case):
        self.case = case

    def prepare(self):
        self.case.net.params[:] = self.case.start

    def run(self):
        self.out = self.case.net.activate(self.case.X)

    def result(self):
        return None, _half_mse(self.out, self.case.Y)

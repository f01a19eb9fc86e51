"""The shared harness for modules and connections: one entry per class.

Adding a class to the checks is adding one entry here:

* a module: ``ModuleEntry(id, cls, args, oracle=...)`` where ``oracle(module, X)``
  maps inputs ``X`` of shape (T, B, indim) to the outputs (T, B, outdim) with
  plain numpy. Sequential modules (``cls.sequential``, e.g. an LSTMLayer) are
  checked over ``T_SEQUENTIAL`` steps, so their oracle loops over time itself
  (see the LSTMLayer entries); the others on ``T_STATELESS`` independent steps.
* a connection: ``ConnectionEntry(id, cls, dims, slices, oracle=...)`` where
  ``oracle(connection, x)`` maps the source module's outputs (B, dims[0]) to
  what the connection adds into the target module's inputs (B, dims[1]).

The checks themselves (forward against the oracle, gradients against central
differences, a batch against one sample at a time, the repr; the module inside
networks in every execution path, float32, the caller's arrays untouched) are
the ``check_*`` functions below; the test files parametrize them over the
entries. ``SUBCLASS_MODULES``/``SUBCLASS_CONNECTIONS`` hold user subclasses of
built-in classes (tests/structure/subclasses.py), run through the same checks.
"""

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from brainkit import (BiasUnit, BidirectionalNetwork, BorderSwipingNetwork, FeedForwardNetwork,
                      FullConnection, IdentityConnection, LinearLayer, ModuleMesh,
                      RecurrentNetwork, SigmoidLayer, SoftmaxLayer, SwipingNetwork, TanhLayer)
from brainkit.structure.connections import (FullNotSelfConnection, LinearConnection,
                                            MotherConnection, SharedFullConnection)
from brainkit.structure.connections.permutation import PermutationConnection
from brainkit.structure.connections.shared import SharedSubsamplingConnection
from brainkit.structure.connections.subsampling import SubsamplingConnection
from brainkit.structure.modules import (AveragePoolingLayer, ConvolutionLayer, DoubleGateLayer,
                                        GateLayer, GaussianLayer, KohonenMap, LSTMLayer,
                                        MaxPoolingLayer,
                                        MDLSTMLayer,
                                        MultiplicationLayer, ReluLayer, SoftSignLayer,
                                        SwitchLayer)
from brainkit.structure.modules.mdrnnlayer import MdrnnLayer
from brainkit.structure.modules.mixturedensity import MixtureDensityLayer
from brainkit.structure.modules.samplelayer import BernoulliLayer
from brainkit.structure.modules.statedependentlayer import StateDependentLayer
from brainkit.structure.networks.convolutional import SimpleConvolutionalNetwork
from brainkit.structure.networks.custom import CaptureGameNetwork, ConvolutionalBoardNetwork
from brainkit.structure.networks.multidimensional import (MultiDimensionalLSTM,
                                                          MultiDimensionalRNN)
from brainkit.tools.gradientcheck import check_gradient
from tests.structure import networkoracles as oracles
from tests.structure import subclasses

T_SEQUENTIAL = 8    # time steps for modules that carry state
T_STATELESS = 2     # independent steps for the others
BATCH = 3
TOLERANCE = 1e-6    # relative, float64 central differences
EXACT = dict(rtol=1e-12, atol=1e-12)


def normal_inputs(rng, shape):
    return rng.standard_normal(shape)


def away_from_zero(rng, shape):
    """Inputs with |x| >= 0.2, for units with a kink at 0 (ReLU)."""
    return rng.choice([-1.0, 1.0], size=shape) * (0.2 + np.abs(rng.standard_normal(shape)))


def _stable_sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class ModuleEntry:
    id: str
    cls: type
    args: tuple = ()
    oracle: Callable = None          # oracle(module, X (T, B, indim)) -> (T, B, outdim)
    kwargs: dict = field(default_factory=dict)
    inputs: Callable = normal_inputs
    setup: Callable = None           # setup(module), run right after construction
    gradcheck: bool = True           # False: backward is not the gradient on purpose
    files: bool = True               # False: cannot be saved (tested where it is defined)
    build: Callable = None           # build(name) -> module, instead of cls(*args, ...)

    def make(self, name="m"):
        module = (self.build(name) if self.build is not None
                  else self.cls(*self.args, name=name, **self.kwargs))
        if self.setup is not None:
            self.setup(module)
        return module

    def steps(self):
        return T_SEQUENTIAL if self.cls.sequential else T_STATELESS


def _disable(module):
    module.enabled = False


MODULES = [
    ModuleEntry("LinearLayer", LinearLayer, (4,), lambda m, X: X),
    ModuleEntry("SigmoidLayer", SigmoidLayer, (4,), lambda m, X: _stable_sigmoid(X)),
    ModuleEntry("TanhLayer", TanhLayer, (4,), lambda m, X: np.tanh(X)),
    # backward is a pass-through on purpose: checked in test_softmax.py
    ModuleEntry("SoftmaxLayer", SoftmaxLayer, (4,), lambda m, X: _softmax(X), gradcheck=False),
    ModuleEntry("ReluLayer", ReluLayer, (4,), lambda m, X: np.where(X > 0, X, 0.0),
                inputs=away_from_zero),
    ModuleEntry("SoftSignLayer", SoftSignLayer, (4,), lambda m, X: X / (1 + np.abs(X))),
    ModuleEntry("BiasUnit", BiasUnit, (), lambda m, X: np.ones(X.shape[:2] + (1,))),
    # stochastic when enabled: checked in test_gaussianlayer.py; disabled it is the identity
    ModuleEntry("GaussianLayer-disabled", GaussianLayer, (3,), lambda m, X: X,
                setup=_disable),
]


def _lstm_oracle(m, X):
    """API.md 3.1: gates [i | f | z | o]; i and f peep at c[t-1], o at c[t]."""
    d = m.outdim
    w = m.params if m.peepholes else np.zeros(3 * d)
    c, Y = np.zeros(X.shape[1:2] + (d,)), []
    for x in X:
        i = _stable_sigmoid(x[:, :d] + w[:d] * c)
        f = _stable_sigmoid(x[:, d:2 * d] + w[d:2 * d] * c)
        c = i * np.tanh(x[:, 2 * d:3 * d]) + f * c
        o = _stable_sigmoid(x[:, 3 * d:] + w[2 * d:] * c)
        Y.append(o * np.tanh(c))
    return np.stack(Y)


def _halves(X):
    d = X.shape[-1] // 2
    return X[..., :d], X[..., d:]


def _gate_oracle(X):
    a, b = _halves(X)
    return _stable_sigmoid(a) * b


def _double_gate_oracle(X):
    a, b = _halves(X)
    return np.concatenate([_stable_sigmoid(a) * b, (1 - _stable_sigmoid(a)) * b], axis=-1)


def zeros_and_ones(rng, shape):
    """Probabilities 0 and 1 only: a BernoulliLayer's draws are then certain."""
    return rng.integers(0, 2, size=shape).astype(float)


MODULES += [
    # stochastic for probabilities between 0 and 1: checked in test_samplelayer.py;
    # a draw has no derivative, and backward passes no error (as in PyBrain)
    ModuleEntry("BernoulliLayer", BernoulliLayer, (4,), lambda m, X: X,
                inputs=zeros_and_ones, gradcheck=False),
    ModuleEntry("MultiplicationLayer", MultiplicationLayer, (3,),
                lambda m, X: np.prod(_halves(X), axis=0)),
    ModuleEntry("GateLayer", GateLayer, (3,), lambda m, X: _gate_oracle(X)),
    ModuleEntry("DoubleGateLayer", DoubleGateLayer, (3,), lambda m, X: _double_gate_oracle(X)),
    ModuleEntry("SwitchLayer", SwitchLayer, (3,), lambda m, X: np.concatenate(
        [_stable_sigmoid(X), 1 - _stable_sigmoid(X)], axis=-1)),
]


def _kohonen_oracle(m, X):
    """Squared distances to every neuron, one by one; the winner's coordinates."""
    d = ((X[..., None, None, :] - m.neurons) ** 2).sum(axis=-1)          # (T, B, n, n)
    if m.outputFullMap:
        return d.reshape(X.shape[:2] + (-1,))
    flat = d.reshape(X.shape[:2] + (-1,)).argmin(axis=-1)
    return np.stack([flat // m.nNeurons, flat % m.nNeurons], axis=-1).astype(float)


def _frozen(som):
    som.learningrate = 0.0      # backward trains the map; frozen, a run changes nothing


MODULES += [
    # backward trains the map (no gradient): checked in test_kohonen.py
    ModuleEntry("KohonenMap", KohonenMap, (3, 4), _kohonen_oracle, setup=_frozen,
                gradcheck=False),
    ModuleEntry("KohonenMap-fullmap", KohonenMap, (2, 3), _kohonen_oracle, setup=_frozen,
                kwargs={"outputFullMap": True}, gradcheck=False),
]


def _mixture_oracle(m, X):
    K = m.nGaussians
    return np.concatenate([_softmax(X[..., :K]), np.exp(X[..., K:2 * K]), X[..., 2 * K:]],
                          axis=-1)


MODULES += [
    # backward passes the error through on purpose (the trainer's error is
    # already the gradient): checked in test_mixturedensity.py
    ModuleEntry("MixtureDensityLayer", MixtureDensityLayer, (2,), _mixture_oracle,
                kwargs={"mix": 3}, gradcheck=False),
]


def _exploration_module():
    net = FeedForwardNetwork(name="explore")
    s, e = LinearLayer(2, name="state"), LinearLayer(3, name="e")
    net.addInputModule(s)
    net.addOutputModule(e)
    net.addConnection(FullConnection(s, e, name="se"))
    net.sortModules()
    return net


MODULES += [
    # stochastic when enabled: checked in test_statedependentlayer.py, as is
    # that it cannot be saved (its exploration module is outside the network)
    ModuleEntry("StateDependentLayer-disabled", StateDependentLayer,
                (3, _exploration_module()), lambda m, X: X, setup=_disable, files=False),
]


def _mdlstm_oracle(m, X):
    """API.md 3.2: [i | f_1..f_k | z | o | c_1..c_k] -> [o tanh(c) | c], one
    sample and one dimension at a time."""
    d, k = m.dim, m.dimensions
    w = m.params if m.peepholes else np.zeros((2 + k) * d)
    Y = np.zeros(X.shape[:2] + (2 * d,))
    for idx in np.ndindex(*X.shape[:2]):
        x = X[idx]
        prev = [x[(3 + k + j) * d:(4 + k + j) * d] for j in range(k)]
        i = _stable_sigmoid(x[:d] + w[:d] * sum(prev))
        c = i * np.tanh(x[(1 + k) * d:(2 + k) * d])
        for j in range(k):
            f = _stable_sigmoid(x[(1 + j) * d:(2 + j) * d] + w[(1 + j) * d:(2 + j) * d] * prev[j])
            c = c + f * prev[j]
        o = _stable_sigmoid(x[(2 + k) * d:(3 + k) * d] + w[(1 + k) * d:] * c)
        Y[idx] = np.concatenate([o * np.tanh(c), c])
    return Y


MODULES += [
    ModuleEntry("MdrnnLayer", MdrnnLayer, (2, (4, 6), 2, 2), oracles.mdrnn_layer,
                kwargs={"blockshape": (2, 2)}),
    ModuleEntry("MdrnnLayer-3d", MdrnnLayer, (3, (2, 3, 2), 1, 1), oracles.mdrnn_layer),
    ModuleEntry("MDLSTMLayer", MDLSTMLayer, (2,), _mdlstm_oracle),
    ModuleEntry("MDLSTMLayer-2d-peepholes", MDLSTMLayer, (2,), _mdlstm_oracle,
                kwargs={"dimensions": 2, "peepholes": True}),
]


def _meshes(dims, hidden=TanhLayer, hsize=2):
    """Input, hidden and output meshes of a swiping network over ``dims``."""
    return (ModuleMesh.constructWithLayers(LinearLayer, 1, dims, "in"),
            ModuleMesh.constructWithLayers(hidden, hsize, dims + (2 ** len(dims),), "h"),
            ModuleMesh.constructWithLayers(LinearLayer, 1, dims, "out"))


def _swiping_oracle(net, X):
    return oracles.swiping(net, X, np.tanh, lambda v: v, hsize=2)


# PyBrain's prebuilt networks, as modules: every check (the file round trips
# too) runs them nested in a probe network as well.
MODULES += [
    ModuleEntry("BidirectionalNetwork", BidirectionalNetwork, (), oracles.bidirectional,
                kwargs=dict(seqlen=3, inputsize=2, hiddensize=2, outputsize=2)),
    ModuleEntry("BidirectionalNetwork-symmetric", BidirectionalNetwork, (),
                oracles.bidirectional, kwargs=dict(seqlen=4, hiddensize=3, symmetric=True)),
    ModuleEntry("SwipingNetwork", SwipingNetwork, (), _swiping_oracle,
                build=lambda name: SwipingNetwork(*_meshes((2, 3)), name=name)),
    ModuleEntry("SwipingNetwork-asymmetric", SwipingNetwork, (), _swiping_oracle,
                build=lambda name: SwipingNetwork(*_meshes((2, 2)), name=name,
                                                  symmetricdimensions=False,
                                                  symmetricdirections=False)),
    ModuleEntry("BorderSwipingNetwork", BorderSwipingNetwork, (), _swiping_oracle,
                build=lambda name: BorderSwipingNetwork(*_meshes((3, 4)), name=name)),
    ModuleEntry("BorderSwipingNetwork-simple", BorderSwipingNetwork, (), _swiping_oracle,
                build=lambda name: BorderSwipingNetwork(
                    *_meshes((2, 3)), name=name, simpleborders=True,
                    symmetricdimensions=False)),
    ModuleEntry("MultiDimensionalRNN", MultiDimensionalRNN, ((3, 2),),
                lambda net, X: oracles.swiping(net, X, np.tanh, oracles.sigmoid, insize=2,
                                               hsize=2),
                kwargs=dict(hsize=2, insize=2)),
    ModuleEntry("MultiDimensionalLSTM", MultiDimensionalLSTM, ((2, 3),), oracles.mdlstm,
                kwargs=dict(hsize=1, peepholes=True)),
    ModuleEntry("SimpleConvolutionalNetwork", SimpleConvolutionalNetwork, (2, 4, 3, 2),
                lambda net, X: oracles.convolution(net, X, 2, 4, 3, 2)),
    ModuleEntry("CaptureGameNetwork", CaptureGameNetwork, (),
                lambda net, X: oracles.swiping(net, X, np.tanh, oracles.sigmoid, insize=2,
                                               hsize=2),
                kwargs=dict(size=3, hsize=2, directlink=True, combinputs=2)),
    ModuleEntry("CaptureGameNetwork-MDLSTM", CaptureGameNetwork, (), oracles.mdlstm,
                kwargs=dict(size=2, hsize=1, componentclass=MDLSTMLayer, peepholes=True,
                            outputs=2, simpleborders=True)),
    ModuleEntry("ConvolutionalBoardNetwork", ConvolutionalBoardNetwork, (4, 3, 2),
                lambda net, X: oracles.convolutional_board(net, X, 4, 3, 2)),
    ModuleEntry("ConvolutionalBoardNetwork-even", ConvolutionalBoardNetwork, (3, 2, 3),
                lambda net, X: oracles.convolutional_board(net, X, 3, 2, 3)),
]


# a sequential module: checked through T_SEQUENTIAL steps
MODULES += [
    ModuleEntry("LSTMLayer", LSTMLayer, (3,), _lstm_oracle),
    ModuleEntry("LSTMLayer-peepholes", LSTMLayer, (3,), _lstm_oracle,
                kwargs={"peepholes": True}),
]


def distinct_inputs(rng, shape):
    """Inputs at least 4/size apart, in random order: no two pixels of a
    pooling window are within a finite difference's step of each other."""
    n = int(np.prod(shape))
    return ((rng.permutation(n) - n / 2) * (4.0 / max(n, 1))).reshape(shape)


def _padded_images(m, X, padding=(0, 0)):
    """X (T, B, C*H*W) as (T, B, C, H + 2 ph, W + 2 pw), zeros around."""
    (C, H, W), (ph, pw) = m.inshape, padding
    images = np.zeros(X.shape[:2] + (C, H + 2 * ph, W + 2 * pw))
    images[..., ph:ph + H, pw:pw + W] = X.reshape(X.shape[:2] + (C, H, W))
    return images


def _conv_oracle(m, X):
    """A direct loop over output positions: each output pixel is the sum of
    its window times each filter, plus the filter's bias."""
    (kh, kw), (sh, sw), (F, OH, OW) = m.kernel, m.stride, m.outshape
    x = _padded_images(m, X, m.padding)
    n = F * m.inshape[0] * kh * kw
    w, b = m.params[:n].reshape(F, m.inshape[0], kh, kw), m.params[n:]
    Y = np.zeros(X.shape[:2] + (F, OH, OW))
    for p in range(OH):
        for q in range(OW):
            window = x[..., p * sh:p * sh + kh, q * sw:q * sw + kw]
            for f in range(F):
                Y[..., f, p, q] = np.sum(window * w[f], axis=(-3, -2, -1)) + b[f]
    return Y.reshape(X.shape[:2] + (-1,))


def _pool_oracle(reduce):
    """A direct loop over the windows, each reduced by ``reduce``."""
    def oracle(m, X):
        (ph, pw), (sh, sw), (C, OH, OW) = m.pool, m.stride, m.outshape
        x = _padded_images(m, X)
        Y = np.zeros(X.shape[:2] + (C, OH, OW))
        for p in range(OH):
            for q in range(OW):
                Y[..., p, q] = reduce(x[..., p * sh:p * sh + ph, q * sw:q * sw + pw],
                                      axis=(-2, -1))
        return Y.reshape(X.shape[:2] + (-1,))
    return oracle


# image layers: padding and strides that leave rows and columns out, windows
# that overlap, that tile the image, and that leave its border out
MODULES += [
    ModuleEntry("ConvolutionLayer", ConvolutionLayer, ((2, 6, 5), 3, (3, 2)), _conv_oracle,
                kwargs={"stride": (2, 3), "padding": (1, 2)}),
    ModuleEntry("ConvolutionLayer-plain", ConvolutionLayer, ((1, 4, 4), 2, 3), _conv_oracle),
    ModuleEntry("MaxPoolingLayer", MaxPoolingLayer, ((2, 4, 6), 2), _pool_oracle(np.max),
                inputs=distinct_inputs),
    ModuleEntry("MaxPoolingLayer-overlapping", MaxPoolingLayer, ((2, 5, 5), 3),
                _pool_oracle(np.max), kwargs={"stride": (1, 2)}, inputs=distinct_inputs),
    ModuleEntry("MaxPoolingLayer-border", MaxPoolingLayer, ((1, 5, 7), (2, 3)),
                _pool_oracle(np.max), inputs=distinct_inputs),
    ModuleEntry("AveragePoolingLayer", AveragePoolingLayer, ((2, 4, 6), 2),
                _pool_oracle(np.mean)),
    ModuleEntry("AveragePoolingLayer-overlapping", AveragePoolingLayer, ((2, 5, 5), (3, 2)),
                _pool_oracle(np.mean), kwargs={"stride": (1, 2)}),
]


# user subclasses that override only the documented hooks
SUBCLASS_MODULES = [
    ModuleEntry("ScaledLinear(LinearLayer)", subclasses.ScaledLinear, (3,), lambda m, X: 2 * X),
    ModuleEntry("ShiftedSigmoid(SigmoidLayer)", subclasses.ShiftedSigmoid, (3,),
                lambda m, X: subclasses.shifted_sigmoid(X)),
]


def _full_oracle(c, x):
    y = np.zeros((x.shape[0], c.outmod.indim))
    y[:, c.outSliceFrom:c.outSliceTo] = x[:, c.inSliceFrom:c.inSliceTo] @ c.weights.T
    return y


def _identity_oracle(c, x):
    y = np.zeros((x.shape[0], c.outmod.indim))
    y[:, c.outSliceFrom:c.outSliceTo] = x[:, c.inSliceFrom:c.inSliceTo]
    return y


@dataclass(frozen=True)
class ConnectionEntry:
    id: str
    cls: type
    dims: tuple                      # (source outdim, target indim)
    slices: dict = field(default_factory=dict)
    oracle: Callable = None          # oracle(connection, x (B, dims[0])) -> (B, dims[1])
    leading: Callable = None         # leading(a, b) -> arguments before the modules
    kwargs: dict = field(default_factory=dict)   # further constructor arguments

    def make_network(self, recurrent=False, dtype=np.float64):
        """A probe network 'a' -> 'b' of LinearLayers joined by this connection
        (a recurrent one if asked), so the network's output is what the
        connection adds into 'b'. Returns (net, connection)."""
        a, b = LinearLayer(self.dims[0], name="a"), LinearLayer(self.dims[1], name="b")
        net = (RecurrentNetwork if recurrent else FeedForwardNetwork)(name="probe", dtype=dtype)
        net.addInputModule(a)
        net.addOutputModule(b)
        first = self.leading(a, b) if self.leading else ()
        conn = self.cls(*first, a, b, name="c", **self.slices, **self.kwargs)
        (net.addRecurrentConnection if recurrent else net.addConnection)(conn)
        net.sortModules()
        return net, conn

    def expected(self, conn, X, recurrent=False):
        """The oracle over a (T, B, dims[0]) input sequence: step t reads the
        source at t (forward) or at t-1, zeros at t = 0 (recurrent)."""
        Y = np.stack([self.oracle(conn, x) for x in X])
        if recurrent:
            Y = np.concatenate([np.zeros_like(Y[:1]), Y[:-1]])
        return Y


_SLICES = dict(inSliceFrom=1, inSliceTo=4, outSliceFrom=2, outSliceTo=5)

CONNECTIONS = [
    ConnectionEntry("FullConnection", FullConnection, (3, 4), oracle=_full_oracle),
    ConnectionEntry("FullConnection-sliced", FullConnection, (5, 6),
                    dict(inSliceFrom=1, inSliceTo=4, outSliceFrom=2, outSliceTo=5),
                    oracle=_full_oracle),
    ConnectionEntry("IdentityConnection", IdentityConnection, (3, 3), oracle=_identity_oracle),
    ConnectionEntry("IdentityConnection-sliced", IdentityConnection, (5, 4),
                    dict(inSliceFrom=1, inSliceTo=3, outSliceFrom=2), oracle=_identity_oracle),
]


def _mother_for(slices, kind="full"):
    """A MotherConnection with as many parameters as a full (or subsampling)
    connection over these slices."""
    def leading(a, b):
        width = lambda s, f, t: slices.get(t, s) - slices.get(f, 0)  # noqa: E731
        n = width(b.indim, "outSliceFrom", "outSliceTo")
        if kind == "full":
            n *= width(a.outdim, "inSliceFrom", "inSliceTo")
        return (MotherConnection(n, name="mother"),)
    return leading


def _into_target(c, x, values):
    """``values`` (B, outdim of c) placed at c's output slice of the target."""
    y = np.zeros((x.shape[0], c.outmod.indim))
    y[:, c.outSliceFrom:c.outSliceTo] = values
    return y


def _source(c, x):
    return x[:, c.inSliceFrom:c.inSliceTo]


def _linear_oracle(c, x):
    return _into_target(c, x, _source(c, x) * c.params)


def _fullnotself_oracle(c, x):
    return _into_target(c, x, _source(c, x) @ (c.weights * (1 - np.eye(c.indim))).T)


def _permutation_oracle(c, x):
    blocks = _source(c, x).reshape(len(x), -1, c.blocksize)
    return _into_target(c, x, blocks[:, c.permutation].reshape(len(x), -1))


def _subsampling_oracle(c, x):
    return _into_target(c, x, _source(c, x).mean(axis=1, keepdims=True) * c.params)


_SQUARE = dict(inSliceFrom=1, inSliceTo=4, outSliceFrom=2, outSliceTo=5)

CONNECTIONS += [
    ConnectionEntry("LinearConnection", LinearConnection, (3, 3), oracle=_linear_oracle),
    ConnectionEntry("LinearConnection-sliced", LinearConnection, (5, 6), _SQUARE,
                    oracle=_linear_oracle),
    ConnectionEntry("FullNotSelfConnection", FullNotSelfConnection, (3, 3),
                    oracle=_fullnotself_oracle),
    ConnectionEntry("FullNotSelfConnection-sliced", FullNotSelfConnection, (5, 6), _SQUARE,
                    oracle=_fullnotself_oracle),
    ConnectionEntry("PermutationConnection", PermutationConnection, (6, 6),
                    oracle=_permutation_oracle,
                    kwargs=dict(permutation=[2, 0, 1], blocksize=2)),
    ConnectionEntry("PermutationConnection-sliced", PermutationConnection, (5, 6), _SQUARE,
                    oracle=_permutation_oracle,
                    kwargs=dict(permutation=[1, 2, 0], blocksize=1)),
    ConnectionEntry("SubsamplingConnection", SubsamplingConnection, (4, 3),
                    oracle=_subsampling_oracle),
    ConnectionEntry("SubsamplingConnection-sliced", SubsamplingConnection, (5, 6), _SLICES,
                    oracle=_subsampling_oracle),
]

CONNECTIONS += [
    ConnectionEntry("SharedSubsamplingConnection", SharedSubsamplingConnection, (4, 3),
                    oracle=_subsampling_oracle, leading=_mother_for({}, "subsampling")),
    ConnectionEntry("SharedSubsamplingConnection-sliced", SharedSubsamplingConnection, (5, 6),
                    _SLICES, oracle=_subsampling_oracle,
                    leading=_mother_for(_SLICES, "subsampling")),
    ConnectionEntry("SharedFullConnection", SharedFullConnection, (3, 4),
                    oracle=_full_oracle, leading=_mother_for({})),
    ConnectionEntry("SharedFullConnection-sliced", SharedFullConnection, (5, 6), _SLICES,
                    oracle=_full_oracle, leading=_mother_for(_SLICES)),
]


SUBCLASS_CONNECTIONS = [
    ConnectionEntry("HalvedFull(FullConnection)", subclasses.HalvedFull, (3, 4),
                    oracle=subclasses.halved_full),
    ConnectionEntry("HalvedFull(FullConnection)-sliced", subclasses.HalvedFull, (5, 6),
                    dict(inSliceFrom=1, inSliceTo=4, outSliceFrom=2, outSliceTo=5),
                    oracle=subclasses.halved_full),
    ConnectionEntry("TransposedNotSelf(FullNotSelfConnection)", subclasses.TransposedNotSelf,
                    (3, 3), oracle=subclasses.transposed_not_self),
    ConnectionEntry("TransposedNotSelf(FullNotSelfConnection)-sliced",
                    subclasses.TransposedNotSelf, (5, 6), _SQUARE,
                    oracle=subclasses.transposed_not_self),
]


# the checks ------------------------------------------------------------------

def check_gradients(module, X, rng):
    """Backward (input errors and every parameter block) against central
    differences; the report names the block that disagrees."""
    report = check_gradient(module, X=X, rng=rng, tolerance=TOLERANCE)
    assert report.ok, f"{module!r}:\n{report}"
    return report


def activate_sequence(module, X):
    """reset(), then ``activate`` each step of X ((T, B, indim) or (T, indim))."""
    module.reset()
    return np.stack([module.activate(x) for x in X])


def back_activate_sequence(module, E):
    """``backActivate`` each step of E, last step first (BPTT), after an
    ``activate_sequence``; returns the input errors in time order."""
    if not module.sequential:
        # a stateless module only keeps the last step: check one step
        return module.backActivate(E[-1])[None]
    return np.stack([module.backActivate(e) for e in E[::-1]])[::-1]


def check_batch_equals_single(module, X, rng):
    """A batch through ``run_forward``/``run_backward`` and through
    ``activate``/``backActivate`` gives, sample for sample, what each sample
    gives alone; batch derivs are the sum of the samples' derivs."""
    T, B = X.shape[:2]
    E = rng.standard_normal((T, B, module.outdim))

    module.resetDerivatives()
    Y = module.run_forward(X).copy()
    inerr = module.run_backward(E).copy()
    derivs = module.derivs.copy()
    np.testing.assert_allclose(activate_sequence(module, X), Y, **EXACT)

    summed = np.zeros_like(derivs)
    for b in range(B):
        module.resetDerivatives()
        np.testing.assert_allclose(module.run_forward(X[:, b:b + 1])[:, 0], Y[:, b], **EXACT)
        np.testing.assert_allclose(module.run_backward(E[:, b:b + 1])[:, 0], inerr[:, b],
                                   **EXACT)
        summed += module.derivs
        single = activate_sequence(module, X[:, b])
        assert single.shape == (T, module.outdim)
        np.testing.assert_allclose(single, Y[:, b], **EXACT)
    np.testing.assert_allclose(summed, derivs, **EXACT)

    # the PyBrain entry points on the whole batch give the same input errors
    activate_sequence(module, X)
    got = back_activate_sequence(module, E)
    want = inerr if module.sequential else inerr[-1:]
    np.testing.assert_allclose(got, want, **EXACT)


def probe(entry, dtype=np.float64, alone=False):
    """The entry's module inside a network: between LinearLayers 'a' and 'b'
    joined to it by IdentityConnections (so the network's output is the
    module's), or ``alone``, the network's only module, input and output at
    once. A RecurrentNetwork for sequential modules. Returns (net, module)."""
    m = entry.make()
    net = (RecurrentNetwork if m.sequential else FeedForwardNetwork)(name="probe", dtype=dtype)
    if alone:
        net.addInputModule(m)
        net.addOutputModule(m)
    else:
        a, b = LinearLayer(m.indim, name="a"), LinearLayer(m.outdim, name="b")
        net.addInputModule(a)
        net.addModule(m)
        net.addOutputModule(b)
        if m.indim:
            net.addConnection(IdentityConnection(a, m, name="am"))
        net.addConnection(IdentityConnection(m, b, name="mb"))
    net.sortModules()
    return net, m


def check_in_network(entry, rng, alone=False):
    """The module inside a network computes what it computes alone, in every
    path: a whole run (against the oracle), stepping with activate and
    backActivate, a backward run for input errors, training runs that add to
    or overwrite the derivatives; and no run writes the caller's arrays."""
    net, m = probe(entry, alone=alone)
    T = entry.steps()
    X = entry.inputs(rng, (T, BATCH, m.indim))
    E = rng.standard_normal((T, BATCH, m.outdim))
    kept = X.copy(), E.copy()
    ref = entry.make()                       # the same module, alone
    ref.params[:] = m.params
    ref.resetDerivatives()
    ref.run_forward(X)
    ref_inerr = ref.run_backward(E).copy()

    Y = net.run_forward(X).copy()
    np.testing.assert_allclose(Y, entry.oracle(m, X), **EXACT)
    net.resetDerivatives()
    np.testing.assert_allclose(net.run_backward(E), ref_inerr, **EXACT)
    np.testing.assert_allclose(m.derivs, ref.derivs, **EXACT)
    for mode, start in (("fresh", 7.0), ("accumulate", 0.0)):
        net.derivs[:] = start                # "fresh" must not read what was there
        net.run_forward(X)
        assert net.run_backward(E, mode=mode) is None
        np.testing.assert_allclose(m.derivs, ref.derivs, **EXACT)
    net.resetDerivatives()
    np.testing.assert_allclose(activate_sequence(net, X), Y, **EXACT)
    want = ref_inerr if m.sequential else ref_inerr[-1:]
    np.testing.assert_allclose(back_activate_sequence(net, E), want, **EXACT)
    if m.sequential:
        np.testing.assert_allclose(m.derivs, ref.derivs, **EXACT)
    np.testing.assert_array_equal(X, kept[0])
    np.testing.assert_array_equal(E, kept[1])


def check_float32(net, X, expected, twin):
    """A float32 network keeps float32 and lands near the float64 numbers:
    its outputs near ``expected``, its input errors and derivatives near those
    of ``twin``, the same network in float64 (given the float32 parameters)."""
    twin.params[:] = net.params
    X32 = X.astype(np.float32)
    Y = net.run_forward(X32)
    assert Y.dtype == np.float32 and net.params.dtype == np.float32
    np.testing.assert_allclose(Y, expected, rtol=1e-4, atol=1e-5)
    E = np.cos(np.arange(Y.size)).reshape(Y.shape)
    net.resetDerivatives()
    inerr = net.run_backward(E.astype(np.float32))
    assert inerr.dtype == np.float32 and net.derivs.dtype == np.float32
    twin.resetDerivatives()
    twin.run_forward(X32.astype(float))
    np.testing.assert_allclose(inerr, twin.run_backward(E), rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(net.derivs, twin.derivs, rtol=1e-3, atol=1e-4)

"""MDLSTMLayer: multi-dimensional LSTM cells, their states passed explicitly."""

import numpy as np

from brainkit.structure.modules.module import Module
from brainkit.structure.modules.neuronlayer import NeuronLayer, check_dim
from brainkit.structure.modules.sigmoidlayer import sigmoid
from brainkit.structure.moduleslice import ModuleSlice


def _sigmoid(x):
    return sigmoid(x, out=np.empty_like(x))


class MDLSTMLayer(NeuronLayer):
    """``dim`` LSTM cells with one predecessor per dimension (k = ``dimensions``):
    on a k-dimensional grid each cell reads the states of its k neighbours
    that come before it. The states travel through the buffers, so the layer
    has no memory of its own (rows are independent): connect the state part
    of the output to the state part of the next cell's input with
    IdentityConnections (``stateSlice()``), the rest as usual
    (``meatSlice()``).

    Input ``(N, (3 + 2k) dim)``: ``[i | f_1 .. f_k | z | o | c_1 .. c_k]``
    (input gate, one forget gate per dimension, cell input, output gate, then
    the k previous states); output ``(N, 2 dim)``: ``[y | c]``. With sigma the
    logistic function and ``*`` elementwise::

        i = sigma(x_i + w_in * sum_k c_k)       f_k = sigma(x_fk + w_fk * c_k)
        c = i * tanh(z) + sum_k f_k * c_k       o = sigma(x_o + w_out * c)
        y = o * tanh(c)

    The peephole terms exist only with ``peepholes=True``: then the layer has
    ``(2 + k) dim`` parameters ``[w_in | w_f1 .. w_fk | w_out]`` (views
    ``ingatePeepWeights``, ``forgetgatePeepWeights``, ``outgatePeepWeights``).
    With k = 1 and the state fed back by a recurrent IdentityConnection it
    is an LSTMLayer (except that its peepholes see c through the input).
    Backward computes the gates again from the input rows.

    >>> layer = MDLSTMLayer(1)
    >>> y, c = layer.activate([0.0, 0.0, 1.0, 0.0, 2.0])   # c = 0.5 tanh(1) + 0.5 * 2
    >>> bool(np.isclose(c, 0.5 * np.tanh(1.0) + 1.0)), bool(np.isclose(y, 0.5 * np.tanh(c)))
    (True, True)
    """

    def __init__(self, dim, dimensions=1, peepholes=False, name=None):
        dim = check_dim(dim, "MDLSTMLayer")
        dimensions = check_dim(dimensions, "MDLSTMLayer", "dimensions", 1, meaning=None)
        if not isinstance(peepholes, (bool, np.bool_)):
            raise TypeError(f"MDLSTMLayer: peepholes must be True or False; got {peepholes!r}")
        self.dimensions = dimensions
        self.peepholes = bool(peepholes)
        Module.__init__(self, (3 + 2 * self.dimensions) * dim, 2 * dim, name=name,
                        paramdim=(2 + self.dimensions) * dim if peepholes else 0)
        self.dim = dim

    def _constructor_args(self):
        # what the file writers record, in PyBrain's order
        return {"dim": self.dim, "peepholes": self.peepholes, "dimensions": self.dimensions,
                "name": self.name}

    def _bind(self, params, derivs):
        Module._bind(self, params, derivs)
        d, k = self.outdim // 2, self.dimensions
        self.ingatePeepWeights = params[:d]
        self.forgetgatePeepWeights = params[d:d * (1 + k)]
        self.outgatePeepWeights = params[d * (1 + k):]

    def meatSlice(self):
        """The gates and cell input, and the cell output: what other layers use."""
        return ModuleSlice(self, inSliceTo=self.dim * (3 + self.dimensions),
                           outSliceTo=self.dim)

    def stateSlice(self):
        """The previous states in, the state out: what IdentityConnections carry."""
        return ModuleSlice(self, inSliceFrom=self.dim * (3 + self.dimensions),
                           outSliceFrom=self.dim)

    def whichNeuron(self, inputIndex=None, outputIndex=None):
        """The cell that input (or output) number ``inputIndex`` belongs to."""
        return (inputIndex if inputIndex is not None else outputIndex) % self.dim

    def _parts(self, inbuf):
        """(x_i, x_f, z, x_o, previous states), the f and state parts (N, k, d)."""
        d, k, N = self.dim, self.dimensions, len(inbuf)
        return (inbuf[:, :d], inbuf[:, d:d * (1 + k)].reshape(N, k, d),
                inbuf[:, d * (1 + k):d * (2 + k)], inbuf[:, d * (2 + k):d * (3 + k)],
                inbuf[:, d * (3 + k):].reshape(N, k, d))

    def _gates(self, inbuf):
        """(i, f (N, k, d), tanh z, c, o, previous states) of the rows."""
        xi, xf, z, xo, prev = self._parts(inbuf)
        if self.peepholes:
            d, k = self.dim, self.dimensions
            xi = xi + self.ingatePeepWeights * prev.sum(axis=1)
            xf = xf + self.forgetgatePeepWeights.reshape(k, d) * prev
        i, f, g = _sigmoid(xi), _sigmoid(xf), np.tanh(z)
        c = i * g + np.einsum("nkd,nkd->nd", f, prev)
        xo = xo + self.outgatePeepWeights * c if self.peepholes else xo
        return i, f, g, c, _sigmoid(xo), prev

    def _forward(self, inbuf, outbuf):
        self._outputs(self._gates(inbuf), outbuf)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        # computing the gates again costs what keeping (copying, comparing) would
        self._errors(self._gates(inbuf), outerr, inerr)

    # the math from the gates, shared with MdrnnLayer (which keeps them)
    def _outputs(self, gates, outbuf):
        d, (_, _, _, c, o, _) = self.dim, gates
        np.tanh(c, out=outbuf[:, :d])
        outbuf[:, :d] *= o
        outbuf[:, d:] = c

    def _errors(self, gates, outerr, inerr):
        d, k, N = self.dim, self.dimensions, len(outerr)
        i, f, g, c, o, prev = gates
        dy, dcnext = outerr[:, :d], outerr[:, d:]
        tc = np.tanh(c)
        do = o * (1 - o) * dy * tc
        dc = dy * o * (1 - tc**2) + dcnext
        if self.peepholes:
            dc += do * self.outgatePeepWeights
        di = i * (1 - i) * dc * g
        df = f * (1 - f) * dc[:, None, :] * prev
        dprev = dc[:, None, :] * f
        if self.peepholes:
            dprev += (di * self.ingatePeepWeights)[:, None, :]
            dprev += df * self.forgetgatePeepWeights.reshape(k, d)
            self._derivs[:d] += np.einsum("nd,nkd->d", di, prev)
            self._derivs[d:d * (1 + k)] += np.einsum("nkd,nkd->kd", df, prev).ravel()
            self._derivs[d * (1 + k):] += np.einsum("nd,nd->d", do, c)
        inerr[:, :d] = di
        inerr[:, d:d * (1 + k)] = df.reshape(N, k * d)
        inerr[:, d * (1 + k):d * (2 + k)] = i * (1 - g**2) * dc
        inerr[:, d * (2 + k):d * (3 + k)] = do
        inerr[:, d * (3 + k):] = dprev.reshape(N, k * d)

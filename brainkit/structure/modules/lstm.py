"""LSTMLayer: long short-term memory cells with PyBrain's exact layout and math."""

import numpy as np

from brainkit.structure.modules.module import Module
from brainkit.structure.modules.sigmoidlayer import sigmoid


class LSTMLayer(Module):
    """``dim`` LSTM cells; input ``(B, 4*dim)``, output ``(B, dim)``, state kept
    through time (``sequential``) until ``reset()``.

    The input row is four blocks of ``dim`` pre-activations, in PyBrain's order
    ``[input gate | forget gate | cell input | output gate]``. At step t, with
    c[-1] = 0, sigma the logistic function and ``*`` elementwise::

        i = sigma(x_i + w_in * c[t-1])        f = sigma(x_f + w_forget * c[t-1])
        c[t] = i * tanh(x_z) + f * c[t-1]     o = sigma(x_o + w_out * c[t])
        y[t] = o * tanh(c[t])

    The peephole terms exist only with ``peepholes=True``: then the layer has
    ``3*dim`` parameters ``[w_in | w_forget | w_out]`` (drawn N(0, 1), viewed as
    ``ingatePeepWeights``, ``forgetgatePeepWeights``, ``outgatePeepWeights``).
    There is no bias inside the layer; connect a BiasUnit for that.
    Per-step buffers ``gates`` (the activations [i | f | tanh(x_z) | o]),
    ``state`` (c) and ``stateError`` (dL/dc) are (T, B, ·) like the others.

    >>> lstm = LSTMLayer(1)
    >>> y0 = lstm.activate([0.0, 0.0, 1.0, 0.0])   # c = 0.5 tanh(1)
    >>> bool(np.isclose(y0[0], 0.5 * np.tanh(0.5 * np.tanh(1.0))))
    True
    """

    sequential = True
    bufferwidths = (("gates", "indim"), ("state", "outdim"), ("stateError", "outdim"))

    def __init__(self, dim, peepholes=False, name=None):
        self.peepholes = bool(peepholes)
        Module.__init__(self, 4 * dim, dim, name=name, paramdim=3 * dim if peepholes else 0)
        self.dim = self.outdim

    def _constructor_args(self):
        # what the file writers record, in PyBrain's order
        return {"dim": self.dim, "peepholes": self.peepholes, "name": self.name}

    def _bind(self, params, derivs):
        Module._bind(self, params, derivs)
        d = self.outdim
        self.ingatePeepWeights = params[:d]
        self.forgetgatePeepWeights = params[d:2 * d]
        self.outgatePeepWeights = params[2 * d:]

    def _previous_state(self, t):
        return self.state[t - 1] if t > 0 else np.zeros_like(self.state[0])

    def forward(self, t):
        self.offset = t
        d, x, gates = self.outdim, self.inputbuffer[t], self.gates[t]
        prev, c = self._previous_state(t), self.state[t]
        pre = x[:, :2 * d]
        if self.peepholes:
            # params[:2d] is [w_in | w_forget]: both gates peep at c[t-1]
            pre = pre + self.params[:2 * d] * np.tile(prev, 2)
        sigmoid(pre, out=gates[:, :2 * d])
        np.tanh(x[:, 2 * d:3 * d], out=gates[:, 2 * d:3 * d])
        i, f, g = gates[:, :d], gates[:, d:2 * d], gates[:, 2 * d:3 * d]
        c[:] = i * g + f * prev
        pre = x[:, 3 * d:] + self.outgatePeepWeights * c if self.peepholes else x[:, 3 * d:]
        o = sigmoid(pre, out=gates[:, 3 * d:])
        np.multiply(o, np.tanh(c), out=self.outputbuffer[t])

    def backward(self, t):
        # BPTT: called for t = T-1 ... 0; rows t+1 past the sequence hold zeros
        self.offset = t
        d, dy, gates = self.outdim, self.outputerror[t], self.gates[t]
        i, f, g, o = gates[:, :d], gates[:, d:2 * d], gates[:, 2 * d:3 * d], gates[:, 3 * d:]
        prev, c, dc = self._previous_state(t), self.state[t], self.stateError[t]
        dx = self.inputerror[t]
        tc = np.tanh(c)
        dx[:, 3 * d:] = o * (1.0 - o) * dy * tc
        dc[:] = dy * o * (1.0 - tc * tc)
        if t + 1 < self.state.shape[0]:
            dc += self.stateError[t + 1] * self.gates[t + 1, :, d:2 * d]
            if self.peepholes:
                dnext = self.inputerror[t + 1]
                dc += dnext[:, :d] * self.ingatePeepWeights \
                    + dnext[:, d:2 * d] * self.forgetgatePeepWeights
        if self.peepholes:
            dc += dx[:, 3 * d:] * self.outgatePeepWeights
        dx[:, :d] = i * (1.0 - i) * dc * g
        dx[:, d:2 * d] = f * (1.0 - f) * dc * prev
        dx[:, 2 * d:3 * d] = i * (1.0 - g * g) * dc
        if self.peepholes:
            self._derivs += np.concatenate([dx[:, :d] * prev, dx[:, d:2 * d] * prev,
                                            dx[:, 3 * d:] * c], axis=1).sum(axis=0)

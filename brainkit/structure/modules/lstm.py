"""LSTMLayer: long short-term memory cells with PyBrain's exact layout and math."""

import numpy as np

from brainkit.structure.modules.module import Module
from brainkit.structure.modules.neuronlayer import check_dim
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
    ``state`` (c), ``cellout`` (tanh c) and ``stateError`` (dL/dc) are
    (T, B, ·) like the others. As in PyBrain, the math reads its step from
    ``self.offset``. Before stepping back through a run, ``_prepare_backward``
    computes every factor that does not depend on later steps for all steps
    at once (``factors``, ``cellfactor``), so that a step back is a handful of
    products.

    >>> lstm = LSTMLayer(1)
    >>> y0 = lstm.activate([0.0, 0.0, 1.0, 0.0])   # c = 0.5 tanh(1)
    >>> bool(np.isclose(y0[0], 0.5 * np.tanh(0.5 * np.tanh(1.0))))
    True
    """

    sequential = True
    bufferwidths = (("gates", "indim"), ("state", "outdim"), ("cellout", "outdim"),
                    ("factors", "indim"), ("cellfactor", "outdim"), ("stateError", "outdim"))

    def __init__(self, dim, peepholes=False, name=None):
        dim = check_dim(dim, "LSTMLayer")
        if not isinstance(peepholes, (bool, np.bool_)):
            raise TypeError(f"LSTMLayer: peepholes must be True or False; got {peepholes!r}")
        self.peepholes = bool(peepholes)
        Module.__init__(self, 4 * dim, dim, name=name, paramdim=3 * dim if peepholes else 0)
        self.dim = self.outdim
        self._prepared = (0, 0)       # the steps whose backward factors are ready
        self._steps = 0               # steps of the current run (backward reads t+1 below it)
        # step views per buffer allocation (a network keeps a few, one per
        # batch size, and switches between them): id(buffer) -> (buffer, {t: views})
        self._view_cache = {}

    def _constructor_args(self):
        # what the file writers record, in PyBrain's order
        return {"dim": self.dim, "peepholes": self.peepholes, "name": self.name}

    def __setstate__(self, state):
        Module.__setstate__(self, state)
        self._view_cache = {}       # views of buffers a copy does not share

    def _bind(self, params, derivs):
        Module._bind(self, params, derivs)
        d = self.outdim
        self.ingatePeepWeights = params[:d]
        self.forgetgatePeepWeights = params[d:2 * d]
        self.outgatePeepWeights = params[2 * d:]

    def _views(self, buffer):
        """The step-views cache of one allocation of the buffers."""
        entry = self._view_cache.get(id(buffer))
        if entry is None or entry[0] is not buffer:
            if len(self._view_cache) >= 16:
                self._view_cache.clear()
            entry = self._view_cache[id(buffer)] = (buffer, {})
        return entry[1]

    def _forward_views(self, t):
        """Step t's views (x, gates, x_z, g, i, f, o, c, tanh c, y, c[t-1]),
        made once for each allocation of the buffers: a step then slices nothing."""
        cache = self._views(self.gates)
        views = cache.get(t)
        if views is None:
            d, x, gates = self.outdim, self.inputbuffer[t], self.gates[t]
            views = cache[t] = (
                x, gates, x[:, 2 * d:3 * d], gates[:, 2 * d:3 * d], gates[:, :d],
                gates[:, d:2 * d], gates[:, 3 * d:], self.state[t], self.cellout[t],
                self.outputbuffer[t], self.state[t - 1] if t > 0 else None)
        return views

    # The math reads and writes the layer's own buffers at step ``self.offset``
    # (``inbuf``/``outbuf`` are their rows there), through views bound once per
    # step. The step hooks ``forward(t)``/``backward(t)`` are fast variants that
    # skip Module's slicing of the buffers (see brainkit.structure.protocol).

    def _forward(self, inbuf, outbuf):
        self._step_forward(self.offset)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        self._step_backward(self.offset)

    def forward(self, t=None):
        t = self.offset if t is None else t
        self.offset = t
        self._step_forward(t)

    def backward(self, t=None):
        t = self.offset if t is None else t
        self.offset = t
        self._step_backward(t)

    def _step_forward(self, t):
        self._steps = t + 1
        self._prepared = (0, 0)
        x, gates, x_z, g, i, f, o, c, tc, y, prev = self._forward_views(t)
        if not self.peepholes:
            sigmoid(x, out=gates)                       # i, f, o (and z, replaced next)
        else:
            gates[:] = x
            if prev is not None:
                i += self.ingatePeepWeights * prev
                f += self.forgetgatePeepWeights * prev
            sigmoid(gates[:, :2 * self.outdim], out=gates[:, :2 * self.outdim])
        np.tanh(x_z, out=g)
        np.multiply(i, g, out=c)
        if prev is not None:
            np.multiply(f, prev, out=tc)                # f * c[t-1], tc as scratch
            c += tc
        np.tanh(c, out=tc)
        if self.peepholes:
            o += self.outgatePeepWeights * c
            sigmoid(o, out=o)
        np.multiply(o, tc, out=y)

    def _prepare_backward(self, start, stop):
        """Compute the factors of steps start..stop-1 at once (see the class doc)."""
        self._compute_factors(start, stop)
        self._prepared = (start, stop)

    def _compute_factors(self, start, stop):
        """For steps start..stop-1: factors = [g i' | c[t-1] f' | i z' | tanh(c) o']
        (the primes are the squashing functions' slopes) and cellfactor =
        o (1 - tanh(c)**2), so that dx = dc * factors (o block: dy * factors)."""
        d, gates, F = self.outdim, self.gates[start:stop], self.factors[start:stop]
        # the slopes from the values: s (1 - s) for the gates, 1 - g**2 for the
        # cell input (two passes over all blocks, then one block redone)
        np.subtract(1.0, gates, out=F)
        F *= gates
        Fz, g = F[:, :, 2 * d:3 * d], gates[:, :, 2 * d:3 * d]
        np.multiply(g, g, out=Fz)
        np.subtract(1.0, Fz, out=Fz)
        F[:, :, :d] *= g
        if start == 0:                                      # c[-1] = 0
            F[0, :, d:2 * d] = 0.0
            F[1:, :, d:2 * d] *= self.state[:stop - 1]
        else:
            F[:, :, d:2 * d] *= self.state[start - 1:stop - 1]
        F[:, :, 2 * d:3 * d] *= gates[:, :, :d]
        F[:, :, 3 * d:] *= self.cellout[start:stop]
        K = self.cellfactor[start:stop]
        np.multiply(self.cellout[start:stop], self.cellout[start:stop], out=K)
        np.subtract(1.0, K, out=K)
        K *= gates[:, :, 3 * d:]

    def _backward_views(self, t):
        """Step t's views for backward (see ``_forward_views``)."""
        cache = self._views(self.stateError)
        views = cache.get(t)
        if views is None:
            d, F, dx = self.outdim, self.factors[t], self.inputerror[t]
            B = dx.shape[0]
            last = t + 1 >= self.state.shape[0]
            views = cache[t] = (
                self.outputerror[t], F[:, 3 * d:], self.cellfactor[t], self.stateError[t],
                dx[:, 3 * d:], F[:, :3 * d].reshape(B, 3, d), dx[:, :3 * d].reshape(B, 3, d),
                None if last else self.stateError[t + 1],
                None if last else self.gates[t + 1, :, d:2 * d],
                None if last else self.inputerror[t + 1], dx)
        return views

    def _step_backward(self, t):
        # BPTT: called for t = T-1 ... 0; step t+1 exists if the run reached it
        if not self._prepared[0] <= t < self._prepared[1]:
            self._compute_factors(t, t + 1)
        steps = self._steps
        dy, F_o, K, dc, dxo, F3, dx3, dcnext, fnext, dxnext, dx = self._backward_views(t)
        d = self.outdim
        np.multiply(dy, F_o, out=dxo)
        np.multiply(dy, K, out=dc)
        if t + 1 < steps:
            scratch = dx[:, :d]              # written for good below
            np.multiply(dcnext, fnext, out=scratch)
            dc += scratch
            if self.peepholes:
                dc += dxnext[:, :d] * self.ingatePeepWeights
                dc += dxnext[:, d:2 * d] * self.forgetgatePeepWeights
        if self.peepholes:
            dc += dxo * self.outgatePeepWeights
        np.multiply(F3, dc[:, None, :], out=dx3)
        if self.peepholes:
            c = self.state[t]
            prev = self.state[t - 1] if t > 0 else np.zeros_like(c)
            self._derivs[:d] += np.einsum("bd,bd->d", dx[:, :d], prev)
            self._derivs[d:2 * d] += np.einsum("bd,bd->d", dx[:, d:2 * d], prev)
            self._derivs[2 * d:] += np.einsum("bd,bd->d", dx[:, 3 * d:], c)

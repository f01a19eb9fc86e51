"""MdrnnLayer: a whole multi-dimensional LSTM network over a grid, as one layer."""

import math

import numpy as np

from brainkit.structure.modules.mdlstm import MDLSTMLayer
from brainkit.structure.modules.module import Module
from brainkit.structure.modules.neuronlayer import check_dim, is_count
from brainkit.structure.grid import iterCombinations


def _sizes(values, what):
    values = tuple(values)
    if not values or not all(is_count(v, 1) for v in values):
        raise ValueError(f"MdrnnLayer: {what} must be a tuple of positive integers; "
                         f"got {values!r}")
    return tuple(int(v) for v in values)


class MdrnnLayer(Module):
    """A multi-dimensional recurrent network in one layer (PyBrain's MdrnnLayer,
    which ran only in its compiled networks). The input, ``prod(shape)``
    values, is a grid of ``shape // blockshape`` cells of ``prod(blockshape)``
    values each, cell after cell (last coordinate fastest, each block's values
    together; see ``permuteToBlocks``). One swipe goes over the cells from
    the corner at 0, each cell t an MDLSTM cell of ``hiddendim`` units with
    one state per dimension (k = ``timedim``)::

        g_t = W_in x_t + sum_d W_pred[d] y_(t - e_d) + b_g       ((3 + k) hiddendim)
        h_t, c_t = MDLSTM(g_t, c_(t - e_d) for each d)            (see MDLSTMLayer)
        y_t = W_out h_t + b_out                                   (outsize)

    where t - e_d is the cell before t along dimension d (zeros at the
    border). The output is the y of every cell, ``outsize`` values each.

    Parameters ``[W_in | W_pred[0] .. W_pred[k-1] | W_out | b_g | b_out]``
    (matrices row-major, (rows, columns) = (outputs, inputs)), viewed as
    ``inParams``, ``predParams`` (a list), ``outParams`` and ``biasParams``.

    Cells on one anti-diagonal (equal sum of coordinates) do not depend on
    each other, so a run computes them together, for the whole batch: a grid
    of n x n cells takes 2n - 1 steps. Backward reuses the forward pass's
    values when it is given the same inputs and parameters (else it
    recomputes them).

    >>> layer = MdrnnLayer(2, (4, 4), hiddendim=3, outsize=1, blockshape=(2, 2))
    >>> layer.indim, layer.outdim, layer.sequenceLength, layer.paramdim
    (16, 4, 4, 109)
    """

    def __init__(self, timedim, shape, hiddendim, outsize, blockshape=None, name=None):
        shape = _sizes(shape, "shape")
        blockshape = (1,) * len(shape) if blockshape is None else _sizes(blockshape, "blockshape")
        if timedim != len(shape) or len(blockshape) != len(shape) or any(
                s % b for s, b in zip(shape, blockshape)):
            raise ValueError(f"MdrnnLayer: shape {shape} needs timedim = {len(shape)} and a "
                             f"blockshape of as many sizes that divide it; got timedim="
                             f"{timedim!r}, blockshape {blockshape}")
        hiddendim = check_dim(hiddendim, "MdrnnLayer (hiddendim)")
        outsize = check_dim(outsize, "MdrnnLayer (outsize)")
        self.timedim, self.shape, self.blockshape = timedim, shape, blockshape
        self.hiddendim, self.outsize = hiddendim, outsize
        self.grid = tuple(s // b for s, b in zip(shape, blockshape))
        self.blocksize = math.prod(blockshape)
        self.sequenceLength = math.prod(self.grid)
        gates = (3 + timedim) * hiddendim
        self.num_in_params = self.blocksize * gates
        self.num_rec_params = outsize * gates
        self.num_out_params = outsize * hiddendim
        self.num_bias_params = gates + outsize
        self.num_params = (self.num_in_params + timedim * self.num_rec_params
                           + self.num_out_params + self.num_bias_params)
        self._cell = MDLSTMLayer(hiddendim, timedim)
        self._levels = self._wavefront()
        self._cache = None
        Module.__init__(self, math.prod(shape), self.sequenceLength * outsize, name=name,
                        paramdim=self.num_params)

    def _constructor_args(self):
        return {"timedim": self.timedim, "shape": self.shape, "hiddendim": self.hiddendim,
                "outsize": self.outsize, "blockshape": self.blockshape, "name": self.name}

    def _wavefront(self):
        """The cells in wavefront order (by anti-diagonal, then row-major):
        ``_order`` maps that position to the cell's row-major number; per
        anti-diagonal (start, stop, predecessors (k, cells)) in positions, the
        position ``sequenceLength`` standing for "no predecessor"; and every
        position's predecessors (k, sequenceLength)."""
        coords = sorted(iterCombinations(self.grid), key=lambda c: (sum(c), c))
        position = {c: i for i, c in enumerate(coords)}
        before = np.array([[position.get(c[:d] + (c[d] - 1,) + c[d + 1:], self.sequenceLength)
                            for c in coords] for d in range(self.timedim)])
        row_major = {c: i for i, c in enumerate(iterCombinations(self.grid))}
        self._order = np.array([row_major[c] for c in coords])
        self._before = before
        sums = np.array([sum(c) for c in coords])
        starts = np.searchsorted(sums, np.arange(sums[-1] + 2))
        return [(a, b, before[:, a:b]) for a, b in zip(starts[:-1], starts[1:])]

    def _bind(self, params, derivs):
        Module._bind(self, params, derivs)
        self._cache = None
        g, k, h, o = (3 + self.timedim) * self.hiddendim, self.timedim, self.hiddendim, \
            self.outsize
        views, pos = [], 0
        for rows, cols in [(g, self.blocksize)] + [(g, o)] * k + [(o, h)]:
            views.append((params[pos:pos + rows * cols].reshape(rows, cols),
                          derivs[pos:pos + rows * cols].reshape(rows, cols)))
            pos += rows * cols
        (self._Win, self._dWin), *pred, (self._Wout, self._dWout) = views
        self._Wpred, self._dWpred = [w for w, _ in pred], [d for _, d in pred]
        self._bg, self._dbg = params[pos:pos + g], derivs[pos:pos + g]
        self._bo, self._dbo = params[pos + g:], derivs[pos + g:]
        self.inParams = params[:self.num_in_params]
        self.predParams = [w.ravel() for w in self._Wpred]
        self.outParams = self._Wout.ravel()
        self.biasParams = params[pos:]

    def _run(self, inbuf):
        """The forward pass over the grid: (gates, O, Y), the MDLSTM cells'
        gate values per anti-diagonal, their outputs and each cell's y, by
        cell in wavefront order ((cells, N, width), a zero cell at the end of
        Y), one anti-diagonal at a time."""
        N, S, h, k, o = len(inbuf), self.sequenceLength, self.hiddendim, self.timedim, \
            self.outsize
        g, w, dt = (3 + k) * h, (3 + 2 * k) * h, inbuf.dtype
        X = inbuf.reshape(N, S, self.blocksize)[:, self._order].transpose(1, 0, 2)
        G = X @ self._Win.T + self._bg                               # (S, N, g)
        O = np.empty((S, N, 2 * h), dtype=dt)
        Y = np.zeros((S + 1, N, o), dtype=dt)
        gates = []
        for a, b, preds in self._levels:
            rows = np.empty((b - a, N, w), dtype=dt)
            rows[..., :g] = G[a:b]
            for d in range(k):
                rows[..., :g] += Y[preds[d]] @ self._Wpred[d].T
                rows[..., g + d * h:g + (d + 1) * h] = O[np.minimum(preds[d], S - 1), :, h:]
                rows[preds[d] == S, :, g + d * h:g + (d + 1) * h] = 0.0     # no predecessor
            gates.append(self._cell._gates(rows.reshape(-1, w)))
            self._cell._outputs(gates[-1], O[a:b].reshape(-1, 2 * h))
            np.matmul(O[a:b, :, :h], self._Wout.T, out=Y[a:b])
            Y[a:b] += self._bo
        return gates, O, Y

    def _forward(self, inbuf, outbuf):
        gates, O, Y = self._run(inbuf)
        out = np.empty((len(inbuf), self.sequenceLength, self.outsize), dtype=Y.dtype)
        out[:, self._order] = Y[:-1].transpose(1, 0, 2)
        outbuf[:] = out.reshape(len(inbuf), -1)
        self._cache = (inbuf.copy(), self.params.copy(), gates, O, Y)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        cache = self._cache
        if cache is None or cache[0].shape != inbuf.shape or not (
                np.array_equal(cache[0], inbuf) and np.array_equal(cache[1], self.params)):
            cache = (None, None) + self._run(inbuf)
        _, _, gates, O, Y = cache
        N, S, h, k, o = len(inbuf), self.sequenceLength, self.hiddendim, self.timedim, \
            self.outsize
        g, w, dt = (3 + k) * h, (3 + 2 * k) * h, O.dtype
        dY = np.zeros((S + 1, N, o), dtype=dt)
        dY[:S] = outerr.reshape(N, S, o)[:, self._order].transpose(1, 0, 2)
        dO = np.zeros((S + 1, N, 2 * h), dtype=dt)     # [dh | dc] of each cell
        dR = np.empty((S, N, w), dtype=dt)
        for (a, b, preds), cells in zip(reversed(self._levels), reversed(gates)):
            np.matmul(dY[a:b], self._Wout, out=dO[a:b, :, :h])
            self._cell._errors(cells, dO[a:b].reshape(-1, 2 * h), dR[a:b].reshape(-1, w))
            for d in range(k):
                # within one dimension no two cells share a predecessor
                dO[preds[d], :, h:] += dR[a:b, :, g + d * h:g + (d + 1) * h]
                dY[preds[d]] += dR[a:b, :, :g] @ self._Wpred[d]
        # the parameters' derivatives, for all cells at once
        dG = dR[..., :g].reshape(S * N, g)
        errors = dY[:S].reshape(S * N, o)
        self._dWout += errors.T @ O[..., :h].reshape(S * N, h)
        self._dbo += errors.sum(axis=0)
        for d in range(k):
            self._dWpred[d] += dG.T @ Y[self._before[d]].reshape(S * N, o)
        X = inbuf.reshape(N, S, self.blocksize)[:, self._order].transpose(1, 0, 2)
        self._dWin += dG.T @ X.reshape(S * N, -1)
        self._dbg += dG.sum(axis=0)
        dX = np.empty((N, S, self.blocksize), dtype=dt)
        dX[:, self._order] = (dG @ self._Win).reshape(S, N, -1).transpose(1, 0, 2)
        inerr[:] = dX.reshape(N, -1)

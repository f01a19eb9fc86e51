"""MdrnnLayer: a whole multi-dimensional LSTM network over a grid, as one layer."""

import math

import numpy as np

from brainkit.structure.modules.mdlstm import MDLSTMLayer
from brainkit.structure.modules.module import Module
from brainkit.utilities import iterCombinations


def _sizes(values, what):
    values = tuple(values)
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1
                             for v in values):
        raise ValueError(f"MdrnnLayer: {what} must be a tuple of positive integers; "
                         f"got {values!r}")
    return values


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
        """Per anti-diagonal: (its cells, their predecessor along each dimension),
        as index arrays; the index ``sequenceLength`` stands for "none"."""
        coords = list(iterCombinations(self.grid))
        number = {c: i for i, c in enumerate(coords)}
        levels = {}
        for c in coords:
            levels.setdefault(sum(c), []).append(c)
        out = []
        for level in sorted(levels):
            cells = levels[level]
            preds = [[number.get(c[:d] + (c[d] - 1,) + c[d + 1:], self.sequenceLength)
                      for c in cells] for d in range(self.timedim)]
            out.append((np.array([number[c] for c in cells]), np.array(preds)))
        return out

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
        """The forward pass over the grid: (R, O, Y, C), the MDLSTM cells'
        input rows and outputs, and each cell's y and state (with a zero cell
        at index sequenceLength)."""
        N, S, h, k = len(inbuf), self.sequenceLength, self.hiddendim, self.timedim
        g = (3 + k) * h
        G = inbuf.reshape(N, S, self.blocksize) @ self._Win.T + self._bg
        R = np.empty((N, S, g + k * h), dtype=G.dtype)
        O = np.empty((N, S, 2 * h), dtype=G.dtype)
        Y = np.zeros((N, S + 1, self.outsize), dtype=G.dtype)
        C = np.zeros((N, S + 1, h), dtype=G.dtype)
        for cells, preds in self._levels:
            # fresh C-ordered arrays: a cell's math writes through reshaped views
            rows = np.empty((N, len(cells), g + k * h), dtype=G.dtype)
            rows[..., :g] = G[:, cells]
            for d in range(k):
                rows[..., :g] += Y[:, preds[d]] @ self._Wpred[d].T
                rows[..., g + d * h:g + (d + 1) * h] = C[:, preds[d]]
            out = np.empty((N, len(cells), 2 * h), dtype=G.dtype)
            self._cell._forward(rows.reshape(-1, g + k * h), out.reshape(-1, 2 * h))
            R[:, cells], O[:, cells] = rows, out
            C[:, cells] = out[..., h:]
            Y[:, cells] = out[..., :h] @ self._Wout.T + self._bo
        return R, O, Y, C

    def _forward(self, inbuf, outbuf):
        R, O, Y, C = self._run(inbuf)
        outbuf[:] = Y[:, :-1].reshape(len(inbuf), -1)
        self._cache = (inbuf.copy(), self.params.copy(), R, O, Y)

    def _backward(self, outerr, inerr, outbuf, inbuf):
        cache = self._cache
        if cache is None or cache[0].shape != inbuf.shape or not (
                np.array_equal(cache[0], inbuf) and np.array_equal(cache[1], self.params)):
            cache = (None, None) + self._run(inbuf)[:3]
        _, _, R, O, Y = cache
        N, S, h, k = len(inbuf), self.sequenceLength, self.hiddendim, self.timedim
        g = (3 + k) * h
        dY = np.zeros((N, S + 1, self.outsize), dtype=R.dtype)
        dY[:, :S] = outerr.reshape(N, S, self.outsize)
        dC = np.zeros((N, S + 1, h), dtype=R.dtype)
        dG = np.empty((N, S, g), dtype=R.dtype)
        for cells, preds in reversed(self._levels):
            dy = dY[:, cells]
            self._dWout += np.einsum("nco,nch->oh", dy, O[:, cells, :h])
            self._dbo += dy.sum(axis=(0, 1))
            dout = np.concatenate([dy @ self._Wout, dC[:, cells]], axis=2)
            drows = np.empty((N, len(cells), g + k * h), dtype=R.dtype)
            self._cell._backward(dout.reshape(-1, 2 * h), drows.reshape(-1, g + k * h),
                                 O[:, cells].reshape(-1, 2 * h),
                                 R[:, cells].reshape(-1, g + k * h))
            dgates = drows[..., :g]
            dG[:, cells] = dgates
            for d in range(k):
                # within one dimension no two cells share a predecessor
                dC[:, preds[d]] += drows[..., g + d * h:g + (d + 1) * h]
                dY[:, preds[d]] += dgates @ self._Wpred[d]
                self._dWpred[d] += np.einsum("ncg,nco->go", dgates, Y[:, preds[d]])
        X = inbuf.reshape(N, S, self.blocksize)
        self._dWin += np.einsum("ncg,ncb->gb", dG, X)
        self._dbg += dG.sum(axis=(0, 1))
        inerr[:] = (dG @ self._Win).reshape(N, -1)

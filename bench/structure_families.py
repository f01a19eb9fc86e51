"""PyBrain's prebuilt network families in brainkit against plain-numpy loops of the same math.

    OPENBLAS_NUM_THREADS=1 python bench/structure_families.py [--quick] [--repeats N]

One forward and one backward pass (all parameter derivatives, mode "fresh")
over a batch, for each family: the bidirectional network (time steps as
modules), the multi-dimensional RNN and LSTM (grid cells x swipes as modules,
shared weights), the MdrnnLayer (one layer, anti-diagonals of cells at a
time), the simple convolutional network (windows as connections) and the two
board-game networks (the capture game's border-swiping network, the
convolution over a padded board). The
floor for each is the same math written as a plain-numpy loop over the time
steps, cells or windows, the whole batch per step, whatever does not depend
on the recurrence computed for all steps at once (for the MdrnnLayer: one
cell after another, as PyBrain's description goes). Both start from the same
weights and must agree (outputs and derivatives to 1e-9 relative), else the
script exits 1. Printed: the median of ``--repeats`` rounds, the ratio
brainkit / floor, the BLAS thread setting and the machine's load.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from brainkit import BidirectionalNetwork, MdrnnLayer  # noqa: E402
from brainkit.structure.networks.convolutional import SimpleConvolutionalNetwork  # noqa: E402
from brainkit.structure.networks.custom import (CaptureGameNetwork,  # noqa: E402
                                                ConvolutionalBoardNetwork)
from brainkit.structure.networks.multidimensional import (MultiDimensionalLSTM,  # noqa: E402
                                                          MultiDimensionalRNN)
from brainkit.utilities import iterCombinations  # noqa: E402


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def mothers(net):
    return {m.name: m for m in net.motherconnections}


def weights(mother, rows):
    return mother.params.reshape(rows, -1)


def outer_sum(a, b):
    """sum over all leading axes of a[..., i] b[..., j]: one matrix product."""
    return a.reshape(-1, a.shape[-1]).T @ b.reshape(-1, b.shape[-1])


# bidirectional -------------------------------------------------------------------

def floor_bidirectional(net, X, E):
    """Forward and backward over the time steps, the batch at once; the
    input products for all steps at once. Returns (Y, {mother: derivs})."""
    m, n, h = mothers(net), net.seqlen, net.hiddensize
    B = len(X)
    x = X.reshape(B, n, -1)
    Wi, Wib = weights(m["inconn"], h), weights(m["inconnb"], h)
    Wo, Wob = weights(m["outconn"], net.outputsize), weights(m["outconnb"], net.outputsize)
    Wf, Wb = weights(m["fconn"], h), weights(m["bconn"], h)
    hf, hb = x @ Wi.T, x @ Wib.T
    for t in range(n):
        if t:
            hf[:, t] += hf[:, t - 1] @ Wf.T
        np.tanh(hf[:, t], out=hf[:, t])
    for t in reversed(range(n)):
        if t < n - 1:
            hb[:, t] += hb[:, t + 1] @ Wb.T
        np.tanh(hb[:, t], out=hb[:, t])
    y = sigmoid(hf @ Wo.T + hb @ Wob.T)
    dz = E.reshape(y.shape) * y * (1.0 - y)
    grads = {"outconn": outer_sum(dz, hf), "outconnb": outer_sum(dz, hb)}
    dhf, dhb = dz @ Wo, dz @ Wob
    for t in reversed(range(n)):
        if t < n - 1:
            dhf[:, t] += dhf[:, t + 1] @ Wf
        dhf[:, t] *= 1.0 - hf[:, t] ** 2
    for t in range(n):
        if t:
            dhb[:, t] += dhb[:, t - 1] @ Wb
        dhb[:, t] *= 1.0 - hb[:, t] ** 2
    grads["fconn"] = outer_sum(dhf[:, 1:], hf[:, :-1])
    grads["bconn"] = outer_sum(dhb[:, :-1], hb[:, 1:])
    grads["inconn"] = outer_sum(dhf, x)
    grads["inconnb"] = outer_sum(dhb, x)
    return y.reshape(B, -1), grads


# swiping: MDRNN and MDLSTM -----------------------------------------------------------

def swipe_plan(dims):
    """Per swipe: the cells (flat indices) in visiting order, each with its
    predecessors (dimension, flat index) inside the grid."""
    cells = list(iterCombinations(dims))
    index = {c: i for i, c in enumerate(cells)}
    plans = []
    for s in range(2 ** len(dims)):
        up = [(s // 2 ** d) % 2 == 0 for d in range(len(dims))]
        order = sorted(cells, key=lambda c: tuple(x if u else -x for x, u in zip(c, up)))
        plan = []
        for c in order:
            preds = []
            for d, u in enumerate(up):
                p = c[:d] + (c[d] + (-1 if u else 1),) + c[d + 1:]
                if p in index:
                    preds.append((d, index[p]))
            plan.append((index[c], preds))
        plans.append(plan)
    return plans


def border_plan(net, plans):
    """Per swipe and cell (in the plan's order): the border weights (the
    MotherConnections of a border-swiping network) entering the cell where the
    swipe has no predecessor along a dimension; none for other networks."""
    cells = list(iterCombinations(net.dims))
    simple, bordconns = net.predefined.get("borderconn"), net.predefined.get("bordconns")
    result = []
    for plan in plans:
        rows = []
        for c, preds in plan:
            missing = set(range(len(net.dims))) - {d for d, _ in preds}
            if simple is not None or bordconns is None:
                rows.append([simple] * len(missing) if simple is not None else [])
                continue
            entering = []
            for d in sorted(missing):
                rest = cells[c][:d] + cells[c][d + 1:]
                sizes = net.dims[:d] + net.dims[d + 1:]
                entering.append(bordconns[d][tuple(min(n - 1 - v, v)
                                                   for n, v in zip(sizes, rest))])
            rows.append(entering)
        result.append(rows)
    return result


def floor_mdrnn(net, X, E):
    """Tanh cells swiping from every corner, the batch per cell; the border
    weights where a swipe enters the grid (a border-swiping network)."""
    h, B, S = net.hsize, len(X), int(np.prod(net.dims))
    Wi, Wh = weights(net.predefined["inconn"], h), weights(net.predefined["hconns"][0], h)
    Wo = weights(net.predefined["outconn"], net.outputs)
    x = X.reshape(B, S, -1)
    xin = x @ Wi.T                                  # off the recurrence: all cells at once
    plans = swipe_plan(net.dims)
    borders = border_plan(net, plans)
    H = np.empty((len(plans), B, S, h))
    total = np.zeros((B, S, net.outputs))
    for s, plan in enumerate(plans):
        for (c, preds), entering in zip(plan, borders[s]):
            z = xin[:, c].copy()
            for mother in entering:
                z += mother.params
            for _, p in preds:
                z += H[s, :, p] @ Wh.T
            H[s, :, c] = np.tanh(z)
        total += H[s] @ Wo.T
    y = sigmoid(total)
    dz = E.reshape(y.shape) * y * (1.0 - y)
    grads = {"outconn": sum(outer_sum(dz, Hs) for Hs in H), "inconn": 0.0, "hconn0": 0.0}
    for s, plan in enumerate(plans):
        dH = dz @ Wo
        for (c, preds), entering in reversed(list(zip(plan, borders[s]))):
            dH[:, c] *= 1.0 - H[s, :, c] ** 2
            for mother in entering:
                grads[mother.name] = grads.get(mother.name, 0.0) + dH[:, c].sum(axis=0)
            for _, p in preds:
                dH[:, p] += dH[:, c] @ Wh
                grads["hconn0"] = grads["hconn0"] + dH[:, c].T @ H[s, :, p]
        grads["inconn"] = grads["inconn"] + outer_sum(dH, x)
    return y.reshape(B, -1), grads


def lstm_cell(g, prev, h, k):
    """An MDLSTM cell (no peepholes): gates g (B, (3+k)h), previous states
    (k, B, h) -> (i, f (k, B, h), tanh z, c, o, y)."""
    i = sigmoid(g[:, :h])
    f = sigmoid(g[:, h:(1 + k) * h].reshape(-1, k, h).transpose(1, 0, 2))
    z = np.tanh(g[:, (1 + k) * h:(2 + k) * h])
    c = i * z + (f * prev).sum(axis=0)
    o = sigmoid(g[:, (2 + k) * h:])
    return i, f, z, c, o, o * np.tanh(c)


def lstm_cell_back(dy, dc, i, f, z, c, o, prev, h, k):
    """The cell's backward: (dgates (B, (3+k)h), dprev (k, B, h))."""
    tc = np.tanh(c)
    dc = dc + dy * o * (1.0 - tc ** 2)
    df = (f * (1.0 - f) * dc * prev).transpose(1, 0, 2).reshape(len(dy), k * h)
    dg = np.concatenate([i * (1.0 - i) * dc * z, df, i * (1.0 - z ** 2) * dc,
                         o * (1.0 - o) * dy * tc], axis=1)
    return dg, dc * f


def floor_mdlstm(net, X, E):
    """MDLSTM cells swiping from every corner, the batch per cell."""
    h, k, B, S = net.hsize, len(net.dims), len(X), int(np.prod(net.dims))
    g = (3 + k) * h
    Wi, Wh = weights(net.predefined["inconn"], g), weights(net.predefined["hconns"][0], g)
    Wo = weights(net.predefined["outconn"], net.outputs)
    x = X.reshape(B, S, -1)
    xin = x @ Wi.T
    plans = swipe_plan(net.dims)
    cache = [dict() for _ in plans]
    Y = np.zeros((len(plans), B, S, h))
    C = np.zeros((len(plans), B, S, h))
    total = np.zeros((B, S, net.outputs))
    for s, plan in enumerate(plans):
        for c, preds in plan:
            gates = xin[:, c].copy()
            prev = np.zeros((k, B, h))
            for d, p in preds:
                gates += Y[s, :, p] @ Wh.T
                prev[d] = C[s, :, p]
            parts = lstm_cell(gates, prev, h, k)
            cache[s][c] = parts[:5] + (prev,)
            C[s, :, c], Y[s, :, c] = parts[3], parts[5]
        total += Y[s] @ Wo.T
    y = sigmoid(total)
    dz = E.reshape(y.shape) * y * (1.0 - y)
    grads = {"outconn": sum(outer_sum(dz, Ys) for Ys in Y), "inconn": 0.0, "hconn0": 0.0}
    for s, plan in enumerate(plans):
        dY, dC = dz @ Wo, np.zeros((B, S, h))
        dG = np.zeros((B, S, g))
        for c, preds in reversed(plan):
            i, f, z, cc, o, prev = cache[s][c]
            dG[:, c], dprev = lstm_cell_back(dY[:, c], dC[:, c], i, f, z, cc, o, prev, h, k)
            for d, p in preds:
                dY[:, p] += dG[:, c] @ Wh
                dC[:, p] += dprev[d]
                grads["hconn0"] = grads["hconn0"] + dG[:, c].T @ Y[s, :, p]
        grads["inconn"] = grads["inconn"] + outer_sum(dG, x)
    return y.reshape(B, -1), grads


# the MdrnnLayer: one cell after another ------------------------------------------------

def floor_mdrnn_layer(layer, X, E):
    """PyBrain's description cell by cell (row-major), the batch per cell."""
    k, h, o = layer.timedim, layer.hiddendim, layer.outsize
    g, B, S = (3 + k) * h, len(X), layer.sequenceLength
    Win, Wpred, Wout = layer._Win, layer._Wpred, layer._Wout
    bg, bo = layer._bg, layer._bo
    cells = list(iterCombinations(layer.grid))
    index = {c: i for i, c in enumerate(cells)}
    preds = [[index.get(c[:d] + (c[d] - 1,) + c[d + 1:]) for d in range(k)] for c in cells]
    x = X.reshape(B, S, -1)
    G = x @ Win.T + bg
    Y, C, cache = np.zeros((B, S, o)), np.zeros((B, S, h)), []
    for t in range(S):
        gates, prev = G[:, t].copy(), np.zeros((k, B, h))
        for d, p in enumerate(preds[t]):
            if p is not None:
                gates += Y[:, p] @ Wpred[d].T
                prev[d] = C[:, p]
        i, f, z, c, og, y = lstm_cell(gates, prev, h, k)
        cache.append((i, f, z, c, og, prev, y))
        C[:, t], Y[:, t] = c, y @ Wout.T + bo
    dY, dC = E.reshape(B, S, o).copy(), np.zeros((B, S, h))
    dG = np.zeros((B, S, g))
    dWpred = [np.zeros_like(w) for w in Wpred]
    dWout, dbo = np.zeros_like(Wout), np.zeros_like(bo)
    for t in reversed(range(S)):
        i, f, z, c, og, prev, y = cache[t]
        dWout += dY[:, t].T @ y
        dbo += dY[:, t].sum(axis=0)
        dG[:, t], dprev = lstm_cell_back(dY[:, t] @ Wout, dC[:, t], i, f, z, c, og, prev, h, k)
        for d, p in enumerate(preds[t]):
            if p is not None:
                dY[:, p] += dG[:, t] @ Wpred[d]
                dC[:, p] += dprev[d]
                dWpred[d] += dG[:, t].T @ Y[:, p]
    derivs = np.concatenate([outer_sum(dG, x).ravel(),
                             *[w.ravel() for w in dWpred], dWout.ravel(),
                             dG.sum(axis=(0, 1)), dbo])
    return Y.reshape(B, -1), derivs


# the simple convolutional network: one window after another ---------------------------

def floor_convolution(net, X, E, inputdim, insize, conv, maps, padding=None):
    """(``padding``: the network's other MotherConnection, whose derivatives
    are the sum of the image's errors over the positions it fills; a boolean
    mask (insize, insize) of those positions.)"""
    m = mothers(net)
    rows = [weights(m[f"conv{r}"], maps) for r in range(conv)]
    (out,) = [mc for mc in net.motherconnections
              if not mc.name.startswith("conv") and mc is not getattr(padding, "mother", None)]
    wout, side, B = out.params, insize - conv + 1, len(X)
    image = X.reshape(B, insize, insize * inputdim)
    H = np.empty((B, side, side, maps))
    for i in range(side):
        for j in range(side):
            z = sum(image[:, i + r, j * inputdim:(j + conv) * inputdim] @ rows[r].T
                    for r in range(conv))
            H[:, i, j] = np.tanh(z)
    y = sigmoid(H @ wout)
    dz = E.reshape(y.shape) * y * (1.0 - y)
    grads = {out.name: dz.ravel() @ H.reshape(-1, maps)}
    dH = dz[..., None] * wout * (1.0 - H ** 2)
    for r in range(conv):
        grads[f"conv{r}"] = sum(dH[:, i, j].T @ image[:, i + r, j * inputdim:(j + conv) * inputdim]
                                for i in range(side) for j in range(side))
    if padding is not None:
        dimage = np.zeros_like(image)
        for i in range(side):
            for j in range(side):
                for r in range(conv):
                    dimage[:, i + r, j * inputdim:(j + conv) * inputdim] += dH[:, i, j] @ rows[r]
        dimage = dimage.reshape(B, insize, insize, inputdim)
        grads[padding.mother.name] = dimage[:, padding.mask].sum(axis=(0, 1))
    return y.reshape(B, -1), grads


class Padding:
    """The border of a ConvolutionalBoardNetwork: its weights and positions."""

    def __init__(self, net, board, conv):
        (bias,) = [m for m in net.modules if type(m).__name__ == "BiasUnit"]
        self.mother = net.connections[bias][0].mother
        self.x, self.board = conv // 2, board
        self.insize = board + 2 * self.x - (1 - conv % 2)
        self.mask = np.ones((self.insize, self.insize), dtype=bool)
        self.mask[self.x:self.x + board, self.x:self.x + board] = False


def floor_convboard(net, X, E, board, conv, maps):
    """The board copied into the middle of the padded board, the border
    positions filled with the two bias weights, then floor_convolution."""
    pad, B = Padding(net, board, conv), len(X)
    image = np.empty((B, pad.insize, pad.insize, 2))
    image[:, pad.mask] = pad.mother.params
    image[:, pad.x:pad.x + board, pad.x:pad.x + board] = X.reshape(B, board, board, 2)
    return floor_convolution(net, image.reshape(B, -1), E, 2, pad.insize, conv, maps, pad)


# the cases ---------------------------------------------------------------------------

def cases(quick):
    B = 8 if quick else 64
    if quick:
        bi, rnn, lstm, grid, conv = (10, 2, 8, 2), ((3, 3), 4, 2), ((3, 3), 2), (4, 4, 2), \
            (1, 6, 3, 2)
        capture, board = (3, 2), (4, 3, 2)
    else:
        bi, rnn, lstm, grid, conv = (50, 8, 32, 4), ((10, 10), 16, 3), ((8, 8), 8), \
            (16, 16, 16), (1, 16, 5, 8)
        capture, board = (9, 5), (9, 5, 8)
    seqlen, insize, hidden, outsize = bi
    yield ("bidirectional", f"seqlen {seqlen}, {insize}-{hidden}-{outsize}",
           BidirectionalNetwork(seqlen=seqlen, inputsize=insize, hiddensize=hidden,
                                outputsize=outsize), floor_bidirectional, B)
    dims, hsize, ins = rnn
    yield ("MultiDimensionalRNN", f"{dims} grid, {ins}-{hsize}-1 per cell, 4 swipes",
           MultiDimensionalRNN(dims, hsize=hsize, insize=ins), floor_mdrnn, B)
    dims, hsize = lstm
    yield ("MultiDimensionalLSTM", f"{dims} grid, {hsize} cells per cell and swipe",
           MultiDimensionalLSTM(dims, hsize=hsize), floor_mdlstm, B)
    side, hidden, outsize = grid
    yield ("MdrnnLayer", f"{side}x{side} input in 2x2 blocks, {hidden} cells, {outsize} out",
           MdrnnLayer(2, (side, side), hidden, outsize, blockshape=(2, 2)),
           floor_mdrnn_layer, B)
    yield ("SimpleConvolutionalNetwork", "{1}x{1} input, {2}x{2} windows, {3} maps".format(*conv),
           SimpleConvolutionalNetwork(*conv),
           lambda net, X, E: floor_convolution(net, X, E, *conv), B)
    size, hsize = capture
    yield ("CaptureGameNetwork", f"{size}x{size} board, 2-{hsize}-1 per position, 4 swipes",
           CaptureGameNetwork(size=size, hsize=hsize), floor_mdrnn, B)
    yield ("ConvolutionalBoardNetwork", "{0}x{0} board, {1}x{1} windows, {2} maps".format(*board),
           ConvolutionalBoardNetwork(*board),
           lambda net, X, E: floor_convboard(net, X, E, *board), B)


def brainkit_pass(net, X, E):
    Y = net.run_forward(X[None])
    net.run_backward(E[None], mode="fresh")
    return Y[0]


def close(a, b):
    """Equal to 1e-9 of the larger values' scale (sums in another order through
    a long recurrence differ in the last bits of the large numbers)."""
    return np.abs(a - b).max() <= 1e-9 * max(np.abs(b).max(), 1e-3)


def check(name, net, X, E, floor):
    """brainkit's outputs and derivatives against the floor's."""
    Y = brainkit_pass(net, X, E).copy()
    Yf, grads = floor(net, X, E)
    ok = close(Y, Yf)
    if isinstance(grads, dict):
        by_name = {m.name: m for m in net.motherconnections}
        for key, grad in grads.items():
            ok &= close(by_name[key].derivs, np.ravel(grad))
    else:
        ok &= close(net.derivs, grads)
    if not ok:
        print(f"{name}: brainkit and the floor DISAGREE")
    return ok


def timed(fns, repeats):
    """The median time of each function, the functions taking turns in every
    round (so a busy moment hits both); and whether a run was noisy (its
    slowest round over 1.5 times its fastest)."""
    for fn in fns:
        fn()
    runs = [[] for _ in fns]
    for _ in range(repeats):
        for fn, times in zip(fns, runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return [statistics.median(t) for t in runs], any(max(t) > 1.5 * min(t) for t in runs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small cases, 3 rounds")
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 15)
    rng = np.random.default_rng(0)
    np.random.seed(0)
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
          f"forward + backward of one batch, median of {repeats}")
    print(f"{'family':28s} {'case':44s} {'batch':>5s} {'brainkit':>10s} {'floor':>10s} "
          f"{'ratio':>6s}")
    good = True
    for name, case, net, floor, B in cases(args.quick):
        X = rng.standard_normal((B, net.indim))
        E = rng.standard_normal((B, net.outdim))
        good &= check(name, net, X, E, floor)
        (ours, theirs), noisy = timed([lambda: brainkit_pass(net, X, E),
                                       lambda: floor(net, X, E)], repeats)
        print(f"{name:28s} {case:44s} {B:5d} {1e3 * ours:8.2f}ms {1e3 * theirs:8.2f}ms "
              f"{ours / theirs:6.2f}{' *' if noisy else ''}")
    print(f"load average afterwards {os.getloadavg()[0]:.2f} (* a noisy row: its slowest "
          "round took over 1.5 times its fastest)")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())

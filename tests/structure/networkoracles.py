"""Plain-numpy oracles for PyBrain's prebuilt networks (bidirectional,
swiping, multi-dimensional, convolutional, and the board-game networks
CaptureGameNetwork and ConvolutionalBoardNetwork), written from their descriptions:
one sample, one cell and one time step at a time, reading the weights from
the networks' MotherConnections."""

import itertools

import numpy as np


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def matrix(mother, rows):
    """A shared FullConnection's weights: the mother's parameters, (rows, -1)."""
    return mother.params.reshape(rows, -1)


def bidirectional(net, X):
    """h_f[t] = tanh(Wi x[t] + Wf h_f[t-1]), h_b[t] = tanh(Wi' x[t] + Wb h_b[t+1]),
    y[t] = sigmoid(Wo h_f[t] + Wo' h_b[t])."""
    mothers = {m.name: m for m in net.motherconnections}
    n, h = net.seqlen, net.hiddensize
    back = "" if net.symmetric else "b"
    Wi, Wib = matrix(mothers["inconn"], h), matrix(mothers["inconn" + back], h)
    Wo, Wob = matrix(mothers["outconn"], net.outputsize), matrix(mothers["outconn" + back],
                                                                 net.outputsize)
    Wf = matrix(mothers["fconn"], h)
    Wb = Wf if net.symmetric else matrix(mothers["bconn"], h)
    Y = np.zeros(X.shape[:-1] + (net.outdim,))
    for idx in np.ndindex(*X.shape[:-1]):
        x = X[idx].reshape(n, -1)
        hf, hb = np.zeros((n, h)), np.zeros((n, h))
        for t in range(n):
            hf[t] = np.tanh(Wi @ x[t] + (Wf @ hf[t - 1] if t else 0.0))
        for t in reversed(range(n)):
            hb[t] = np.tanh(Wib @ x[t] + (Wb @ hb[t + 1] if t < n - 1 else 0.0))
        Y[idx] = sigmoid(hf @ Wo.T + hb @ Wob.T).ravel()
    return Y


def swipe_orders(dims):
    """For each swipe s: the cells in the order it visits them (along
    dimension d upwards if (s // 2**d) % 2 == 0), and its directions."""
    cells = list(itertools.product(*(range(n) for n in dims)))
    for s in range(2 ** len(dims)):
        up = [(s // 2 ** d) % 2 == 0 for d in range(len(dims))]
        key = lambda c: tuple(x if u else -x for x, u in zip(c, up))  # noqa: E731
        yield s, sorted(cells, key=key), up


def _predecessor(cell, d, up):
    prev = list(cell)
    prev[d] += -1 if up else 1
    return tuple(prev)


def _border(net, cell, d, rows):
    """The bias weights of a BorderSwipingNetwork at ``cell``'s border along d."""
    if net.simpleborders:
        return net.predefined["borderconn"].params
    rest = [x for k, x in enumerate(cell) if k != d]
    sizes = [n for k, n in enumerate(net.dims) if k != d]
    place = tuple(min(n - 1 - x, x) for n, x in zip(sizes, rest))
    return net.predefined["bordconns"][d][place].params.reshape(rows)


def _board_inputs(net, x, insize, rows):
    """One sample: the grid's inputs (dims + (insize,)), and what a
    CaptureGameNetwork's global inputs (after the grid's) add to every hidden
    component (0 without)."""
    cells = int(np.prod(net.dims)) * insize
    grid = x[:cells].reshape(net.dims + (insize,))
    if not getattr(net, "combinputs", 0):
        return grid, 0.0
    return grid, matrix(net.predefined["globalinconn"], rows) @ x[cells:]


def _direct_link(net, grid, outsize):
    """A CaptureGameNetwork's direct link: each cell's input into its output
    (zeros without)."""
    total = np.zeros(net.dims + (outsize,))
    if getattr(net, "directlink", False):
        W = matrix(net.predefined["directconn"], outsize)
        for cell in np.ndindex(*net.dims):
            total[cell] = W @ grid[cell]
    return total


def swiping(net, X, hidden, out, insize=1, outsize=1, hsize=1):
    """Every swipe over the grid, cell by cell: h = hidden(Wi x + sum over
    dimensions of Wh h[predecessor], or the border weights where there is none);
    each cell's output out(sum over swipes of Wo h). With a CaptureGameNetwork's
    global inputs and direct link, if it has them."""
    dims, border = net.dims, hasattr(net, "simpleborders")
    Wi = matrix(net.predefined["inconn"], hsize)
    Wo = matrix(net.predefined["outconn"], outsize)
    hconns = net.predefined["hconns"]
    Y = np.zeros(X.shape[:-1] + (net.outdim,))
    for idx in np.ndindex(*X.shape[:-1]):
        x, glob = _board_inputs(net, X[idx], insize, hsize)
        total = _direct_link(net, x, outsize)
        for s, order, up in swipe_orders(dims):
            h = {}
            for cell in order:
                z = Wi @ x[cell] + glob
                for d, u in enumerate(up):
                    prev = _predecessor(cell, d, u)
                    if prev in h:
                        W = hconns[d] if net.symmetricdirections else hconns[(d, "+-"[not u])]
                        z = z + matrix(W, hsize) @ h[prev]
                    elif border:
                        z = z + _border(net, cell, d, hsize)
                h[cell] = hidden(z)
                total[cell] += Wo @ h[cell]
        Y[idx] = out(total).ravel()
    return Y


def mdlstm(net, X):
    """A MultiDimensionalLSTM: each swipe's cells are MDLSTM cells (gates
    [i | f_1..f_k | z | o] from the input and the predecessors' outputs, one
    state per dimension from the predecessor along it, zero at the border).
    A CaptureGameNetwork's border weights, global inputs and direct link too."""
    dims, k, h = net.dims, len(net.dims), net.hsize
    rows, border = (3 + k) * h, hasattr(net, "simpleborders")
    Wi = matrix(net.predefined["inconn"], rows)
    Wo = matrix(net.predefined["outconn"], net.outputs)
    Wh = matrix(net.predefined["hconns"][0], rows)
    cells = {m.name: m for m in net.modules}
    Y = np.zeros(X.shape[:-1] + (net.outdim,))
    for idx in np.ndindex(*X.shape[:-1]):
        x, glob = _board_inputs(net, X[idx], net.insize, rows)
        total = _direct_link(net, x, net.outputs)
        for s, order, up in swipe_orders(dims):
            y, c = {}, {}
            for cell in order:
                layer = cells[f"hidden{cell + (s,)}"]
                w = layer.params if net.peepholes else np.zeros((2 + k) * h)
                g = Wi @ x[cell] + glob
                prev = []
                for d, u in enumerate(up):
                    p = _predecessor(cell, d, u)
                    if p in y:
                        g = g + Wh @ y[p]
                    elif border:
                        g = g + _border(net, cell, d, rows)
                    prev.append(c.get(p, np.zeros(h)))
                i = sigmoid(g[:h] + w[:h] * sum(prev))
                c[cell] = i * np.tanh(g[(1 + k) * h:(2 + k) * h])
                for d in range(k):
                    f = sigmoid(g[(1 + d) * h:(2 + d) * h] + w[(1 + d) * h:(2 + d) * h] * prev[d])
                    c[cell] = c[cell] + f * prev[d]
                o = sigmoid(g[(2 + k) * h:] + w[(1 + k) * h:] * c[cell])
                y[cell] = o * np.tanh(c[cell])
                total[cell] += Wo @ y[cell]
        Y[idx] = sigmoid(total).ravel()
    return Y


def convolution(net, X, inputdim, insize, convsize, maps, padding=None):
    """Each window of convsize x convsize cells: maps tanh units from the
    window's rows (one weight matrix per row), then one sigmoid output.
    (``padding``: another MotherConnection of the network, not the output's.)"""
    mothers = {m.name: m for m in net.motherconnections}
    rows = [matrix(mothers[f"conv{k}"], maps) for k in range(convsize)]
    (wout,) = [m.params for m in net.motherconnections
               if not m.name.startswith("conv") and m is not padding]
    side = insize - convsize + 1
    Y = np.zeros(X.shape[:-1] + (net.outdim,))
    for idx in np.ndindex(*X.shape[:-1]):
        image = X[idx].reshape(insize, insize * inputdim)
        for i, j in itertools.product(range(side), range(side)):
            z = sum(rows[k] @ image[i + k, j * inputdim:(j + convsize) * inputdim]
                    for k in range(convsize))
            Y[idx + (i * side + j,)] = sigmoid(wout @ np.tanh(z))
    return Y


def convolutional_board(net, X, board, convsize, maps):
    """A ConvolutionalBoardNetwork: each board (2 values per position) in the
    middle of a bigger one whose border positions hold the two weights of the
    connections from the BiasUnit (convsize // 2 positions before the board,
    one fewer after it for an even convsize), then convolution()."""
    x = convsize // 2
    insize = board + 2 * x - (1 - convsize % 2)
    (bias,) = [m for m in net.modules if type(m).__name__ == "BiasUnit"]
    mother = net.connections[bias][0].mother if net.connections[bias] else None
    padded = np.zeros(X.shape[:-1] + (insize, insize, 2))
    if mother is not None:
        padded[...] = mother.params
    padded[..., x:x + board, x:x + board, :] = X.reshape(X.shape[:-1] + (board, board, 2))
    padded = padded.reshape(X.shape[:-1] + (-1,))
    return convolution(net, padded, 2, insize, convsize, maps, padding=mother)


def mdrnn_layer(m, X):
    """An MdrnnLayer cell by cell in row-major order: gates from the block,
    the predecessors' outputs and the bias; an MDLSTM cell; a linear output."""
    k, h, o, b = m.timedim, m.hiddendim, m.outsize, m.blocksize
    g = (3 + k) * h
    p, pos = m.params, 0
    shapes = [(g, b)] + [(g, o)] * k + [(o, h)]
    mats = []
    for rows, cols in shapes:
        mats.append(p[pos:pos + rows * cols].reshape(rows, cols))
        pos += rows * cols
    Win, Wpred, Wout = mats[0], mats[1:1 + k], mats[-1]
    bg, bo = p[pos:pos + g], p[pos + g:]
    cells = list(itertools.product(*(range(n) for n in m.grid)))
    Y = np.zeros(X.shape[:-1] + (m.outdim,))
    for idx in np.ndindex(*X.shape[:-1]):
        x = X[idx].reshape(len(cells), b)
        y, c = {}, {}
        for t, cell in enumerate(cells):
            preds = [cell[:d] + (cell[d] - 1,) + cell[d + 1:] for d in range(k)]
            z = Win @ x[t] + bg
            for d, q in enumerate(preds):
                z = z + (Wpred[d] @ y[q] if q in y else 0.0)
            prev = [c.get(q, np.zeros(h)) for q in preds]
            state = sigmoid(z[:h]) * np.tanh(z[(1 + k) * h:(2 + k) * h])
            for d in range(k):
                state = state + sigmoid(z[(1 + d) * h:(2 + d) * h]) * prev[d]
            c[cell] = state
            y[cell] = Wout @ (sigmoid(z[(2 + k) * h:]) * np.tanh(state)) + bo
            Y[idx + (slice(t * o, (t + 1) * o),)] = y[cell]
    return Y

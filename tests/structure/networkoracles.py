"""Plain-numpy oracles for PyBrain's prebuilt networks (bidirectional,
swiping, multi-dimensional, convolutional), written from their descriptions:
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


def swiping(net, X, hidden, out, insize=1, outsize=1, hsize=1):
    """Every swipe over the grid, cell by cell: h = hidden(Wi x + sum over
    dimensions of Wh h[predecessor], or the border weights where there is none);
    each cell's output out(sum over swipes of Wo h)."""
    dims, border = net.dims, hasattr(net, "simpleborders")
    Wi = matrix(net.predefined["inconn"], hsize)
    Wo = matrix(net.predefined["outconn"], outsize)
    hconns = net.predefined["hconns"]
    Y = np.zeros(X.shape[:-1] + (net.outdim,))
    for idx in np.ndindex(*X.shape[:-1]):
        x = X[idx].reshape(dims + (insize,))
        total = np.zeros(dims + (outsize,))
        for s, order, up in swipe_orders(dims):
            h = {}
            for cell in order:
                z = Wi @ x[cell]
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
    state per dimension from the predecessor along it, zero at the border)."""
    dims, k, h = net.dims, len(net.dims), net.hsize
    Wi = matrix(net.predefined["inconn"], (3 + k) * h)
    Wo = matrix(net.predefined["outconn"], net.outputs)
    Wh = matrix(net.predefined["hconns"][0], (3 + k) * h)
    cells = {m.name: m for m in net.modules}
    Y = np.zeros(X.shape[:-1] + (net.outdim,))
    for idx in np.ndindex(*X.shape[:-1]):
        x = X[idx].reshape(dims + (net.insize,))
        total = np.zeros(dims + (net.outputs,))
        for s, order, up in swipe_orders(dims):
            y, c = {}, {}
            for cell in order:
                layer = cells[f"hidden{cell + (s,)}"]
                w = layer.params if net.peepholes else np.zeros((2 + k) * h)
                g = Wi @ x[cell]
                prev = []
                for d, u in enumerate(up):
                    p = _predecessor(cell, d, u)
                    g = g + (Wh @ y[p] if p in y else 0.0)
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


def convolution(net, X, inputdim, insize, convsize, maps):
    """Each window of convsize x convsize cells: maps tanh units from the
    window's rows (one weight matrix per row), then one sigmoid output."""
    mothers = {m.name: m for m in net.motherconnections}
    rows = [matrix(mothers[f"conv{k}"], maps) for k in range(convsize)]
    (wout,) = [m.params for m in net.motherconnections if not m.name.startswith("conv")]
    side = insize - convsize + 1
    Y = np.zeros(X.shape[:-1] + (net.outdim,))
    for idx in np.ndindex(*X.shape[:-1]):
        image = X[idx].reshape(insize, insize * inputdim)
        for i, j in itertools.product(range(side), range(side)):
            z = sum(rows[k] @ image[i + k, j * inputdim:(j + convsize) * inputdim]
                    for k in range(convsize))
            Y[idx + (i * side + j,)] = sigmoid(wout @ np.tanh(z))
    return Y


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

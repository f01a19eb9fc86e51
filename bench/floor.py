"""The floor: the workloads' math written out in plain numpy, as fast as numpy goes.

Same math as brainkit (PyBrain's semantics): the error fed back is
``target - output``, a softmax output passes it through unchanged, the update
is ``g = sum over the batch of the derivatives``, ``v = momentum * v + lr * g``,
``params += v``. Every array a step needs is allocated once, every operation
writes into it (``out=``), one flat parameter vector holds every weight, and
whatever does not depend on the previous step (the input GEMM of an LSTM, the
derivative factors of its gates) is computed for all steps at once.

Each implementation has ``prepare()`` (back to the start weights, untimed),
``run()`` (the timed part) and ``result()`` -> (last epoch's error, final loss).
"""

import numpy as np


class FlatParams:
    """Named weight arrays as views into one flat vector, with PyBrain's update."""

    def __init__(self, weights, dtype, lr, momentum):
        self.names = [k for k, w in weights.items() if w is not None]
        self.start = np.concatenate([weights[k].ravel() for k in self.names]).astype(dtype)
        self.p, self.g = self.start.copy(), np.zeros_like(self.start)
        self.v, self.tmp = np.zeros_like(self.start), np.zeros_like(self.start)
        self.P, self.G = self._views(self.p, weights), self._views(self.g, weights)
        self.lr, self.momentum = lr, momentum

    def _views(self, flat, weights):
        views, pos = {}, 0
        for k in self.names:
            shape = weights[k].shape
            views[k] = flat[pos:pos + weights[k].size].reshape(shape)
            pos += weights[k].size
        return views

    def reset(self):
        self.p[:] = self.start
        self.v.fill(0)

    def step(self):
        np.multiply(self.g, self.lr, out=self.tmp)
        if self.momentum:
            self.v *= self.momentum
            self.v += self.tmp
            self.p += self.v
        else:
            self.p += self.tmp


def sigmoid_(x):
    """In place: x = 1 / (1 + exp(-x)) (exp may overflow to inf: the result is 0)."""
    np.negative(x, out=x)
    np.exp(x, out=x)
    x += 1.0
    np.reciprocal(x, out=x)


def half_mse(out, Y):
    e = Y - out
    return 0.5 * float(np.vdot(e, e)) / e.size


class FloorMLP:
    """in -> hidden (sigmoid or tanh, with bias) -> out (softmax or linear,
    bias optional), trained by minibatch SGD over the samples in order."""

    name = "floor"

    def __init__(self, case):
        dt = case.dtype
        w = case.weights
        self.flat = FlatParams({"W1": w["W1"], "b1": w["b1"], "W2": w["W2"], "b2": w["b2"]},
                               dt, case.lr, case.momentum)
        self.X, self.Y = case.X.astype(dt, copy=False), case.Y.astype(dt, copy=False)
        self.tanh, self.softmax = case.hidden == "tanh", case.out == "softmax"
        self.bs, self.epochs = case.batchsize, case.epochs
        B, H, O = min(self.bs, len(self.X)), w["W1"].shape[0], w["W2"].shape[0]
        self.bufs = [np.empty((B, H), dt) for _ in range(3)] + \
            [np.empty((B, O), dt) for _ in range(2)] + [np.empty((B, 1), dt)]
        self.error = None

    def prepare(self):
        self.flat.reset()

    def forward(self, x, a, z, m):
        """a = act(x W1^T + b1), z = out(a W2^T + b2) for a batch x, in place."""
        P = self.flat.P
        np.dot(x, P["W1"].T, out=a)
        a += P["b1"]
        if self.tanh:
            np.tanh(a, out=a)
        else:
            sigmoid_(a)
        np.dot(a, P["W2"].T, out=z)
        if "b2" in P:
            z += P["b2"]
        if self.softmax:
            np.max(z, axis=1, keepdims=True, out=m)
            z -= m
            np.exp(z, out=z)
            np.sum(z, axis=1, keepdims=True, out=m)
            z /= m

    def _epoch(self):
        P, G, flat = self.flat.P, self.flat.G, self.flat
        W2, bias2 = P["W2"], "b2" in G
        X, Y, bs = self.X, self.Y, self.bs
        total = 0.0
        for s in range(0, len(X), bs):
            x, y = X[s:s + bs], Y[s:s + bs]
            n = len(x)
            a, t, u, z, e, m = (buf[:n] for buf in self.bufs)
            self.forward(x, a, z, m)
            np.subtract(y, z, out=e)
            total += float(np.vdot(e, e))
            np.dot(e.T, a, out=G["W2"])
            if bias2:
                np.sum(e, axis=0, out=G["b2"])
            np.dot(e, W2, out=t)
            if self.tanh:                      # t *= 1 - a**2
                np.multiply(a, a, out=u)
                np.subtract(1.0, u, out=u)
            else:                              # t *= a * (1 - a)
                np.subtract(1.0, a, out=u)
                u *= a
            t *= u
            np.dot(t.T, x, out=G["W1"])
            np.sum(t, axis=0, out=G["b1"])
            flat.step()
        return 0.5 * total / Y.size

    def run(self):
        with np.errstate(over="ignore", under="ignore"):
            for _ in range(self.epochs):
                self.error = self._epoch()

    def predict(self, X):
        N, H, O = len(X), self.flat.P["W1"].shape[0], self.flat.P["W2"].shape[0]
        z = np.empty((N, O), X.dtype)
        with np.errstate(over="ignore", under="ignore"):
            self.forward(X, np.empty((N, H), X.dtype), z, np.empty((N, 1), X.dtype))
        return z

    def result(self):
        return self.error, half_mse(self.predict(self.X), self.Y)


class FloorPredict(FloorMLP):
    """W5: one forward pass over all samples, into buffers allocated once."""

    def __init__(self, case):
        FloorMLP.__init__(self, case)
        N, H, O = len(self.X), self.flat.P["W1"].shape[0], self.flat.P["W2"].shape[0]
        dt = self.X.dtype
        self.out = np.empty((N, O), dt)
        self.big = np.empty((N, H), dt), self.out, np.empty((N, 1), dt)

    def run(self):
        with np.errstate(over="ignore", under="ignore"):
            self.forward(self.X, *self.big)

    def result(self):
        return None, half_mse(self.out, self.Y)


class FloorLSTM:
    """in -> LSTM (PyBrain's layout, no peepholes, bias from a bias unit) -> linear
    out without bias, with a recurrent LSTM -> LSTM connection; minibatch BPTT
    over whole sequences, in order.

    Gate blocks are [input | forget | cell | output]. Forward per step:
    a = x Win^T + b + h[t-1] R^T; i, f, o = sigma(.); g = tanh(.);
    c = i g + f c[t-1]; h = o tanh(c). Backward per step (the rest is done for
    all steps at once): dh = dY Wout + da[t+1] R; dc = dh o (1 - tanh(c)^2) +
    dc[t+1] f[t+1]; da = [i' g dc | f' c[t-1] dc | i g' dc | o' tanh(c) dh].
    """

    name = "floor"

    def __init__(self, case):
        dt = case.dtype
        w = case.weights
        self.flat = FlatParams({"Win": w["Win"], "b": w["b"], "R": w["R"], "Wout": w["Wout"]},
                               dt, case.lr, case.momentum)
        self.X, self.Y = case.X.astype(dt, copy=False), case.Y.astype(dt, copy=False)
        self.bs, self.epochs = case.batchsize, case.epochs
        self.d = w["R"].shape[1]
        self.cache = {}
        self.error = None

    def _buffers(self, n):
        if n not in self.cache:
            T, dt, d = self.X.shape[0], self.X.dtype, self.d
            shapes = {"x": (T, n, self.X.shape[2]), "y": (T, n, self.Y.shape[2]),
                      "A": (T, n, 4 * d), "G": (T, n, d), "C": (T + 1, n, d),
                      "TC": (T, n, d), "H": (T + 1, n, d), "out": (T, n, self.Y.shape[2]),
                      "Q": (T, n, 4 * d), "dH": (T, n, d), "dA": (T + 1, n, 4 * d),
                      "dc": (2, n, d), "tmp4": (n, 4 * d), "tmpd": (n, d)}
            self.cache[n] = {k: np.zeros(s, dt) for k, s in shapes.items()}
        return self.cache[n]

    def prepare(self):
        self.flat.reset()

    def forward(self, buf):
        """Fill A (gate activations), G (tanh of the cell input), C and H (with
        a zero row 0 for t = -1), TC = tanh(C) and the outputs."""
        P, d = self.flat.P, self.d
        x, A, G, C, TC, H = buf["x"], buf["A"], buf["G"], buf["C"], buf["TC"], buf["H"]
        T, n = A.shape[:2]
        tmp4, tmpd = buf["tmp4"], buf["tmpd"]
        np.dot(x.reshape(T * n, -1), P["Win"].T, out=A.reshape(T * n, 4 * d))
        A += P["b"]
        R_T = P["R"].T
        for t in range(T):
            a = A[t]
            if t:
                np.dot(H[t], R_T, out=tmp4)
                a += tmp4
            np.tanh(a[:, 2 * d:3 * d], out=G[t])
            sigmoid_(a)                       # the cell block's value is never read
            np.multiply(a[:, :d], G[t], out=C[t + 1])
            np.multiply(a[:, d:2 * d], C[t], out=tmpd)
            C[t + 1] += tmpd
            np.tanh(C[t + 1], out=TC[t])
            np.multiply(a[:, 3 * d:], TC[t], out=H[t + 1])
        np.dot(H[1:].reshape(T * n, d), P["Wout"].T, out=buf["out"].reshape(T * n, -1))

    def _batch(self, buf):
        P, G_, d = self.flat.P, self.flat.G, self.d
        self.forward(buf)
        A, G, C, TC, H = buf["A"], buf["G"], buf["C"], buf["TC"], buf["H"]
        T, n = A.shape[:2]
        E = buf["out"]
        np.subtract(buf["y"], E, out=E)
        err = float(np.vdot(E, E))
        np.dot(E.reshape(T * n, -1).T, H[1:].reshape(T * n, d), out=G_["Wout"])
        dH, Q, dA = buf["dH"], buf["Q"], buf["dA"]
        np.dot(E.reshape(T * n, -1), P["Wout"], out=dH.reshape(T * n, d))
        # factors of every step at once: Q = [i'g | f'c[t-1] | i g' | o' tanh(c)]
        np.subtract(1.0, A, out=Q)
        Q *= A
        Q[:, :, :d] *= G
        Q[:, :, d:2 * d] *= C[:-1]
        np.multiply(G, G, out=Q[:, :, 2 * d:3 * d])
        np.subtract(1.0, Q[:, :, 2 * d:3 * d], out=Q[:, :, 2 * d:3 * d])
        Q[:, :, 2 * d:3 * d] *= A[:, :, :d]
        Q[:, :, 3 * d:] *= TC
        # K = o (1 - tanh(c)^2), kept in TC (no longer needed)
        np.multiply(TC, TC, out=TC)
        np.subtract(1.0, TC, out=TC)
        TC *= A[:, :, 3 * d:]
        Q4, dA4 = Q.reshape(T, n, 4, d), dA.reshape(T + 1, n, 4, d)
        tmpd, dcs, R = buf["tmpd"], buf["dc"], P["R"]
        for t in range(T - 1, -1, -1):
            dh, dc, dcnext = dH[t], dcs[t % 2], dcs[(t + 1) % 2]
            if t < T - 1:
                np.dot(dA[t + 1], R, out=tmpd)
                dh += tmpd
                np.multiply(dcnext, A[t + 1, :, d:2 * d], out=tmpd)
                np.multiply(dh, TC[t], out=dc)
                dc += tmpd
            else:
                np.multiply(dh, TC[t], out=dc)
            # [di | df | dg] = Q[:3 blocks] * dc in one call, do = Q[block 3] * dh
            np.multiply(Q4[t, :, :3], dc[:, None, :], out=dA4[t, :, :3])
            np.multiply(Q4[t, :, 3], dh, out=dA4[t, :, 3])
        flat4 = dA[:T].reshape(T * n, 4 * d)
        np.dot(flat4.T, buf["x"].reshape(T * n, -1), out=G_["Win"])
        np.sum(flat4, axis=0, out=G_["b"])
        np.dot(dA[1:T].reshape((T - 1) * n, 4 * d).T, H[1:T].reshape((T - 1) * n, d),
               out=G_["R"])
        self.flat.step()
        return err

    def _epoch(self):
        X, Y, bs = self.X, self.Y, self.bs
        total = 0.0
        for s in range(0, X.shape[1], bs):
            n = min(bs, X.shape[1] - s)
            buf = self._buffers(n)
            np.copyto(buf["x"], X[:, s:s + n])
            np.copyto(buf["y"], Y[:, s:s + n])
            total += self._batch(buf)
        return 0.5 * total / Y.size

    def run(self):
        with np.errstate(over="ignore", under="ignore"):
            for _ in range(self.epochs):
                self.error = self._epoch()

    def result(self):
        T, S = self.X.shape[:2]
        buf = {"x": self.X}
        d, dt = self.d, self.X.dtype
        for k, s in {"A": (T, S, 4 * d), "G": (T, S, d), "C": (T + 1, S, d),
                     "TC": (T, S, d), "H": (T + 1, S, d), "out": self.Y.shape,
                     "tmp4": (S, 4 * d), "tmpd": (S, d)}.items():
            buf[k] = np.zeros(s, dt)
        with np.errstate(over="ignore", under="ignore"):
            self.forward(buf)
        return self.error, half_mse(buf["out"], self.Y)


class FloorCNN(FloorMLP):
    """W6: images (1x28x28) -> convolution (32 filters 3x3, bias) -> ReLU ->
    2x2 max pooling -> dense softmax, minibatch SGD over the samples in order.

    The convolution is im2col (one strided copy) and one matrix product per
    sample, with the biases as a last column of ones; backward needs no input
    errors (the images are data), routes each pooled error to its window's
    first maximum and applies the ReLU's slope on the pooled maps (a window's
    maximum is positive exactly when its winner passed the ReLU). ``prepare``
    and ``run`` are FloorMLP's.
    """

    def __init__(self, case):
        dt, w = case.dtype, case.weights
        self.flat = FlatParams({"K": w["K"], "kb": w["kb"], "W2": w["W2"], "b2": w["b2"]},
                               dt, case.lr, case.momentum)
        self.X = case.X.astype(dt, copy=False).reshape(len(case.X), 1, 28, 28)
        self.Y = case.Y.astype(dt, copy=False)
        self.bs, self.epochs = case.batchsize, case.epochs
        self.F, self.K = w["K"].shape[0], w["K"][0].size
        self.cache = {}
        self.error = None

    def _buffers(self, n):
        if n not in self.cache:
            dt, F, K = self.X.dtype, self.F, self.K
            b = {"cols": np.ones((n, K + 1, 676), dt), "A": np.empty((n, F, 676), dt),
                 "H": np.empty((n, F, 13, 13), dt), "z": np.empty((n, 10), dt),
                 "m": np.empty((n, 1), dt), "e": np.empty((n, 10), dt),
                 "dH": np.empty((n, F, 13, 13), dt), "dA": np.empty((n, F, 26, 26), dt),
                 "prods": np.empty((n, F, K + 1), dt), "Wb": np.empty((F, K + 1), dt),
                 "g": np.empty((F, K + 1), dt)}
            b.update((k, np.empty((n, F, 13, 13), bool)) for k in ("taken", "won", "first"))
            self.cache[n] = b
        return self.cache[n]

    def forward(self, x, b):
        """Fill cols, A (the ReLU of the convolution), H (pooled) and z (softmax)."""
        P, n, K = self.flat.P, len(x), self.K
        view = np.lib.stride_tricks.sliding_window_view(x, (3, 3), axis=(2, 3))
        np.copyto(b["cols"][:, :K].reshape(n, 1, 3, 3, 26, 26), view.transpose(0, 1, 4, 5, 2, 3))
        Wb = b["Wb"]
        Wb[:, :K] = P["K"].reshape(self.F, K)
        Wb[:, K] = P["kb"]
        A = b["A"]
        np.matmul(Wb, b["cols"], out=A)
        np.maximum(A, 0, out=A)
        A4, H = A.reshape(n, self.F, 26, 26), b["H"]
        np.maximum(A4[:, :, 0::2, 0::2], A4[:, :, 0::2, 1::2], out=H)
        np.maximum(H, A4[:, :, 1::2, 0::2], out=H)
        np.maximum(H, A4[:, :, 1::2, 1::2], out=H)
        z, m = b["z"], b["m"]
        np.dot(H.reshape(n, -1), P["W2"].T, out=z)
        z += P["b2"]
        np.max(z, axis=1, keepdims=True, out=m)
        z -= m
        np.exp(z, out=z)
        np.sum(z, axis=1, keepdims=True, out=m)
        z /= m

    def _batch(self, x, y, b):
        P, G, n = self.flat.P, self.flat.G, len(x)
        self.forward(x, b)
        e, H = b["e"], b["H"]
        np.subtract(y, b["z"], out=e)
        err = float(np.vdot(e, e))
        np.dot(e.T, H.reshape(n, -1), out=G["W2"])
        np.sum(e, axis=0, out=G["b2"])
        dH = b["dH"]
        np.dot(e, P["W2"], out=dH.reshape(n, -1))
        np.multiply(dH, H > 0, out=dH)                 # the ReLU's slope at the winner
        A4, dA4, taken, won, first = (b["A"].reshape(n, self.F, 26, 26), b["dA"], b["taken"],
                                      b["won"], b["first"])
        np.equal(A4[:, :, 0::2, 0::2], H, out=taken)
        np.multiply(dH, taken, out=dA4[:, :, 0::2, 0::2])
        for k, (i, j) in enumerate(((0, 1), (1, 0), (1, 1))):
            np.equal(A4[:, :, i::2, j::2], H, out=won)
            np.greater(won, taken, out=first)          # the first maximum wins alone
            if k < 2:
                np.logical_or(taken, first, out=taken)
            np.multiply(dH, first, out=dA4[:, :, i::2, j::2])
        np.matmul(dA4.reshape(n, self.F, 676), b["cols"].transpose(0, 2, 1), out=b["prods"])
        g = np.sum(b["prods"], axis=0, out=b["g"])
        G["K"].reshape(self.F, self.K)[:] = g[:, :self.K]
        G["kb"][:] = g[:, self.K]
        self.flat.step()
        return err

    def _epoch(self):
        X, Y, bs = self.X, self.Y, self.bs
        total = 0.0
        for s in range(0, len(X), bs):
            x = X[s:s + bs]
            total += self._batch(x, Y[s:s + bs], self._buffers(len(x)))
        return 0.5 * total / Y.size

    def result(self):
        out = np.empty_like(self.Y)
        with np.errstate(over="ignore", under="ignore"):
            for s in range(0, len(self.X), 256):          # in parts: the maps are large
                x = self.X[s:s + 256]
                b = self._buffers(len(x))
                self.forward(x, b)
                out[s:s + len(x)] = b["z"]
        return self.error, half_mse(out, self.Y)

"""The workloads in PyTorch (CPU), written the way a PyTorch user would.

Autograd computes the gradients; the error fed back is ``target - output`` as
in PyBrain, given to autograd as the gradient of the output layer's
pre-activation (``z.backward(-e)``), which is what PyBrain's pass-through
softmax amounts to. ``torch.optim.SGD`` with momentum makes the same update
as PyBrain (``buf = m buf + grad; p -= lr buf`` is ``v = m v + lr derivs;
p += v`` with ``v = -lr buf``). Only this file imports torch.
"""

import numpy as np
import torch


def _tensor(a, dtype):
    return torch.from_numpy(np.ascontiguousarray(a, dtype=dtype))


def _half_mse(out, Y):
    e = Y - out
    return 0.5 * float((e * e).sum()) / e.numel()


class TorchMLP:
    """in -> hidden (sigmoid or tanh) -> out (softmax or linear), minibatch SGD."""

    name = "torch"

    def __init__(self, case):
        dt = case.dtype
        self.start = {k: _tensor(w, dt) for k, w in case.weights.items() if w is not None}
        self.params = {k: t.clone().requires_grad_(True) for k, t in self.start.items()}
        self.X, self.Y = _tensor(case.X, dt), _tensor(case.Y, dt)
        self.act = torch.tanh if case.hidden == "tanh" else torch.sigmoid
        self.softmax = case.out == "softmax"
        self.case = case
        self.error = None

    def prepare(self):
        with torch.no_grad():
            for k, p in self.params.items():
                p.copy_(self.start[k])
                p.grad = None
        self.opt = torch.optim.SGD(list(self.params.values()), lr=self.case.lr,
                                   momentum=self.case.momentum)

    def _logits(self, x):
        P = self.params
        h = self.act(torch.addmm(P["b1"], x, P["W1"].t()))
        return torch.addmm(P["b2"], h, P["W2"].t()) if "b2" in P else h @ P["W2"].t()

    def run(self):
        X, Y, bs, opt = self.X, self.Y, self.case.batchsize, self.opt
        for _ in range(self.case.epochs):
            total = torch.zeros((), dtype=X.dtype)
            for s in range(0, len(X), bs):
                z = self._logits(X[s:s + bs])
                with torch.no_grad():
                    e = Y[s:s + bs] - (torch.softmax(z, 1) if self.softmax else z)
                    total += (e * e).sum()
                z.backward(-e)
                opt.step()
                opt.zero_grad()
            self.error = 0.5 * float(total) / Y.numel()

    def predict(self, X):
        with torch.inference_mode():
            z = self._logits(X)
            return torch.softmax(z, 1) if self.softmax else z

    def result(self):
        return self.error, _half_mse(self.predict(self.X), self.Y)


class TorchPredict(TorchMLP):
    """W5: one forward pass over all samples."""

    def run(self):
        self.out = self.predict(self.X)

    def result(self):
        return None, _half_mse(self.out, self.Y)


class TorchCNN(TorchMLP):
    """W6: ``conv2d`` (32 filters 3x3) -> ``relu`` -> ``max_pool2d`` (2x2) ->
    dense softmax, minibatch SGD; the images are (N, 1, 28, 28)."""

    def __init__(self, case):
        TorchMLP.__init__(self, case)
        self.X = self.X.reshape(len(self.X), 1, 28, 28)

    def _logits(self, x):
        P, F = self.params, torch.nn.functional
        h = F.max_pool2d(torch.relu(F.conv2d(x, P["K"], P["kb"])), 2)
        return torch.addmm(P["b2"], h.reshape(len(x), -1), P["W2"].t())

    def predict(self, X):
        return torch.cat([TorchMLP.predict(self, X[s:s + 256]) for s in range(0, len(X), 256)])


class TorchLSTM:
    """torch.nn.LSTM (gate order i, f, g, o, as PyBrain's) with the bias unit's
    weights as ``bias_ih`` (``bias_hh`` frozen at 0), a linear output without
    bias, minibatch BPTT over whole sequences."""

    name = "torch"

    def __init__(self, case):
        dt = {np.dtype(np.float64): torch.float64, np.dtype(np.float32): torch.float32}[case.dtype]
        w = case.weights
        d = w["R"].shape[1]
        self.lstm = torch.nn.LSTM(w["Win"].shape[1], d).to(dt)
        self.lstm.bias_hh_l0.requires_grad_(False)
        self.wout = torch.zeros(w["Wout"].shape, dtype=dt, requires_grad=True)
        self.start = [(self.lstm.weight_ih_l0, w["Win"]), (self.lstm.bias_ih_l0, w["b"]),
                      (self.lstm.weight_hh_l0, w["R"]), (self.lstm.bias_hh_l0, np.zeros(4 * d)),
                      (self.wout, w["Wout"])]
        self.start = [(p, _tensor(a, case.dtype)) for p, a in self.start]
        self.X, self.Y = _tensor(case.X, case.dtype), _tensor(case.Y, case.dtype)
        self.case = case
        self.error = None

    def prepare(self):
        with torch.no_grad():
            for p, a in self.start:
                p.copy_(a)
                p.grad = None
        params = [self.lstm.weight_ih_l0, self.lstm.bias_ih_l0, self.lstm.weight_hh_l0,
                  self.wout]
        self.opt = torch.optim.SGD(params, lr=self.case.lr, momentum=self.case.momentum)

    def _outputs(self, x):
        h, _ = self.lstm(x)
        return h @ self.wout.t()

    def run(self):
        X, Y, bs, opt = self.X, self.Y, self.case.batchsize, self.opt
        for _ in range(self.case.epochs):
            total = torch.zeros((), dtype=X.dtype)
            for s in range(0, X.shape[1], bs):
                out = self._outputs(X[:, s:s + bs])
                with torch.no_grad():
                    e = Y[:, s:s + bs] - out
                    total += (e * e).sum()
                out.backward(-e)
                opt.step()
                opt.zero_grad()
            self.error = 0.5 * float(total) / Y.numel()

    def result(self):
        with torch.inference_mode():
            return self.error, _half_mse(self._outputs(self.X), self.Y)

"""Update rules: one step on the flat parameter vector, given ``derivs``.

``derivs`` point downhill (they hold minus the gradient, PyBrain's sign), so
every rule *adds* to the parameters. A rule knows nothing of networks: a new
one is one small class with a ``step(params, derivs)`` method.
"""

import numpy as np


class GradientDescent:
    """PyBrain's rule: g = derivs - weightdecay * params; v = momentum * v +
    learningrate * g; params += v; then learningrate *= lrdecay (after every
    update, as in PyBrain)."""

    def __init__(self, learningrate=0.01, lrdecay=1.0, momentum=0.0, weightdecay=0.0):
        self.learningrate = learningrate
        self.lrdecay = lrdecay
        self.momentum = momentum
        self.weightdecay = weightdecay
        self.velocity = None

    def step(self, params, derivs):
        if self.velocity is None or self.velocity.shape != params.shape:
            self.velocity = np.zeros_like(params)
            self._step = np.zeros_like(params)
        g = derivs
        if self.weightdecay:
            g = np.multiply(params, -self.weightdecay, out=self._step)
            g += derivs
        if self.momentum:
            self.velocity *= self.momentum
            self.velocity += np.multiply(g, self.learningrate, out=self._step)
        else:
            np.multiply(g, self.learningrate, out=self.velocity)
        self.learningrate *= self.lrdecay
        params += self.velocity


class RPropMinus:
    """PyBrain's RProp- (lagged, iRprop- style [SURPRISE]): step every weight by
    sign(g) times its own step size, then grow the step sizes where g kept its
    sign (etaplus), shrink them where it flipped (etaminus, and forget g there),
    clipped to [deltamin, deltamax]. The new sizes are first used next step."""

    def __init__(self, etaminus=0.5, etaplus=1.2, deltamin=1.0e-6, deltamax=5.0,
                 delta0=0.1, weightdecay=0.0):
        self.etaminus, self.etaplus = etaminus, etaplus
        self.deltamin, self.deltamax, self.delta0 = deltamin, deltamax, delta0
        self.weightdecay = weightdecay
        self.delta = None
        self.lastg = None

    def step(self, params, derivs):
        if self.delta is None or self.delta.shape != params.shape:
            self.delta = np.full_like(params, self.delta0)
            self.lastg = np.zeros_like(params)
        g = derivs - self.weightdecay * params
        params += np.sign(g) * self.delta
        s = self.lastg * g
        self.delta[s > 0] *= self.etaplus
        self.delta[s < 0] *= self.etaminus
        g[s < 0] = 0
        np.clip(self.delta, self.deltamin, self.deltamax, out=self.delta)
        self.lastg = g


class Adam:
    """Adam (Kingma & Ba, 2015) on the flat vector: moment estimates m, v of
    g = derivs - weightdecay * params, bias-corrected; params += lr * m / (sqrt(v) + eps)."""

    def __init__(self, learningrate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 weightdecay=0.0):
        self.learningrate, self.beta1, self.beta2 = learningrate, beta1, beta2
        self.epsilon, self.weightdecay = epsilon, weightdecay
        self.m = self.v = None
        self.t = 0

    def step(self, params, derivs):
        if self.m is None or self.m.shape != params.shape:
            self.m, self.v, self.t = np.zeros_like(params), np.zeros_like(params), 0
        g = derivs - self.weightdecay * params if self.weightdecay else derivs
        self.t += 1
        self.m += (1 - self.beta1) * (g - self.m)
        self.v += (1 - self.beta2) * (g * g - self.v)
        mhat = self.m / (1 - self.beta1 ** self.t)
        vhat = self.v / (1 - self.beta2 ** self.t)
        params += self.learningrate * mhat / (np.sqrt(vhat) + self.epsilon)

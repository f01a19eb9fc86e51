"""Update rules: one step on the flat parameter vector, given ``derivs``.

``derivs`` point downhill (they hold minus the gradient, PyBrain's sign), so
every rule *adds* to the parameters. A rule knows nothing of networks: a new
one is one small class with a ``step(params, derivs)`` method, a ``reset()``
that forgets its state, and an ``advice`` text for when training diverges.
"""

import numbers

import numpy as np


def check_number(name, value, low, low_ok, high=None, high_ok=True):
    """Refuse anything but a finite real number (not a bool) in the given range."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    if (value < low or (value == low and not low_ok)
            or (high is not None and (value > high or (value == high and not high_ok)))):
        bound = f"{'>=' if low_ok else '>'} {low}" + (
            f" and {'<=' if high_ok else '<'} {high}" if high is not None else "")
        raise ValueError(f"{name} must be {bound}; got {value!r}")
    return float(value)


class GradientDescent:
    """PyBrain's rule: g = derivs - weightdecay * params; v = momentum * v +
    learningrate * g; params += v; then learningrate *= lrdecay (after every
    update, as in PyBrain)."""

    def __init__(self, learningrate=0.01, lrdecay=1.0, momentum=0.0, weightdecay=0.0):
        self.learningrate = check_number("learningrate", learningrate, 0, False)
        self.lrdecay = check_number("lrdecay", lrdecay, 0, False)
        self.momentum = check_number("momentum", momentum, 0, True, 1)
        self.weightdecay = check_number("weightdecay", weightdecay, 0, True)
        self.velocity = None

    def reset(self):
        """Forget the velocity (after the weights were rolled back)."""
        self.velocity = None

    @property
    def advice(self):
        return f"lower the learning rate (it is {self.learningrate:g})"

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
        self.etaminus = check_number("etaminus", etaminus, 0, False, 1, False)
        self.etaplus = check_number("etaplus", etaplus, 1, False)
        self.deltamin = check_number("deltamin", deltamin, 0, True)
        self.deltamax = check_number("deltamax", deltamax, 0, False)
        self.delta0 = check_number("delta0", delta0, 0, False)
        if not self.deltamin <= self.delta0 <= self.deltamax:
            raise ValueError("RProp needs deltamin <= delta0 <= deltamax; got "
                             f"{deltamin!r}, {delta0!r}, {deltamax!r}")
        self.weightdecay = check_number("weightdecay", weightdecay, 0, True)
        self.reset()

    def reset(self):
        """Start again from delta0 (after the weights were rolled back)."""
        self.delta = None
        self.lastg = None

    @property
    def advice(self):
        return f"lower delta0 and deltamax (they are {self.delta0:g} and {self.deltamax:g})"

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
    g = derivs - weightdecay * params, bias-corrected; params += lr * m̂ / (sqrt(v̂) + eps).

    Computed as params += lr * (c2 / c1) * m / (sqrt(v) + eps * c2) with
    c1 = 1 - beta1**t, c2 = sqrt(1 - beta2**t) (the same number), in place in
    two scratch vectors, so a step allocates nothing."""

    def __init__(self, learningrate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 weightdecay=0.0):
        self.learningrate = check_number("learningrate", learningrate, 0, False)
        self.beta1 = check_number("beta1", beta1, 0, True, 1, False)
        self.beta2 = check_number("beta2", beta2, 0, True, 1, False)
        self.epsilon = check_number("epsilon", epsilon, 0, False)
        self.weightdecay = check_number("weightdecay", weightdecay, 0, True)
        self.reset()

    def reset(self):
        """Forget the moments (after the weights were rolled back)."""
        self.m = self.v = None
        self.t = 0

    @property
    def advice(self):
        return f"lower the learning rate (it is {self.learningrate:g})"

    def step(self, params, derivs):
        if self.m is None or self.m.shape != params.shape:
            self.m, self.v, self.t = np.zeros_like(params), np.zeros_like(params), 0
            self._g, self._tmp = np.empty_like(params), np.empty_like(params)
        g, tmp = derivs, self._tmp
        if self.weightdecay:
            g = np.multiply(params, -self.weightdecay, out=self._g)
            g += derivs
        self.t += 1
        self.m *= self.beta1
        self.m += np.multiply(g, 1 - self.beta1, out=tmp)
        self.v *= self.beta2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - self.beta2
        self.v += tmp
        c1, c2 = 1 - self.beta1 ** self.t, np.sqrt(1 - self.beta2 ** self.t)
        np.sqrt(self.v, out=tmp)
        tmp += self.epsilon * c2
        np.divide(self.m, tmp, out=tmp)
        tmp *= self.learningrate * c2 / c1
        params += tmp

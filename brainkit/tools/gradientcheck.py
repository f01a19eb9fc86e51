"""Numerical gradient checks for modules, connections and whole networks.

The check runs a module or network over a random sequence of inputs X of shape
(T, B, indim), takes the objective ``L = sum(W * Y)`` of its outputs Y for a
fixed random W, and compares what backpropagation gives (fed the output error
W, the module accumulates ``derivs = dL/dparams`` and returns ``dL/dX``) with
central differences of L. Through time, for recurrent pieces, since the whole
sequence is run forward and back. A network too big for one pair of runs per
number is checked along a few random directions per parameter block instead
(``directions=k``): the derivative of L along a direction v, from two runs,
against v . gradient.

>>> from brainkit import buildNetwork
>>> report = check_gradient(buildNetwork(2, 3, 1), rng=np.random.default_rng(0))
>>> report.ok
True

``check_loss_gradient`` checks a trainer's loss the same way, end to end: the
error the loss feeds back, through the output layer's backward, against
central differences of the loss itself.

>>> from brainkit import SoftmaxLayer
>>> net = buildNetwork(2, 3, 3, outclass=SoftmaxLayer)
>>> check_loss_gradient(net, "crossentropy", rng=np.random.default_rng(0)).ok
True
"""

from dataclasses import dataclass, field

import numpy as np

# the differences themselves live with the trainers, whose _checkGradient uses them too
from brainkit.trainers.differences import directional_gradient, numeric_gradient


@dataclass
class GradientReport:
    """The outcome of a check: relative errors of the parameter derivatives
    (per component) and of the input errors; ``ok`` when all are within
    ``tolerance``."""

    tolerance: float
    param_errors: dict = field(default_factory=dict)   # component name -> rel. error
    input_error: float = 0.0

    @property
    def worst(self):
        return max([self.input_error, *self.param_errors.values()])

    @property
    def ok(self):
        return self.worst <= self.tolerance

    def __str__(self):
        lines = [f"input errors: relative error {self.input_error:.2e}"]
        lines += [f"{name}: relative error {err:.2e}" for name, err in self.param_errors.items()]
        verdict = "ok" if self.ok else f"FAILED (tolerance {self.tolerance:g})"
        return "\n".join(lines + [f"gradient check {verdict}"])


def relative_error(analytic, numeric):
    """max |a - n| over max(|a|, |n|), 0 when both are (nearly) zero."""
    scale = max(np.abs(analytic).max(initial=0.0), np.abs(numeric).max(initial=0.0))
    return 0.0 if scale < 1e-12 else float(np.abs(analytic - numeric).max() / scale)


def _compare(values, analytic, objective, eps, directions, rng):
    """Relative error of ``analytic`` (the gradient with respect to
    ``values``) against numerical differences: per number, or along
    ``directions`` random unit directions."""
    if directions is None:
        return relative_error(analytic, numeric_gradient(values, objective, eps))
    vs = rng.standard_normal((directions,) + values.shape)
    vs /= np.sqrt((vs ** 2).sum(axis=tuple(range(1, vs.ndim)), keepdims=True))
    along = np.array([np.vdot(v, analytic) for v in vs])
    return relative_error(along, directional_gradient(values, objective, vs, eps))


def _components(module):
    """(name, params view, derivs view) of every parameter block."""
    containers = getattr(module, "_containers", None)
    if containers is None:
        containers = [module] if module.paramdim else []
    return [(c.name or type(c).__name__, c.params, c.derivs) for c in containers]


def _inputs(module, X, T, B, rng):
    """``X`` as a float64 copy (the check nudges it in place: never the
    caller's), or random (T, B, indim) inputs, T = 8 steps for sequential
    modules and 1 otherwise."""
    if X is None:
        T = T or (8 if module.sequential else 1)
        X = rng.standard_normal((T, B, module.indim))
    return np.array(X, dtype=float)


def _check(module, X, objective, error, sign, eps, tolerance, directions, rng):
    """Backpropagate ``error(outputs)`` from a run over X and compare ``sign``
    times the derivs (per block) and the input errors with differences of
    ``objective()`` (a function of the module's parameters and X). The
    parameters are left as they were; derivs are reset."""
    module.resetDerivatives()
    input_analytic = sign * module.run_backward(error(module.run_forward(X)))
    report = GradientReport(tolerance)
    for name, params, derivs in _components(module):
        report.param_errors[name] = _compare(params, sign * derivs, objective, eps, directions,
                                             rng)
    report.input_error = _compare(X, input_analytic, objective, eps, directions, rng)
    module.resetDerivatives()
    module.reset()
    return report


def check_gradient(module, X=None, T=None, B=3, eps=1e-6, tolerance=1e-6, rng=None,
                   directions=None):
    """Compare analytic and numerical gradients of a module or sorted network.

    ``X`` (T, B, indim) are the inputs (random if None, with T = 8 steps for
    sequential modules and 1 otherwise). With ``directions=k`` each parameter
    block (and the inputs) is checked along k random directions instead of
    number by number: two runs per direction, for networks too big for the
    full check. Returns a ``GradientReport``. The module's parameters are
    unchanged afterwards; its derivs are reset.
    """
    rng = np.random.default_rng() if rng is None else rng
    X = _inputs(module, X, T, B, rng)
    W = rng.standard_normal((X.shape[0], X.shape[1], module.outdim))

    def objective():
        return float(np.sum(W * module.run_forward(X)))
    return _check(module, X, objective, lambda out: W, 1.0, eps, tolerance, directions, rng)


def gradientCheck(module, tolerance=1e-6, rng=None):
    """PyBrain's name: True when ``check_gradient`` finds every block within
    ``tolerance``."""
    return check_gradient(module, tolerance=tolerance, rng=rng).ok


def check_loss_gradient(module, loss, X=None, targets=None, B=3, eps=1e-6, tolerance=1e-6,
                        rng=None, directions=None):
    """Compare the gradient a trainer gets for ``loss`` (a name or object from
    ``brainkit.trainers.losses``) with central differences of the loss summed
    over the batch. ``X`` (T, B, indim) and ``targets`` (T, B, outdim) are
    random if None (targets: rows of probabilities, valid for every loss);
    ``directions`` as in ``check_gradient``. Returns a ``GradientReport``;
    parameters unchanged, derivs reset."""
    from brainkit.trainers.losses import get_loss, output_layer
    loss, layer = get_loss(loss), output_layer(module)
    rng = np.random.default_rng() if rng is None else rng
    X = _inputs(module, X, None, B, rng)
    if targets is None:
        e = np.exp(rng.standard_normal((*X.shape[:2], module.outdim)))
        targets = e / e.sum(axis=-1, keepdims=True)
    loss.check(layer, targets)

    def objective():
        return loss.evaluate(module.run_forward(X), targets, None, layer)[1]

    def error(out):
        return loss.evaluate(out, targets, None, layer)[0].copy()
    # derivs and the error point downhill: minus the gradient
    return _check(module, X, objective, error, -1.0, eps, tolerance, directions, rng)

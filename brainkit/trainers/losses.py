"""The losses a trainer minimises, by name: ``BackpropTrainer(..., loss='mse')``.

A loss sees one forward run: outputs ``Y``, targets ``T``, error weights ``W``
(None when all are 1), each (steps, batch, K), and the output layer ``layer``
(its ``inputbuffer`` holds the pre-activations Z of the run). ``evaluate``
returns ``(E, total, count)``:

- ``E``, the error to feed to ``run_backward``: minus the gradient of the
  summed per-sample losses with respect to the outputs (``derivs`` point
  downhill), arranged so that the output layer's own backward turns it into
  exactly minus the gradient with respect to Z (each class says how);
- ``total`` and ``count``: the epoch's reported figure is
  sum(total) / sum(count) over its batches.

Every figure is a mean over the samples, whatever the reduction; only
PyBrain's ``sse`` also divides by the number of outputs, as PyBrain does.

>>> sorted(LOSSES)
['crossentropy', 'mse', 'sse']
"""

import numpy as np

from brainkit.structure.modules.sigmoidlayer import SigmoidLayer
from brainkit.structure.modules.softmax import SoftmaxLayer

REDUCTIONS = ("sum", "mean")


def _weighted(E, W):
    return E if W is None else E * W


class HalfSquaredError:
    """PyBrain's loss and the default: per sample ½·Σ_k (t_k - y_k)².

    E = t - y, which every layer's backward turns into the exact gradient,
    except SoftmaxLayer's pass-through [SURPRISE]: there t - y is the gradient
    of the cross-entropy with respect to the logits, so a softmax network
    trained on this loss follows the cross-entropy, exactly as in PyBrain.
    Reported: ½·(t - y)² averaged over samples *and outputs* (PyBrain's figure).
    """

    name = "sse"
    description = "half the squared error, averaged over samples and outputs (PyBrain's)"

    def check(self, layer, targets):
        pass

    def evaluate(self, Y, T, W, layer):
        D = T - Y
        E = _weighted(D, W)
        return E, 0.5 * float(np.vdot(D, E)), float(D.size if W is None else W.sum())


class MeanSquaredError:
    """Per sample (1/K)·Σ_k (t_k - y_k)², K the number of outputs.

    E = (2/K)(t - y). Behind a SoftmaxLayer, whose backward passes the error
    through, E is first multiplied by the softmax Jacobian,
    E_j <- y_j (E_j - Σ_k E_k y_k), so that the gradient is exact there too.
    Reported: the mean squared error over samples and outputs.
    """

    name = "mse"
    description = "mean squared error"

    def check(self, layer, targets):
        pass

    def evaluate(self, Y, T, W, layer):
        K = Y.shape[-1]
        D = T - Y
        E = _weighted(D, W)
        total = float(np.vdot(D, E)) / K
        E = E * (2.0 / K)
        if _passes_through(layer):
            E = Y * (E - np.sum(E * Y, axis=-1, keepdims=True))
        return E, total, samples_in(Y, W)


class CrossEntropy:
    """Categorical after a SoftmaxLayer: per sample -Σ_k t_k log y_k, the
    targets each row's class probabilities (one-of-many). Binary after a
    SigmoidLayer: per sample -Σ_k [t_k log y_k + (1 - t_k) log(1 - y_k)],
    targets in [0, 1].

    Both are computed from the pre-activations z (the output layer's
    inputbuffer), so no log of 0 is ever taken: log y_k = z_k - logsumexp(z)
    and log(1 - σ(z)) = -softplus(z), log σ(z) = -softplus(-z).

    Gradient, exact end to end: minus the gradient with respect to z is t - y
    in both cases. The softmax's backward passes E through, so E = t - y (a
    subclass with a backward of its own gets t / y, minus the gradient with
    respect to its outputs).
    The sigmoid's backward multiplies by y(1 - y), so E = (t - y) / (y(1 - y)),
    computed from the same outputs; where the sigmoid's output is rounded to
    exactly 0 or 1 (|z| above about 36 in float64, 16 in float32) the layer's
    backward multiplies by 0 and no error can pass: E is 0 there.
    Importance weights count per sample for the categorical loss (their mean
    over the outputs).
    """

    name = "crossentropy"
    description = "cross-entropy, averaged over samples"

    def check(self, layer, targets):
        if not (_is_softmax(layer) or _is_sigmoid(layer)):
            raise ValueError(f"loss='crossentropy' needs a SoftmaxLayer (classes) or a "
                             f"SigmoidLayer (yes/no outputs) as the output module; "
                             f"{layer.name!r} is a {type(layer).__name__}: use loss='mse' "
                             "or change the output layer")
        if targets.size and (targets.min() < 0 or targets.max() > 1):
            raise ValueError("loss='crossentropy' needs targets between 0 and 1; got values "
                             f"from {targets.min():g} to {targets.max():g}")
        if _is_softmax(layer) and targets.size:
            sums = targets.sum(axis=-1)
            if np.abs(sums - 1).max() > 1e-6:
                raise ValueError("loss='crossentropy' after a SoftmaxLayer needs each "
                                 "target row to sum to 1 (one-of-many class targets, e.g. "
                                 "ClassificationDataSet._convertToOneOfMany()); a row sums "
                                 f"to {sums.flat[np.argmax(np.abs(sums - 1))]:g}")

    def evaluate(self, Y, T, W, layer):
        Z = layer.inputbuffer[:Y.shape[0]]
        if _is_softmax(layer):
            top = Z.max(axis=-1, keepdims=True)
            lse = top + np.log(np.sum(np.exp(Z - top), axis=-1, keepdims=True))
            per_sample = np.sum(T * (lse - Z), axis=-1)
            w = None if W is None else W.mean(axis=-1)
            # minus the gradient with respect to z when the layer passes its
            # error through; else with respect to y, t / y, for its own backward
            E = T - Y if _passes_through(layer) else T / np.maximum(Y, np.finfo(Y.dtype).tiny)
            E = E if w is None else E * w[..., None]
            total = float(per_sample.sum() if w is None else np.vdot(per_sample, w))
            return E, total, samples_in(Y, W)
        # binary: -[t log σ(z) + (1 - t) log(1 - σ(z))] = softplus(z) - t z
        terms = np.maximum(Z, 0) - T * Z + np.log1p(np.exp(-np.abs(Z)))
        slope = Y * (1.0 - Y)
        tiny = np.finfo(Y.dtype).tiny
        E = np.divide(T - Y, slope, out=np.zeros_like(Y), where=slope >= tiny)
        E = _weighted(E, W)
        return E, float(np.sum(_weighted(terms, W))), samples_in(Y, W)


def samples_in(Y, W):
    """How many samples a run holds: weighted, each sample's weight the mean
    of its outputs' (padded steps of sequences weigh 0)."""
    return float(Y.shape[0] * Y.shape[1] if W is None else W.sum() / W.shape[-1])


def _is_softmax(layer):
    return isinstance(layer, SoftmaxLayer)


def _is_sigmoid(layer):
    return isinstance(layer, SigmoidLayer)


def _passes_through(layer):
    """Whether the layer's backward is SoftmaxLayer's pass-through (a subclass
    with a backward of its own gets the gradient with respect to its outputs)."""
    return isinstance(layer, SoftmaxLayer) and type(layer)._backward is SoftmaxLayer._backward


LOSSES = {cls.name: cls for cls in (HalfSquaredError, MeanSquaredError, CrossEntropy)}


def get_loss(loss):
    """A loss object from a name in ``LOSSES`` (or a loss object, returned as it is)."""
    if isinstance(loss, str) and loss in LOSSES:
        return LOSSES[loss]()
    if not isinstance(loss, str) and callable(getattr(loss, "evaluate", None)) \
            and callable(getattr(loss, "check", None)):
        return loss
    raise ValueError(f"loss must be one of {', '.join(repr(n) for n in LOSSES)} (or a loss "
                     f"object from brainkit.trainers.losses); got {loss!r}")


def output_layer(module):
    """The layer whose backward the loss's error goes through: a network's
    only output module (when it gives all the outputs), else the module."""
    outs = getattr(module, "outmodules", None)
    if outs and len(outs) == 1 and outs[0].outdim == module.outdim:
        return outs[0]
    return module

"""StateDependentLayer: exploration noise that depends on the state (RL)."""

import numpy as np

from brainkit.structure.modules.gaussianlayer import expln, explnPrime
from brainkit.structure.modules.module import Module
from brainkit.structure.modules.neuronlayer import NeuronLayer


class StateDependentLayer(NeuronLayer):
    """y = x + e, where the exploration e = module(state) comes from an
    exploration ``module`` (state -> ``dim``) whose parameters are drawn
    N(0, s**2) by ``drawRandomWeights()``, s = expln(p) (state-dependent
    exploration for policy gradients). ``setState(state)`` computes e for a
    state (``(sdim,)``) or a batch of states (``(B, sdim)``); the next forward
    adds it and then clears it, as in PyBrain.

    Parameters p: one spread for all with ``onesigma`` (the default), else
    one per parameter of the module, which must then be a linear map without
    bias (``dim * sdim`` parameters, row-major (dim, sdim)). Per unit j the
    noise then has variance v_j = sum_i state_i**2 * s_ji**2 (with one s:
    s**2 * |state|**2).

    Backward does not use the output error: it is the gradient of the
    log-likelihood of the drawn y, dx = (y - x) / v and
    dp_ji = ((y_j - x_j)**2 - v_j) / v_j**2 * state_i**2 * s_ji * expln'(p_ji)
    (summed over the units for one s, over the batch always); with
    ``autoalpha = True`` both are multiplied by v. With ``enabled = False``
    the layer is the identity, both ways.

    >>> from brainkit import buildNetwork
    >>> explore = buildNetwork(2, 3, bias=False)
    >>> layer = StateDependentLayer(3, explore, name='sde')
    >>> layer.drawRandomWeights(); layer.setState([0.5, -1.0])
    >>> bool(np.allclose(layer.activate([0.0, 0.0, 0.0]),
    ...                  explore.activate([0.5, -1.0])))
    True
    """

    def __init__(self, dim, module, name=None, onesigma=True):
        if not isinstance(module, Module):
            raise TypeError(f"StateDependentLayer: module must be a module (state -> {dim} "
                            f"values); got {module!r}")
        if module.outdim != dim:
            raise ValueError(f"StateDependentLayer: the exploration module {module.name!r} "
                             f"outputs {module.outdim} values; the layer has dim={dim}")
        NeuronLayer.__init__(self, dim, name=name,
                             paramdim=1 if onesigma else module.paramdim)
        self.module = module
        self.onesigma = bool(onesigma)
        self.exploration = np.zeros(dim)
        self.state = None
        self.autoalpha = False
        self.enabled = True

    def _constructor_args(self):
        # PyBrain wrote the module's name, and its reader could not rebuild the layer
        raise TypeError(f"{self!r} cannot be saved: its exploration module {self.module!r} "
                        "is not part of the network, and a model file holds only the "
                        "network's own modules")

    def _parameter_units(self):
        # one spread per weight of the (dim, sdim) map: row j's belong to unit j
        if self.onesigma or not self.dim or self.paramdim < self.dim:
            return NeuronLayer._parameter_units(self)
        return np.arange(self.paramdim) // (self.paramdim // self.dim)

    def setState(self, state):
        """Compute the exploration for ``state`` (one, or a batch)."""
        state = np.asarray(state, dtype=float)
        if not self.onesigma and self.paramdim != self.dim * state.shape[-1]:
            raise ValueError(f"{self!r}: one spread per weight needs an exploration module of "
                             f"{self.dim} x {state.shape[-1]} weights (a linear map "
                             f"without bias); {self.module.name!r} has {self.paramdim}")
        self.exploration = self.module.activate(state)
        self.state = state
        self.module.reset()

    def drawRandomWeights(self):
        """Draw the exploration module's parameters N(0, s**2) (numpy's
        global random state, as in PyBrain)."""
        self.module._setParameters(
            np.random.normal(0.0, expln(self.params), self.module.paramdim))

    def _forward(self, inbuf, outbuf):
        if not self.enabled:
            outbuf[:] = inbuf
            return
        e = self.exploration
        if e.ndim == 2 and e.shape[0] != inbuf.shape[0]:
            raise ValueError(f"{self!r}: setState was given {e.shape[0]} states, but the layer "
                             f"runs on {inbuf.shape[0]} samples")
        np.add(inbuf, e, out=outbuf)
        self.exploration = np.zeros(self.dim)

    def _variances(self):
        """(v, dv/ds**2 factor): the noise variance per unit and row, and the
        squared states that scale each spread's share of it."""
        if self.state is None:
            raise ValueError(f"{self!r}: backward needs the state the exploration came from; "
                             "call setState(state) before the forward pass")
        squares = np.atleast_2d(self.state**2)
        s = expln(self.params)
        if self.onesigma:
            return s**2 * squares.sum(axis=1, keepdims=True), squares
        return squares @ (s**2).reshape(self.dim, -1).T, squares

    def _backward(self, outerr, inerr, outbuf, inbuf):
        if not self.enabled:
            inerr[:] = outerr
            return
        diff = outbuf - inbuf
        v, squares = self._variances()
        # a zero state means no noise: such rows pass the difference back as it is
        known = v > 0
        safe = np.where(known, v, 1.0)
        scale = safe if self.autoalpha else 1.0
        inerr[:] = np.where(known, diff * scale / safe, diff)
        ratio = np.where(known, (diff**2 - v) * scale / safe**2, 0.0)
        s, slope = expln(self.params), explnPrime(self.params)
        squares = np.broadcast_to(squares, (len(diff), squares.shape[1]))
        if self.onesigma:
            self._derivs += np.sum(ratio * squares.sum(axis=1, keepdims=True)) * s * slope
        else:
            self._derivs += (ratio.T @ squares).ravel() * s * slope

"""The flat parameter vector and the views into it.

Every object with trainable numbers (a FullConnection, an LSTM layer with
peepholes, a whole network) is a ParameterContainer. Before it is part of a
sorted network it owns its arrays; afterwards its ``params`` and ``derivs``
are views into the network's one contiguous vector, so an optimiser, a
gradient check or a file writer can work on that vector alone.
"""

import numpy as np


class ParameterContainer:
    """Holds ``params`` and ``derivs``, two float vectors of length ``paramdim``.

    Like PyBrain, a container draws its initial parameters from numpy's global
    random state when it is built: ``randn(paramdim) * stdParams``.
    """

    stdParams = 1.0

    def __init__(self, paramdim=0):
        self.paramdim = int(paramdim)
        self._bind(np.zeros(self.paramdim), np.zeros(self.paramdim))
        if self.paramdim:
            self.randomize()

    @property
    def params(self):
        """The parameters; change them in place (``p.params[:] = v``) or with
        ``_setParameters``, never by rebinding."""
        return self._params

    @property
    def derivs(self):
        """The accumulated derivatives, in PyBrain's sign convention: fed the
        error ``target - output``, they sum *minus* the gradient of the squared
        error, so a descent step is ``params += learningrate * derivs``."""
        return self._derivs

    def __len__(self):
        # PyBrain: len(container) is its number of parameters [SURPRISE]
        return self.paramdim

    def __setstate__(self, state):
        # a copy or an unpickled container holds its views as separate arrays:
        # point them into its own vectors again (a network then rebinds its parts)
        self.__dict__.update(state)
        self._bind(self._params, self._derivs)

    def _bind(self, params, derivs):
        """Point ``params``/``derivs`` at (views into) other arrays."""
        self._params = params
        self._derivs = derivs

    def _setParameters(self, p):
        """Copy ``p`` into the parameters, in place, after checking its length."""
        p = np.asarray(p, dtype=float).ravel()
        if p.shape[0] != self.paramdim:
            raise ValueError(
                f"{type(self).__name__} {self.name!r} has {self.paramdim} parameters; "
                f"got {p.shape[0]} values")
        if not np.all(np.isfinite(p)):
            raise ValueError(f"parameters for {self.name!r} contain NaN or inf")
        self._params[:] = p

    def resetDerivatives(self):
        """Set every derivative to zero, in place."""
        self._derivs[:] = 0

    def randomize(self, rng=None):
        """Draw fresh parameters ``N(0, stdParams**2)`` (from numpy's global
        random state, as PyBrain does, unless a ``numpy.random.Generator`` is
        given) and zero the derivatives."""
        draw = np.random.randn(self.paramdim) if rng is None \
            else rng.standard_normal(self.paramdim)
        self._params[:] = draw * self.stdParams
        self.resetDerivatives()

"""Shared weights: one MotherConnection holds the parameters, any number of
SharedConnections use them."""

from brainkit.structure.connections.connection import Connection
from brainkit.structure.connections.full import FullConnection
from brainkit.structure.connections.subsampling import SubsamplingConnection
from brainkit.structure.modules.neuronlayer import check_dim
from brainkit.structure.parametercontainer import ParameterContainer


class MotherConnection(ParameterContainer):
    """A parameter container and nothing else: ``nbparams`` weights, drawn
    N(0, 1) like any container, that several SharedConnections read. Its
    ``derivs`` collect the derivatives of every connection that shares it.
    In a network it is one block of the flat vector, after the modules and
    their connections and before the recurrent connections (PyBrain's order).

    >>> mother = MotherConnection(4, name='m')
    >>> mother.paramdim
    4
    """

    def __init__(self, nbparams, name=None):
        nbparams = check_dim(nbparams, "MotherConnection", "nbparams", 1, meaning=None)
        self.name = name
        ParameterContainer.__init__(self, nbparams)

    def __repr__(self):
        return f"<MotherConnection {self.name!r}>"

    def _constructor_args(self):
        return {"name": self.name, "nbparams": self.paramdim}

    def _bind(self, params, derivs):
        ParameterContainer._bind(self, params, derivs)
        for sharer in getattr(self, "_sharers", ()):
            if "indim" in vars(sharer):     # (unpickling may restore a sharer later)
                sharer._bind(params, derivs)


class SharedConnection(Connection):
    """A connection whose parameters are its ``mother``'s: ``params`` and
    ``derivs`` are the mother's arrays, and backward *adds* its derivatives
    into them (so a mother shared by k connections gets the sum of their k
    gradients). Draws no random numbers of its own, as in PyBrain.
    """

    def __init__(self, mother, inmod, outmod, name=None, **slices):
        if not isinstance(mother, MotherConnection):
            raise TypeError(f"{type(self).__name__}: the first argument must be a "
                            f"MotherConnection; got {mother!r}")
        self.mother = mother
        Connection.__init__(self, inmod, outmod, name=name, **slices)
        if mother.paramdim != self._shared_paramdim():
            raise ValueError(
                f"{type(self).__name__} {inmod.name!r}->{outmod.name!r} needs "
                f"{self._shared_paramdim()} parameters; mother {mother.name!r} has "
                f"{mother.paramdim}")
        self.paramdim = mother.paramdim
        mother._sharers = getattr(mother, "_sharers", [])
        mother._sharers.append(self)
        self._bind(mother.params, mother.derivs)

    def __setstate__(self, state):
        self.__dict__.update(state)
        # the mother's arrays, if the mother is restored already (else it binds this then)
        if "_params" in vars(self.mother):
            self._bind(self.mother.params, self.mother.derivs)

    def _paramdim(self):
        return 0            # the parameters are the mother's: nothing drawn here

    def _bind(self, params, derivs):
        # the mother's arrays (or views of them in a network's flat vector);
        # the empty ones Connection.__init__ hands over are only kept
        if len(params) and len(params) == self._shared_paramdim():
            super()._bind(params, derivs)
        else:
            ParameterContainer._bind(self, params, derivs)

    def _shared_paramdim(self):
        """How many parameters the connection reads from its mother."""
        raise NotImplementedError(f"{type(self).__name__} defines no _shared_paramdim")

    def _constructor_args(self):
        return {**Connection._constructor_args(self), "mother": self.mother}


class SharedFullConnection(SharedConnection, FullConnection):
    """A FullConnection whose weight matrix (outdim, indim) is its mother's
    parameters, row-major.

    >>> from brainkit import LinearLayer
    >>> mother = MotherConnection(2, name='m')
    >>> a, b, c = LinearLayer(1, name='a'), LinearLayer(2, name='b'), LinearLayer(2, name='c')
    >>> SharedFullConnection(mother, a, b).weights.shape
    (2, 1)
    """

    def _shared_paramdim(self):
        return self.indim * self.outdim


class SharedSubsamplingConnection(SharedConnection, SubsamplingConnection):
    """A SubsamplingConnection whose per-output weights are its mother's
    parameters (``outdim`` of them).

    >>> from brainkit import LinearLayer
    >>> mother = MotherConnection(2, name='m')
    >>> a, b = LinearLayer(4, name='a'), LinearLayer(2, name='b')
    >>> SharedSubsamplingConnection(mother, a, b).params is mother.params
    True
    """

    def _shared_paramdim(self):
        return self.outdim

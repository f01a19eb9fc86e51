"""The Connection base class: which slice of which module feeds which.

A connection reads ``inmod.outputbuffer[:, :, inSliceFrom:inSliceTo]`` and
*adds* into ``outmod.inputbuffer[:, :, outSliceFrom:outSliceTo]`` (several
connections may feed one module). Its ``indim``/``outdim`` are the widths of
those slices. Subclasses implement ``_forward(inbuf, outbuf)`` (add into
``outbuf``) and ``_backward(outerr, inerr, inbuf)`` (add into ``inerr`` and
into ``self._derivs``) on ``(B, dim)`` arrays.
"""

import numbers

from brainkit.structure.modules.module import Module
from brainkit.structure.parametercontainer import ParameterContainer


def _slice_bounds(mod, role, start, stop, width, conn):
    stop = width if stop is None else stop
    for label, value in ((f"{role}SliceFrom", start), (f"{role}SliceTo", stop)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            raise ValueError(f"{conn}: {label} must be an integer; got {value!r}")
    if not 0 <= start < stop <= width:
        kind = "outputs" if role == "in" else "inputs"
        raise ValueError(f"{conn}: the slice [{start}:{stop}] does not fit into the "
                         f"{width} {kind} of {mod.name!r}")
    return int(start), int(stop)


class Connection(ParameterContainer):
    """Joins ``inmod``'s outputs to ``outmod``'s inputs, optionally sliced.

    A subclass that sets ``skip_input_error = True`` accepts ``inerr=None`` in
    ``_backward``, meaning nobody needs that error (training skips it).
    """

    skip_input_error = False

    def __init__(self, inmod, outmod, name=None, inSliceFrom=0, inSliceTo=None,
                 outSliceFrom=0, outSliceTo=None):
        from brainkit.structure.networks.network import Network
        label = f"{type(self).__name__} {name!r}" if name else type(self).__name__
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{type(self).__name__}: name must be a string (or None for an "
                            f"automatic name); got {name!r}")
        for role, mod in (("inmod", inmod), ("outmod", outmod)):
            if not isinstance(mod, Module) or isinstance(mod, Network):
                what = "a network: nested networks are not supported yet, so connect " \
                       "the modules inside it" if isinstance(mod, Network) else repr(mod)
                raise TypeError(f"{label}: {role} must be a module; got {what}")
        label = f"{type(self).__name__} {inmod.name!r}->{outmod.name!r}"
        self.name = name
        self.inmod = inmod
        self.outmod = outmod
        self.inSliceFrom, self.inSliceTo = _slice_bounds(
            inmod, "in", inSliceFrom, inSliceTo, inmod.outdim, label)
        self.outSliceFrom, self.outSliceTo = _slice_bounds(
            outmod, "out", outSliceFrom, outSliceTo, outmod.indim, label)
        self.indim = self.inSliceTo - self.inSliceFrom
        self.outdim = self.outSliceTo - self.outSliceFrom
        self._check_dims()
        ParameterContainer.__init__(self, self._paramdim())

    def _check_dims(self):
        """Subclasses that need particular widths check them here."""

    def _paramdim(self):
        return 0

    def __repr__(self):
        return (f"<{type(self).__name__} {self.name!r}: "
                f"{self.inmod.name!r} -> {self.outmod.name!r}>")

    def _constructor_args(self):
        """The arguments the file writers record, in PyBrain's order: the two
        modules, then each slice bound that differs from its default."""
        args = {"inmod": self.inmod, "outmod": self.outmod}
        if self.inSliceFrom > 0:
            args["inSliceFrom"] = self.inSliceFrom
        if self.outSliceFrom > 0:
            args["outSliceFrom"] = self.outSliceFrom
        if self.inSliceTo < self.inmod.outdim:
            args["inSliceTo"] = self.inSliceTo
        if self.outSliceTo < self.outmod.indim:
            args["outSliceTo"] = self.outSliceTo
        return args

    def forward(self, tin, tout=None):
        """Add the contribution of ``inmod`` at step ``tin`` to ``outmod`` at
        step ``tout`` (the same step unless given)."""
        tout = tin if tout is None else tout
        self._forward(self.inmod.outputbuffer[tin, :, self.inSliceFrom:self.inSliceTo],
                      self.outmod.inputbuffer[tout, :, self.outSliceFrom:self.outSliceTo])

    def backward(self, tin, tout=None):
        """Pass ``outmod``'s input error at ``tout`` back to ``inmod`` at ``tin``."""
        tout = tin if tout is None else tout
        self._backward(self.outmod.inputerror[tout, :, self.outSliceFrom:self.outSliceTo],
                       self.inmod.outputerror[tin, :, self.inSliceFrom:self.inSliceTo],
                       self.inmod.outputbuffer[tin, :, self.inSliceFrom:self.inSliceTo])

"""The Connection base class: which slice of which module feeds which.

A connection reads ``inmod.outputbuffer[:, :, inSliceFrom:inSliceTo]`` and
*adds* into ``outmod.inputbuffer[:, :, outSliceFrom:outSliceTo]`` (several
connections may feed one module). Its ``indim``/``outdim`` are the widths of
those slices; either end may be a ModuleSlice, whose base module it then joins
(the slice offsets added). Subclasses implement ``_forward(inbuf, outbuf)``
(add into ``outbuf``) and ``_backward(outerr, inerr, inbuf)`` (add into ``inerr`` and
into ``self.derivs``) on ``(N, dim)`` arrays; see ``Connection`` for the
optional fast variants.
"""

from brainkit.structure.modules.module import Module
from brainkit.structure.moduleslice import slice_bounds as _slice_bounds, unslice
from brainkit.structure.parametercontainer import ParameterContainer
from brainkit.structure.protocol import resolve_hooks


class Connection(ParameterContainer):
    """Joins ``inmod``'s outputs to ``outmod``'s inputs, optionally sliced.

    The hooks a subclass implements, on ``(N, dim)`` arrays whose N rows are
    independent (samples of one step, or of many steps at once):

    * ``_forward(inbuf, outbuf)``: *adds* its contribution into ``outbuf``
      (several connections may feed one module);
    * ``_backward(outerr, inerr, inbuf)``: adds the error passed back into
      ``inerr`` and the parameter derivatives into ``self.derivs``;
    * or PyBrain's ``_forwardImplementation``/``_backwardImplementation``.

    Optional fast variants, each with a default derived from the math and
    each counted only when the class that defines it also has the math it
    replaces (``FAST_VARIANTS``; see brainkit.structure.protocol):

    * ``_forward_assign(inbuf, outbuf)``: ``_forward`` into an ``outbuf``
      that holds garbage, writing instead of adding (the first connection
      into a module);
    * ``_backward_inputs(outerr, inerr, inbuf)`` and
      ``_backward_params(outerr, inbuf)``: ``_backward`` in two halves, the
      first called step by step inside a recurrent loop, the second once for
      all the steps together (rows stacked); by default the first does all
      of ``_backward`` and the second nothing;
    * ``_backward_fresh(outerr, inerr, inbuf)``: ``_backward`` leaving
      ``derivs`` holding this call's derivatives alone;
    * ``skip_input_error = True``: ``_backward`` accepts ``inerr=None``,
      meaning nobody needs that error (training skips the work).
    """

    skip_input_error = False
    mother = None       # the MotherConnection whose parameters a shared connection uses
    FAST_VARIANTS = {"_forward_assign": ("_forward",),
                     "_backward_inputs": ("_backward",),
                     "_backward_params": ("_backward",),
                     "_backward_fresh": ("_backward",),
                     "skip_input_error": ("_backward",)}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        resolve_hooks(cls, Connection)

    def __init__(self, inmod, outmod, name=None, inSliceFrom=0, inSliceTo=None,
                 outSliceFrom=0, outSliceTo=None):
        # a ModuleSlice at either end: its base, with the bounds shifted (PyBrain)
        inmod, inSliceFrom, inSliceTo = unslice(inmod, "in", inSliceFrom, inSliceTo)
        outmod, outSliceFrom, outSliceTo = unslice(outmod, "out", outSliceFrom, outSliceTo)
        label = f"{type(self).__name__} {name!r}" if name else type(self).__name__
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{type(self).__name__}: name must be a string (or None for an "
                            f"automatic name); got {name!r}")
        for role, mod in (("inmod", inmod), ("outmod", outmod)):
            if not isinstance(mod, Module):
                raise TypeError(f"{label}: {role} must be a module; got {mod!r}")
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

    # the math: a subclass overrides these (or PyBrain's names for them)
    def _forward(self, inbuf, outbuf):
        raise NotImplementedError(f"{type(self).__name__} defines no _forward")

    def _backward(self, outerr, inerr, inbuf):
        raise NotImplementedError(f"{type(self).__name__} defines no _backward")

    _forwardImplementation = _forward
    _backwardImplementation = _backward

    # the fast variants' defaults, derived from the math
    def _forward_assign(self, inbuf, outbuf):
        outbuf[...] = 0.0
        self._forward(inbuf, outbuf)

    def _backward_inputs(self, outerr, inerr, inbuf):
        self._backward(outerr, inerr, inbuf)

    def _backward_params(self, outerr, inbuf):
        pass

    def _backward_fresh(self, outerr, inerr, inbuf):
        self._derivs[...] = 0.0
        self._backward(outerr, inerr, inbuf)

    # PyBrain's step API ---------------------------------------------------------

    def forward(self, tin=0, tout=None):
        """Add the contribution of ``inmod`` at step ``tin`` to ``outmod`` at
        step ``tout`` (the same step unless given)."""
        tout = tin if tout is None else tout
        self._forward(self.inmod.outputbuffer[tin, :, self.inSliceFrom:self.inSliceTo],
                      self.outmod.inputbuffer[tout, :, self.outSliceFrom:self.outSliceTo])

    def backward(self, tin=0, tout=None):
        """Pass ``outmod``'s input error at ``tout`` back to ``inmod`` at ``tin``."""
        tout = tin if tout is None else tout
        self._backward(self.outmod.inputerror[tout, :, self.outSliceFrom:self.outSliceTo],
                       self.inmod.outputerror[tin, :, self.inSliceFrom:self.inSliceTo],
                       self.inmod.outputbuffer[tin, :, self.inSliceFrom:self.inSliceTo])

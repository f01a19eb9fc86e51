"""ModuleSlice: a window onto part of a module's inputs and outputs."""

import numbers

from brainkit.structure.modules.module import Module


def slice_bounds(mod, role, start, stop, width, owner=None, into=None, what="slice",
                 empty=False):
    """``(start, stop)`` as ints for the bounds ``{role}SliceFrom``/``{role}SliceTo``
    of a slice of ``width`` values of ``mod`` (``stop`` None: to the end), or a
    ValueError unless both are integers with ``0 <= start < stop <= width``
    (``start == stop`` too if ``empty``). The messages begin with ``owner``
    (who takes the bounds, if given), call the slice ``what`` and what it
    slices ``into``: by default a connection's view, the outputs of ``mod``
    for role 'in' and its inputs for 'out'."""
    stop = width if stop is None else stop
    prefix = f"{owner}: " if owner else ""
    for label, value in ((f"{role}SliceFrom", start), (f"{role}SliceTo", stop)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            raise ValueError(f"{prefix}{label} must be an integer; got {value!r}")
    if not (0 <= start <= stop <= width and (empty or start < stop)):
        into = into or f"the {width} {'outputs' if role == 'in' else 'inputs'} of {mod.name!r}"
        raise ValueError(f"{prefix}the {what} [{start}:{stop}] does not fit into {into}")
    return int(start), int(stop)


class ModuleSlice:
    """Inputs ``inSliceFrom:inSliceTo`` and outputs ``outSliceFrom:outSliceTo``
    of ``base``, usable wherever PyBrain takes one: as either end of a
    connection (which then joins the base module, its slice bounds shifted by
    the offsets) and in ``addModule``/``addInputModule``/``addOutputModule``
    (which add the base). A slice of a slice is a slice of the base.

    ``inOffset``/``outOffset`` are where the window starts, ``indim``/
    ``outdim`` its widths.

    >>> from brainkit import LinearLayer, FullConnection
    >>> layer = LinearLayer(6, name='flat')
    >>> second = ModuleSlice(layer, inSliceFrom=2, inSliceTo=4, outSliceFrom=2, outSliceTo=4)
    >>> c = FullConnection(LinearLayer(1, name='a'), second)
    >>> c.outmod is layer, c.outSliceFrom, c.outSliceTo
    (True, 2, 4)
    """

    def __init__(self, base, inSliceFrom=0, inSliceTo=None, outSliceFrom=0, outSliceTo=None):
        if isinstance(base, ModuleSlice):
            outer, base = base, base.base
        else:
            outer = None
        if not isinstance(base, Module):
            raise TypeError(f"ModuleSlice expects a module to slice; got {base!r}")
        width_in = base.indim if outer is None else outer.indim
        width_out = base.outdim if outer is None else outer.outdim
        owner = f"ModuleSlice of {base.name!r}"
        start_in, stop_in = slice_bounds(base, "in", inSliceFrom, inSliceTo, width_in, owner,
                                         f"its {width_in} inputs", "input slice", empty=True)
        start_out, stop_out = slice_bounds(base, "out", outSliceFrom, outSliceTo, width_out,
                                           owner, f"its {width_out} outputs", "output slice",
                                           empty=True)
        self.base = base
        self.inOffset = start_in + (outer.inOffset if outer else 0)
        self.outOffset = start_out + (outer.outOffset if outer else 0)
        self.indim = stop_in - start_in
        self.outdim = stop_out - start_out
        self.name = (f"{base.name}-slice:({self.inOffset},{self.inOffset + self.indim})"
                     f"({self.outOffset},{self.outOffset + self.outdim})")

    def __repr__(self):
        return f"<ModuleSlice {self.name!r}>"


def unslice(mod, side, start, stop):
    """``(module, start, stop)`` for one end of a connection: a ModuleSlice
    becomes its base, with the bounds (relative to the slice, ``stop`` None
    for its whole width) shifted by the slice's offset on that ``side``
    ('in': the connection reads outputs, 'out': it writes inputs)."""
    if not isinstance(mod, ModuleSlice):
        return mod, start, stop
    width, offset = (mod.outdim, mod.outOffset) if side == "in" else (mod.indim, mod.inOffset)
    start, stop = slice_bounds(mod, side, start, stop, width,
                               f"a connection {'from' if side == 'in' else 'into'} {mod!r}")
    return mod.base, start + offset, stop + offset

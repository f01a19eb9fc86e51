"""ModuleSlice: a window onto part of a module's inputs and outputs."""

import numbers

from brainkit.structure.modules.module import Module


def _bounds(label, start, stop, width, base):
    stop = width if stop is None else stop
    for key, value in ((f"{label}SliceFrom", start), (f"{label}SliceTo", stop)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            raise ValueError(f"ModuleSlice of {base.name!r}: {key} must be an integer; "
                             f"got {value!r}")
    if not 0 <= start <= stop <= width:
        kind = "inputs" if label == "in" else "outputs"
        raise ValueError(f"ModuleSlice of {base.name!r}: the {label}put slice "
                         f"[{start}:{stop}] does not fit into its {width} {kind}")
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
        start_in, stop_in = _bounds("in", inSliceFrom, inSliceTo, width_in, base)
        start_out, stop_out = _bounds("out", outSliceFrom, outSliceTo, width_out, base)
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
    stop = width if stop is None else stop
    for value in (start, stop):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            return mod.base, start, stop        # the connection explains
    if not 0 <= start < stop <= width:
        kind = "outputs" if side == "in" else "inputs"
        raise ValueError(f"the slice [{start}:{stop}] does not fit into the {width} {kind} "
                         f"of {mod.name!r}")
    return mod.base, start + offset, stop + offset

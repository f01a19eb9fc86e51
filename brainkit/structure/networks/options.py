"""Keyword options of PyBrain's prebuilt networks (BidirectionalNetwork,
SwipingNetwork, MultiDimensionalRNN, ...): class attributes listed in the
class's ``OPTIONS`` that a keyword argument overrides for one instance, as
PyBrain's ``setArgs`` did."""

import numbers

import numpy as np


def take_options(net, args):
    """Set each option in ``args`` on ``net`` and remember the plain ones
    (numbers, strings, booleans, tuples of integers) in ``net._options``, for
    the model files. Returns the Network's own arguments, ``name`` and
    ``dtype``; an unknown keyword raises TypeError listing the options."""
    own = {"name": args.pop("name", None), "dtype": args.pop("dtype", np.float64)}
    unknown = sorted(set(args) - set(net.OPTIONS))
    if unknown:
        raise TypeError(f"{type(net).__name__} has no option {unknown[0]!r}; its options "
                        f"are {', '.join(net.OPTIONS)} (and name, dtype)")
    net._options = {}
    for key, value in args.items():
        setattr(net, key, value)
        if _plain(value):
            net._options[key] = value
    return own


def _plain(value):
    if isinstance(value, (bool, numbers.Number, str)):
        return True
    return isinstance(value, tuple) and all(isinstance(v, numbers.Integral) for v in value)

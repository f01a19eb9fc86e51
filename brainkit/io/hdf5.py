"""HDF5 network files: the structure as groups and attributes, the weights
as one dataset.

Layout (``format_version`` 1)::

    /                 attrs format='brainkit.network', format_version=1, class, name,
                      inmodules, outmodules (names, in the network's order)
    /args             attrs: the network's constructor arguments
    /params           the flat parameter vector (paramdim,), in the network's dtype
    /modules/<i>      attrs name, class, param_offset, paramdim; groups args, refs
                      (a nested network: a group laid out like / without params)
    /mothers/<i>      (only with shared weights) MotherConnections, like modules
    /connections/<i>  attrs name, class, inmod, outmod, inSliceFrom, inSliceTo,
                      outSliceFrom, outSliceTo, recurrent, param_offset, paramdim;
                      groups args, refs (further constructor arguments)

``args`` holds numbers, booleans and strings as HDF5 attributes (tuples of
integers, such as an image layer's shape, as int64 vectors), ``refs``
arguments that are modules or mothers (by name). Each object's parameters are
``params[param_offset:param_offset + paramdim]`` of the one vector at the top
(a shared connection and a nested network store none of their own: paramdim
0). Class names are the registry's (PyBrain's) dotted paths. Loading follows
no external links or external storage and unpickles nothing.
"""

from brainkit.io.hdf5reader import load_hdf5
from brainkit.io.hdf5writer import FORMAT, FORMAT_VERSION, save_hdf5

__all__ = ["save_hdf5", "load_hdf5", "FORMAT", "FORMAT_VERSION"]

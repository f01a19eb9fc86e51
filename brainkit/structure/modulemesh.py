"""ModuleMesh: modules on a grid, found by their coordinates."""

import math
import numbers

from brainkit.structure.moduleslice import ModuleSlice
from brainkit.structure.modules.neuronlayer import is_count
from brainkit.structure.grid import iterCombinations


def _check_dims(dims):
    if isinstance(dims, numbers.Integral):
        dims = (dims,)
    dims = tuple(dims)
    if not dims or not all(is_count(n, 1) for n in dims):
        raise ValueError(f"ModuleMesh: dimensions must be a tuple of positive integers; "
                         f"got {dims!r}")
    return tuple(int(n) for n in dims)


class ModuleMesh:
    """A grid of modules (or ModuleSlices) of equal widths: ``mesh[coord]`` is
    the component at an integer tuple ``coord`` (one entry per dimension of
    ``dims``), and iterating visits them with the last coordinate fastest.

    ``constructor()`` makes each component; a named mesh names them
    ``name + str(coord)`` (``'hidden(0, 1)'``), and with ``baserename`` a
    ModuleSlice component's base module gets that name too. In an unnamed
    mesh the components keep their own names (a network names unnamed ones).

    >>> from brainkit import TanhLayer
    >>> mesh = ModuleMesh.constructWithLayers(TanhLayer, 3, (2, 2), 'h')
    >>> mesh[(1, 0)]
    <TanhLayer 'h(1, 0)'>
    >>> mesh.componentIndim, [m.name for m in mesh][:2]
    (3, ['h(0, 0)', 'h(0, 1)'])
    """

    def __init__(self, constructor, dimensions, name=None, baserename=False):
        self.dims = _check_dims(dimensions)
        self.name = name
        self.components = {}
        for coord in iterCombinations(self.dims):
            component = constructor()
            if name is not None:
                component.name = f"{name}{coord}"
                if baserename and isinstance(component, ModuleSlice):
                    component.base.name = component.name
            self.components[coord] = component
        widths = {(c.indim, c.outdim) for c in self.components.values()}
        if len(widths) > 1:
            raise ValueError(f"ModuleMesh {name!r}: the components must all have the same "
                             f"widths; got (indim, outdim) {sorted(widths)}")
        self.componentIndim, self.componentOutdim = widths.pop()

    def __repr__(self):
        return f"<ModuleMesh {self.name!r} {self.dims}>"

    @staticmethod
    def constructWithLayers(layerclass, layersize, dimensions, name=None):
        """A mesh of ``layerclass(layersize)`` layers."""
        return ModuleMesh(lambda: layerclass(layersize), dimensions, name)

    @staticmethod
    def viewOnFlatLayer(layer, dimensions, name=None):
        """A mesh of ModuleSlices of one flat ``layer``: component number k
        (counting coordinates with the last fastest) is inputs and outputs
        ``k*w:(k+1)*w`` of it, w = width / number of components."""
        dims = _check_dims(dimensions)
        units = math.prod(dims)
        if layer.indim % units or layer.outdim % units:
            raise ValueError(f"ModuleMesh.viewOnFlatLayer: {layer!r} has {layer.indim} inputs "
                             f"and {layer.outdim} outputs, which do not split into {units} "
                             "equal parts")
        insize, outsize = layer.indim // units, layer.outdim // units
        slices = (ModuleSlice(layer, insize * k, insize * (k + 1), outsize * k,
                              outsize * (k + 1)) for k in range(units))
        return ModuleMesh(lambda: next(slices), dims, name)

    def __iter__(self):
        return (self.components[coord] for coord in iterCombinations(self.dims))

    def __getitem__(self, coord):
        try:
            return self.components[coord]
        except KeyError:
            raise KeyError(f"ModuleMesh {self.name!r} has no component at {coord!r}; its "
                           f"dimensions are {self.dims}") from None


def add_meshes(net, inmesh, hiddenmesh, outmesh):
    """Add the components of three meshes to ``net``: ``inmesh``'s as input
    modules, then ``outmesh``'s as output modules, then ``hiddenmesh``'s, in
    the order PyBrain's grid networks add them."""
    for c in inmesh:
        net.addInputModule(c)
    for c in outmesh:
        net.addOutputModule(c)
    for c in hiddenmesh:
        net.addModule(c)

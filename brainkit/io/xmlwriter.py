"""NetworkWriter: PyBrain's XML network files, byte for byte.

The layout is that of PyBrain's writer (minidom's ``toprettyxml``): the line
``<?xml version="1.0" ?>``, one tab per level, a ``<PyBrain>`` root holding
one ``<Network>`` per network::

    <Network name="net" class="pybrain.structure.networks.feedforward.FeedForwardNetwork">
        <name val="'net'"/>
        <Modules>       input modules, output modules, then the rest (sorted order)
        <Connections>   per module (sorted order) its connections, then recurrent ones

Each object is an element named after its class with ``name`` and ``class``
(PyBrain's dotted path) attributes, one ``<arg val="..."/>`` child per
constructor argument (strings as ``repr``, numbers as ``repr``, modules by
bare name) and, if it has any, its ``<Parameters>`` as a Python list of float
reprs (FullConnection weights row-major, shape (outdim, indim)). float32
networks are written as float64 text (exact, since every float32 is a float64).
"""

import numbers
import os

import numpy as np

from brainkit.atomic import atomic_write_text
from brainkit.io import metadata
from brainkit.io.layout import connection_order, is_in, module_order
from brainkit.io.registry import constructor_args, owned_paramdim, path_for
from brainkit.io.values import integer_tuple
from brainkit.structure.connections.shared import MotherConnection
from brainkit.structure.modules.module import Module
from brainkit.structure.networks.network import Network

DECLARATION = '<?xml version="1.0" ?>\n'


def encode_value(value, key, owner):
    """The ``val`` text of one argument (None: leave the element out)."""
    if value is None:
        return None
    if isinstance(value, (Module, MotherConnection)):
        return value.name
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, numbers.Integral):
        return repr(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, str):
        return repr(value)
    if integer_tuple(value):
        return repr(tuple(int(v) for v in value))
    raise TypeError(f"{owner!r}: cannot write argument {key}={value!r}; a file stores "
                    "numbers, strings, booleans, tuples of integers and modules of the "
                    "same network")


def parameters_text(params):
    """``str(list(params))`` with Python float reprs: ``[0.5, -1.25]``."""
    return str(np.asarray(params, dtype=np.float64).tolist())


def _object_element(parent, obj, args, flags=()):
    from lxml import etree
    el = etree.SubElement(parent, type(obj).__name__)
    el.set("name", str(obj.name))
    el.set("class", path_for(obj))
    for flag in flags:
        el.set(flag, "True")
    for key, value in args.items():
        text = encode_value(value, key, obj)
        if text is not None:
            etree.SubElement(el, key).set("val", text)
    if owned_paramdim(obj) > 0:
        etree.SubElement(el, "Parameters").text = parameters_text(obj.params)
    return el


def network_element(parent, net):
    """Append ``net`` as a ``<Network>`` element to ``parent``."""
    from lxml import etree
    net._require_sorted("writing a model file")
    el = etree.SubElement(parent, "Network")
    el.set("name", str(net.name))
    el.set("class", path_for(net))
    for key, value in constructor_args(net).items():
        text = encode_value(value, key, net)
        if text is not None:
            etree.SubElement(el, key).set("val", text)
    modules = etree.SubElement(el, "Modules")
    for m in module_order(net):
        # a module that is both input and output gets both flags; PyBrain wrote
        # only inmodule (and its reader takes the first flag it finds)
        flags = [f for f, mods in (("inmodule", net.inmodules), ("outmodule", net.outmodules))
                 if is_in(m, mods)]
        if isinstance(m, Network):              # a nested network, written the same way
            inner = network_element(modules, m)
            for flag in flags:
                inner.set(flag, "True")
        else:
            _object_element(modules, m, constructor_args(m), flags)
    if net.motherconnections:                   # before the connections that share them
        mothers = etree.SubElement(el, "MotherConnections")
        for mother in net.motherconnections:
            _object_element(mothers, mother, constructor_args(mother))
    connections = etree.SubElement(el, "Connections")
    for c, recurrent in connection_order(net):
        _object_element(connections, c, constructor_args(c), ["recurrent"] if recurrent else [])
    metadata.write_xml(el, net)
    return el


def document_text(root):
    """The file text of a ``<PyBrain>`` element, indented as minidom does."""
    from lxml import etree
    etree.indent(root, space="\t")
    return DECLARATION + etree.tostring(root, encoding="unicode") + "\n"


class NetworkWriter:
    """Write networks as PyBrain XML; PyBrain's reader loads the files.

    >>> import os, tempfile
    >>> from brainkit import buildNetwork
    >>> path = os.path.join(tempfile.mkdtemp(), 'net.xml')
    >>> NetworkWriter.writeToFile(buildNetwork(2, 3, 1), path)
    >>> with open(path) as f:
    ...     f.readline()
    '<?xml version="1.0" ?>\\n'
    """

    @staticmethod
    def writeToFile(net, filename):
        """Write ``net`` to a new file ``filename`` (replacing it atomically)."""
        from lxml import etree
        root = etree.Element("PyBrain")
        network_element(root, net)
        atomic_write_text(filename, document_text(root))

    @staticmethod
    def appendToFile(net, filename):
        """Add ``net`` as one more ``<Network>`` to the PyBrain file
        ``filename`` (creating it if it does not exist); read them back with
        ``NetworkReader.readFrom(filename, name=...)`` or ``index=...``."""
        from brainkit.io.xmlreader import parse_document
        from lxml import etree
        if os.path.exists(filename):
            root = parse_document(filename)
            for el in root.iter():
                if len(el):
                    el.text = None
                el.tail = None
        else:
            root = etree.Element("PyBrain")
        network_element(root, net)
        atomic_write_text(filename, document_text(root))

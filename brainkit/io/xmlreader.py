"""NetworkReader: PyBrain's XML network files, read safely.

Safety: brainkit.io.xmltext reads the text first (a regular file of at most
64 MiB, in UTF-8, UTF-16, UTF-32 or ASCII, without DOCTYPE or entity
declarations); lxml's parser then gets that decoded text, resolves no
entities, loads no DTD and reaches no network (and, since the input is
bounded, may hold text nodes over libxml2's default 10 MB). Class paths are
looked up in the registry's whitelist and argument values are read by a small parser of
PyBrain's value syntax (brainkit.io.values), so a file can never run code.

Semantics (PyBrain's reader, fixed where it was buggy): the network is built
from ``<Modules>`` in file order (``inmodule``/``outmodule`` attributes decide
the input and output order; both on one element are both honoured; a
``<Network>`` among them is a nested network, read the same way with module
names of its own), then ``<MotherConnections>`` (the shared weights), then
``<Connections>`` (``recurrent="True"`` ones as recurrent; a ``mother``
argument names a MotherConnection), then the ``<Parameters>`` are set and
``sortModules()`` runs. Everything is built into a fresh network, so a failed
read changes nothing.
"""

import os

from brainkit.filechecks import cut, short
from brainkit.io import metadata, registry
from brainkit.io.errors import ModelFileError
from brainkit.io.values import decode_value, parameter_count, parse_parameters
from brainkit.io.xmltext import decoded_text, read_bytes
from brainkit.structure.networks.network import NetworkConstructionException

_CONTAINERS = ("Modules", "Connections", "MotherConnections", "Parameters")


def parse_document(filename):
    """The ``<PyBrain>`` root element of a model file, parsed safely (the text
    is read and checked by brainkit.io.xmltext first)."""
    from lxml import etree
    filename = os.fspath(filename)
    text = decoded_text(read_bytes(filename), filename)
    # huge_tree lifts libxml2's 10 MB cap on one text node, which a <Parameters>
    # list of 600,000 weights exceeds; the limits it guards against are covered
    # by xmltext: at most 64 MiB of input, and no entity or DTD gets this far
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True, dtd_validation=False, collect_ids=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text, parser)
    except (etree.LxmlError, ValueError) as exc:
        raise ModelFileError(f"{filename}: malformed XML ({cut(exc, 300)}); the file may be "
                             "truncated or not a model file") from None
    if root.tag != "PyBrain":
        raise ModelFileError(f"{filename}: not a PyBrain network file: the root element is "
                             f"<{str(root.tag)[:60]}>, expected <PyBrain>")
    return root


def _children(el):
    return [c for c in el if isinstance(c.tag, str)]


class _Reader:
    """Builds one ``<Network>`` element into a fresh, sorted network."""

    def __init__(self, filename):
        self.filename = filename
        self.modules = {}           # the names of the network being read
        self.mothers = {}
        self.units = 0

    def where(self, el):
        label = f"<{str(el.tag)[:60]}" + (f" name={short(el.get('name'))}>"
                                          if "name" in el.attrib else ">")
        return f"{self.filename}, line {el.sourceline}, {label}"

    def fail(self, el, message):
        return ModelFileError(f"{self.where(el)}: {message}")

    def name(self, el):
        name = el.get("name")
        if not name:
            raise self.fail(el, "the element has no name attribute")
        return name

    def flag(self, el, attribute):
        value = el.get(attribute)
        if value not in (None, "True"):
            raise self.fail(el, f'{attribute}="{value[:60]}"; only "True" is allowed')
        return value is not None

    def cls(self, el, kind):
        path = el.get("class")
        if path is None:
            raise self.fail(el, "the element has no class attribute")
        try:
            return registry.class_for(path, kind)
        except KeyError as exc:
            raise self.fail(el, exc.args[0]) from None

    def arguments(self, el, cls):
        """The constructor arguments (children with a ``val``) and the
        ``<Parameters>`` element (None if there is none). Arguments ``cls``
        never takes (registry.IGNORED_ARGS) are skipped unread: PyBrain wrote
        some as text no reader can decode (a class became ``val="type"``)."""
        ignored = registry.IGNORED_ARGS.get(cls.__name__, ())
        args, params = {}, None
        for child in _children(el):
            if child.tag == "Parameters":
                if params is not None:
                    raise self.fail(el, "<Parameters> appears twice")
                if len(child):
                    raise self.fail(child, "<Parameters> holds elements; expected a list")
                params = child
            elif child.tag not in _CONTAINERS and "val" in child.attrib \
                    and child.tag not in ignored:
                if child.tag in args:
                    raise self.fail(child, f"the argument {child.tag[:60]} is given twice")
                val = child.get("val")
                if val != "":   # PyBrain skips empty values
                    names = self.mothers if child.tag == "mother" else self.modules
                    args[child.tag] = decode_value(val, child.tag, names, self.where(child))
        return args, params

    def build(self, el, kind):
        cls = self.cls(el, kind)
        name = self.name(el)
        args, params = self.arguments(el, cls)
        if kind == "module":
            args["name"] = name
        # the numbers are counted first, so that the object's size is checked
        # against them before it (or they) take any memory
        nparams = None if params is None else parameter_count(params.text, self.where(params))
        obj = registry.build(cls, args, self.where(el), nparams,
                             registry.MAX_UNITS - self.units)
        obj.name = name
        if params is not None:
            # written directly: a file may hold the nan/inf of a diverged net
            parse_parameters(params.text, self.where(params), out=obj.params)
        return obj

    def network(self, el):
        cls = self.cls(el, "network")
        outer = self.modules, self.mothers          # a nested network has names of its own
        self.modules, self.mothers = {}, {}
        args, params = self.arguments(el, cls)
        if params is not None:
            raise self.fail(el, "a <Network> has no <Parameters> of its own")
        args["name"] = self.name(el)
        net = registry.build(cls, args, self.where(el))
        net.name = args["name"]
        self.add_modules(net, self.single(el, "Modules", required=True))
        self.add_mothers(self.single(el, "MotherConnections", required=False))
        self.add_connections(net, self.single(el, "Connections", required=False))
        try:
            net.sortModules()
        except (NetworkConstructionException, TypeError, ValueError) as exc:
            raise self.fail(el, f"the network is not valid: {exc}") from None
        self.modules, self.mothers = outer
        meta = metadata.read_xml(el, self.where(el))
        if meta:
            net.metadata = meta
        return net

    def single(self, el, tag, required):
        found = [c for c in _children(el) if c.tag == tag]
        if len(found) > 1:
            raise self.fail(el, f"<{tag}> appears {len(found)} times")
        if not found and required:
            raise self.fail(el, f"no <{tag}> element")
        return found[0] if found else None

    def add_modules(self, net, modules_el):
        for child in _children(modules_el):
            m = self.network(child) if child.tag == "Network" else self.build(child, "module")
            if m.name in self.modules:
                raise self.fail(child, f"a second module named {short(m.name)}")
            self.modules[m.name] = m
            self.units += max(m.indim, m.outdim)
            is_in, is_out = self.flag(child, "inmodule"), self.flag(child, "outmodule")
            try:
                if is_in:
                    net.addInputModule(m)
                if is_out:
                    net.addOutputModule(m)
                if not (is_in or is_out):
                    net.addModule(m)
            except (NetworkConstructionException, TypeError, ValueError) as exc:
                raise self.fail(child, str(exc)) from None

    def add_mothers(self, mothers_el):
        for child in [] if mothers_el is None else _children(mothers_el):
            mother = self.build(child, "mother")
            if mother.name in self.mothers:
                raise self.fail(child, f"a second MotherConnection named {short(mother.name)}")
            self.mothers[mother.name] = mother

    def add_connections(self, net, connections_el):
        children = [] if connections_el is None else _children(connections_el)
        for child in children:
            c = self.build(child, "connection")
            try:
                if self.flag(child, "recurrent"):
                    if not hasattr(net, "addRecurrentConnection"):
                        raise TypeError(f"a {type(net).__name__} cannot have recurrent "
                                        "connections; use a RecurrentNetwork")
                    net.addRecurrentConnection(c)
                else:
                    net.addConnection(c)
            except (NetworkConstructionException, TypeError, ValueError) as exc:
                raise self.fail(child, str(exc)) from None


def _select(root, filename, name, index):
    networks = [c for c in _children(root) if c.tag == "Network"]
    others = [c.tag for c in _children(root) if c.tag != "Network"]
    if others:
        raise ModelFileError(f"{filename}: <PyBrain> may hold only <Network> elements; "
                             f"found <{str(others[0])[:60]}>")
    if not networks:
        raise ModelFileError(f"{filename}: the file holds no <Network>")
    if name is not None:
        for el in networks:
            if el.get("name") == name:
                return el
        raise ModelFileError(f"{filename}: no network named {short(name)}; the file has "
                             f"{short([el.get('name') for el in networks])}")
    if not -len(networks) <= index < len(networks):
        raise ModelFileError(f"{filename}: the file holds {len(networks)} network(s); "
                             f"index {index} is out of range")
    return networks[index]


class NetworkReader:
    """Read networks from PyBrain XML files (PyBrain's or brainkit's).

    >>> import os, tempfile
    >>> from brainkit import buildNetwork
    >>> from brainkit.io.xmlwriter import NetworkWriter
    >>> path = os.path.join(tempfile.mkdtemp(), 'net.xml')
    >>> net = buildNetwork(2, 3, 1)
    >>> NetworkWriter.writeToFile(net, path)
    >>> again = NetworkReader.readFrom(path)
    >>> bool((again.params == net.params).all())
    True
    """

    @staticmethod
    def readFrom(filename, name=None, index=0):
        """A sorted network from ``filename``: the ``<Network>`` called
        ``name`` if given, else the ``index``-th. Raises ModelFileError (a
        ValueError) naming the problem if the file is not a valid network."""
        filename = os.fspath(filename)
        el = _select(parse_document(filename), filename, name, index)
        return _Reader(filename).network(el)

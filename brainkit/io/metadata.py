"""What a model means, saved with it: ``net.metadata``.

A dict with any of the entries ``task`` ('classification' or 'regression')
and ``loss`` (a loss name), texts, and ``inputs``, ``targets`` and
``classes``, lists of texts (the input column names, the target column
names, the class names in output order). The ``brainkit`` command sets it;
``save``/``load`` keep it in both formats:

- XML: one ``<Metadata>`` element in the ``<Network>``, after
  ``<Connections>``, holding ``<task>text</task>`` and
  ``<inputs><item>text</item>...</inputs>``. PyBrain's reader takes only
  children with a ``val`` attribute as arguments, so it ignores the element.
- HDF5: a ``/metadata`` group, one string dataset per entry (scalar or 1-D).

>>> check_metadata({'task': 'classification', 'classes': ['cat', 'dog']}, 'net')
{'task': 'classification', 'classes': ['cat', 'dog']}
"""

from brainkit.filechecks import hdf5_member, short, stored_elsewhere
from brainkit.io.errors import ModelFileError

TEXTS = ("task", "loss")
LISTS = ("inputs", "targets", "classes")
MAX_ITEMS = 100_000         # names per list
MAX_CHARS = 1_000           # characters per name


def check_metadata(meta, where, error=ValueError):
    """A clean copy of ``meta``, or ``error`` naming the bad entry."""
    if not isinstance(meta, dict):
        raise error(f"{where}: metadata must be a dict; got {type(meta).__name__}")
    clean = {}
    for key, value in meta.items():
        if key not in TEXTS + LISTS:
            raise error(f"{where}: unknown metadata entry {short(key)}; known: "
                        f"{', '.join(TEXTS + LISTS)}")
        items = [value] if key in TEXTS else value
        if key in LISTS and (not isinstance(value, (list, tuple)) or len(value) > MAX_ITEMS):
            raise error(f"{where}: metadata {key!r} must be a list of at most {MAX_ITEMS} "
                        f"texts; got {short(value)}")
        for item in items:
            if not isinstance(item, str) or len(item) > MAX_CHARS:
                raise error(f"{where}: metadata {key!r} holds {short(item)}; expected texts "
                            f"of at most {MAX_CHARS} characters")
        clean[key] = value if key in TEXTS else list(value)
    return clean


def _of(net):
    meta = getattr(net, "metadata", None)
    return {} if meta is None else check_metadata(meta, f"{net.name!r}.metadata")


def write_xml(network_el, net):
    """Append ``net``'s metadata (if any) to its ``<Network>`` element."""
    from lxml import etree
    meta = _of(net)
    if not meta:
        return
    el = etree.SubElement(network_el, "Metadata")
    for key, value in meta.items():
        child = etree.SubElement(el, key)
        if key in TEXTS:
            child.text = value
        for item in ([] if key in TEXTS else value):
            etree.SubElement(child, "item").text = item


def read_xml(network_el, where):
    """The metadata of a ``<Network>`` element ({} if it has none)."""
    found = [c for c in network_el if c.tag == "Metadata"]
    if not found:
        return {}
    if len(found) > 1:
        raise ModelFileError(f"{where}: <Metadata> appears {len(found)} times")
    meta = {}
    for child in (c for c in found[0] if isinstance(c.tag, str)):
        if child.tag in meta:
            raise ModelFileError(f"{where}: <Metadata> has <{child.tag}> twice")
        if child.tag in TEXTS:
            meta[child.tag] = child.text or ""
        else:
            items = [c for c in child if isinstance(c.tag, str)]
            if any(c.tag != "item" or len(c) for c in items):
                raise ModelFileError(f"{where}: <Metadata><{short(child.tag)}> may hold only "
                                     "<item>text</item> elements")
            meta[child.tag] = [c.text or "" for c in items]
    return check_metadata(meta, f"{where}, <Metadata>", ModelFileError)


def write_hdf5(f, net):
    """Write ``net``'s metadata (if any) into the open HDF5 file ``f``."""
    import h5py
    meta = _of(net)
    if not meta:
        return
    group = f.create_group("metadata")
    for key, value in meta.items():
        group.create_dataset(key, data=value, dtype=h5py.string_dtype())


def read_hdf5(f, path):
    """The metadata of an open HDF5 model file ({} if it has none)."""
    if f.get("metadata", getlink=True) is None:
        return {}
    group, wrong = hdf5_member(f, "metadata", "group")
    if wrong:
        raise ModelFileError(f"{path}: /metadata must be a group in the file itself")
    meta = {}
    for key in group:
        data, wrong = hdf5_member(group, key, "dataset")
        if (wrong or data.dtype.kind not in "OS" or data.ndim > 1 or data.size > MAX_ITEMS
                or stored_elsewhere(data)):
            raise ModelFileError(f"{path}: /metadata/{short(key)} must be texts stored in "
                                 f"the file (at most {MAX_ITEMS})")
        values = data.asstr()[()] if data.dtype.kind == "O" else data[()]
        if data.ndim == 0:
            meta[key] = values.decode("utf-8", "replace") if isinstance(values, bytes) else values
        else:
            meta[key] = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v
                         for v in values.tolist()]
    return check_metadata(meta, f"{path}, /metadata", ModelFileError)

"""Seeded damage to valid model and data set files, shared by the fuzz tests
(tests/io/test_fuzz.py, tests/datasets/test_fuzz.py) and bench/fuzz_files.py.

Three formats: ``xml`` (PyBrain XML networks), ``h5`` (HDF5 networks) and
``dataset`` (HDF5 data sets). ``damage(format, rng, folder)`` writes one
damaged file and returns its path and a description. HDF5 files are damaged
through h5py (structure, attributes, types, links, storage) or in the raw
bytes of their stored data, which keeps the file valid HDF5: libhdf5 reads
it without crashing, so the suite can load it in-process. Damage anywhere in
the bytes (``flip_bytes``), which can crash or hang libhdf5 itself, is for
bench/fuzz_files.py, which loads each file in a child process.
"""

import os
import random
from pathlib import Path

import numpy as np

FORMATS = ("xml", "h5", "dataset")
FIXTURES = Path(__file__).resolve().parent / "io" / "fixtures"

XML_TOKENS = ["<", ">", "/>", "</", '"', "'", "=", "&amp;", "&lol;", "<!DOCTYPE x>",
              '<!ENTITY a "b">', "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", "99999999999", "-1",
              "0", "nan", "inf", "1e308", "np.float64(", ")", "[", "]", ",", "True", "False",
              "None", 'recurrent="True"', 'inmodule="True"', 'outmodule="True"',
              "<Parameters>[1.0, 2.0]</Parameters>", "</Modules>", "<Modules>", "<Network>",
              "</Connections>", '<inmod val="out"/>', '<dim val="0"/>', '<dim val="4096"/>',
              "__import__('os')", "\x00", "\u00e9", "\ufeff", "+ADw-", "0x" + "f" * 50,
              '<?xml version="1.0" encoding="UTF-7"?>', '<?xml version="1.0" encoding="utf-16"?>',
              " " * 300, "9" * 60, "'" + "x" * 2000 + "'"]


# sources -------------------------------------------------------------------------------

def xml_sources(folder):
    """PyBrain-written files and brainkit-written ones with every module kind."""
    from brainkit.io import NetworkWriter
    texts = [(FIXTURES / name).read_text() for name in
             ("01_ffn_2_3_1.xml", "05_rnn_recurrent_full.xml", "example_network.xml")]
    for i, net in enumerate(_networks()):
        path = os.path.join(folder, f"source{i}.xml")
        NetworkWriter.writeToFile(net, path)
        texts.append(Path(path).read_text())
    return texts


def _networks():
    from brainkit import (FullConnection, GaussianLayer, IdentityConnection, LinearLayer,
                          LSTMLayer, RecurrentNetwork, SoftmaxLayer, TanhLayer, buildNetwork)
    rng = np.random.default_rng(0)
    nets = [buildNetwork(2, 3, 1), buildNetwork(3, 4, 2, hiddenclass=LSTMLayer, peepholes=True),
            buildNetwork(2, 4, 3, hiddenclass=TanhLayer, outclass=SoftmaxLayer,
                         dtype=np.float32)]
    net = RecurrentNetwork(name="rec")
    a, g, b = LinearLayer(3, name="a"), GaussianLayer(2, name="g"), LinearLayer(2, name="b")
    net.addInputModule(a)
    net.addModule(g)
    net.addOutputModule(b)
    net.addConnection(FullConnection(a, g, name="a_g", inSliceFrom=1))
    net.addConnection(IdentityConnection(g, b, name="g_b"))
    net.addRecurrentConnection(FullConnection(b, g, name="b_g"))
    net.sortModules()
    nets.append(net)
    for n in nets:
        n.randomize(rng)
    return nets


def h5_sources(folder):
    """HDF5 network files of every module kind; returns their paths."""
    paths = []
    for i, net in enumerate(_networks()):
        paths.append(os.path.join(folder, f"net{i}.h5"))
        net.save(paths[-1])
    return paths


def dataset_sources(folder):
    """HDF5 files of every data set class; returns their paths."""
    from brainkit.datasets import (ClassificationDataSet, ImportanceDataSet,
                                   SequentialDataSet, SupervisedDataSet, UnsupervisedDataSet)
    sets = [SupervisedDataSet.fromArrays(np.arange(8.0).reshape(4, 2), [[1], [2], [3], [4]])]
    c = ClassificationDataSet(2, nb_classes=3, class_labels=["a", "b", "c"])
    for i, label in enumerate([0, 2, 1]):
        c.addSample([i, -i], [label])
    c._convertToOneOfMany()
    s = SequentialDataSet(1, 2)
    imp = ImportanceDataSet(1, 1)
    for length in (2, 1, 3):
        s.newSequence()
        imp.newSequence()
        for k in range(length):
            s.addSample([k], [k, -k])
            imp.addSample([k], [k], importance=[0.5 * k])
    u = UnsupervisedDataSet(3)
    u.addSample([1, 2, 3])
    paths = []
    for i, ds in enumerate(sets + [c, s, imp, u]):
        paths.append(os.path.join(folder, f"data{i}.h5"))
        ds.saveToFile(paths[-1])
    return paths


# XML text ------------------------------------------------------------------------------

def damage_text(rng, text):
    """One to four random edits of an XML text."""
    for _ in range(rng.randint(1, 4)):
        i = rng.randint(0, len(text))
        j = rng.randint(i, min(len(text), i + 60))
        kind = rng.choice(["delete", "token", "text", "duplicate", "digit"])
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "token":
            text = text[:i] + rng.choice(XML_TOKENS) + text[j if j - i < 3 else i:]
        elif kind == "text":
            text = text[:i] + "".join(chr(rng.choice([rng.randint(32, 126),
                                                      rng.randint(0, 0xD7FF)]))
                                      for _ in range(rng.randint(1, 8))) + text[i:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:   # one digit, where the numbers (dims, slices, weights) are
            digits = [k for k, ch in enumerate(text) if ch.isdigit()]
            if digits:
                k = rng.choice(digits)
                text = text[:k] + rng.choice("0123456789") + text[k + 1:]
    return text


# HDF5 through h5py ---------------------------------------------------------------------

def _hostile_values(rng):
    import h5py
    return [0, -1, 1, 3, 2**31, 2**40, 2**63 - 1, np.uint64(2**64 - 1), np.int8(-5), 0.5,
            float("nan"), float("inf"), -1e308, True, False, "", "in", "out", "hidden0",
            "x" * 5000, "pybrain.structure.modules.lstm.LSTMLayer", "os.system",
            "SupervisedDataSet", "ClassificationDataSet", "[", "[" * 3000 + "]" * 3000,
            '["input", "target"]', '["input"]', '{"_nb_classes": -3, "class_labels": 5}',
            '{"_nb_classes": 3, "class_labels": ["a"]}', '{"dim": 2.5}', "NaN",
            b"\xff\xfe", np.zeros(3), np.arange(3), np.array([b"in", b"out"]),
            np.array(["in"], dtype=h5py.string_dtype()), np.zeros(0), 1 + 2j,
            np.zeros((), dtype=[("a", "i4")]), np.void(b"ab"),
            np.array([[1, 2], [3, 4]])]


def _objects(f):
    found = [f]
    f.visititems(lambda name, obj: found.append(obj))
    return found


def _set_attribute(rng, f, tmp):
    obj = rng.choice(_objects(f))
    names = list(obj.attrs) + ["format", "class", "name", "dim", "paramdim", "link"]
    name, value = rng.choice(names), rng.choice(_hostile_values(rng))
    if name in obj.attrs:
        del obj.attrs[name]
    obj.attrs[name] = value
    return f"{obj.name} attribute {name} = {str(value)[:40]!r}"


def _odd_attribute(rng, f, tmp):
    import h5py
    obj = rng.choice(_objects(f))
    name = rng.choice(list(obj.attrs) or ["class"])
    if name in obj.attrs:
        del obj.attrs[name]
    space = h5py.h5s.create(h5py.h5s.SCALAR)
    kind = rng.choice(["time", "bad name", "opaque"])
    raw = name if isinstance(name, bytes) else name.encode()
    if kind == "time":
        h5py.h5a.create(obj.id, raw, h5py.h5t.UNIX_D64LE, space)
    elif kind == "bad name":
        h5py.h5a.create(obj.id, b"\xff" + raw, h5py.h5t.STD_I64LE, space)
    else:
        obj.attrs[name] = np.void(b"\x00\x01")
    return f"{obj.name} attribute {name}: {kind}"


def _delete(rng, f, tmp):
    obj = rng.choice(_objects(f)[1:] or [f])
    if obj == f:
        name = rng.choice(list(f.attrs))
        del f.attrs[name]
        return f"delete attribute /{name}"
    name = obj.name
    del f[name]
    return f"delete {name}"


def _datasets(f):
    import h5py
    return [o for o in _objects(f) if isinstance(o, h5py.Dataset)]


def _replacement(rng, old, tmp):
    """Keyword arguments of create_dataset for a hostile stand-in of ``old``."""
    import h5py
    # (an earlier edit may have declared a huge shape: the generator stays small)
    shape = old.shape if old.shape and old.size <= 100_000 else (3,)
    choices = [
        dict(data=np.full(shape, np.nan)), dict(data=np.full(shape, -np.inf)),
        dict(data=np.full(shape, -1.0)), dict(data=np.zeros(shape, complex)),
        dict(data=np.zeros(shape, "i8")), dict(data=np.zeros(shape, "u1")),
        dict(data=np.zeros(shape, bool)), dict(data=np.zeros(shape, "S3")),
        dict(data=np.zeros(shape, dtype=[("a", "f8")])),
        dict(shape=shape, dtype=h5py.vlen_dtype("f8")),
        dict(data=np.zeros(shape, "f2")), dict(data=np.zeros(shape + (2,))),
        dict(data=np.zeros(shape[:-1] if len(shape) > 1 else ())),
        dict(data=np.zeros((0,) + shape[1:])), dict(data=np.zeros((shape[0] + 3,) + shape[1:])),
        dict(shape=(4, 10**7) if len(shape) == 2 else (4 * 10**7,), dtype="f8",
             chunks=(1, 1000) if len(shape) == 2 else (1000,)),
        dict(data=np.ones(shape), compression="gzip"),
        dict(data=np.arange(int(np.prod(shape))).reshape(shape) * 10**6),
    ]
    raw = os.path.join(tmp, "external.bin")
    choices.append(dict(shape=shape, dtype="f8", external=[(raw, 0, 8 * int(np.prod(shape)))]))
    choice = rng.choice(choices)
    if "external" in choice:
        Path(raw).write_bytes(rng.randbytes(8 * int(np.prod(shape))))
    return choice


def _replace_dataset(rng, f, tmp):
    found = _datasets(f)
    if not found:
        return _set_attribute(rng, f, tmp)
    old = rng.choice(found)
    name, create = old.name, _replacement(rng, old, tmp)
    del f[name]
    f.create_dataset(name, **create)
    return f"replace {name} by {sorted(create)} {str(create.get('data', ''))[:30]!r}"


def _link(rng, f, tmp):
    import h5py
    objects = _objects(f)[1:]
    if not objects:
        return _set_attribute(rng, f, tmp)
    name, target = rng.choice(objects).name, rng.choice(objects).name
    del f[name]
    kind = rng.choice(["soft", "external", "hard", "dangling"])
    if kind == "soft":
        f[name] = h5py.SoftLink(target)
    elif kind == "external":
        f[name] = h5py.ExternalLink(os.path.join(tmp, "other.h5"), target)
    elif kind == "hard" and target in f:
        f[name] = f[target]
    else:
        f[name] = h5py.SoftLink("/nowhere")
    return f"{name} becomes a {kind} link to {target}"


def _add_member(rng, f, tmp):
    import h5py
    parents = [o for o in _objects(f) if isinstance(o, h5py.Group)]
    parent = rng.choice(parents)
    name = rng.choice(["99", "x", "-1", "01", "fields", "params", "input", "3", "2"])
    if name in parent:
        return _set_attribute(rng, f, tmp)
    if rng.random() < 0.5:
        parent.create_group(name)
    else:
        parent.create_dataset(name, data=np.zeros((2, 2)))
    return f"add {parent.name}/{name}"


def _raw_bytes(rng, f, tmp):
    """Overwrite bytes of a dataset's stored values (the file stays valid HDF5)."""
    found = [d for d in _datasets(f) if d.id.get_offset() is not None and d.nbytes]
    if not found:
        return _set_attribute(rng, f, tmp)
    ds = rng.choice(found)
    offset, nbytes = ds.id.get_offset(), ds.nbytes
    return ("raw", offset, nbytes, ds.name)


_H5_DAMAGE = [_set_attribute, _set_attribute, _odd_attribute, _delete, _replace_dataset,
              _replace_dataset, _link, _add_member, _raw_bytes, _raw_bytes]


def damage_h5(rng, path, tmp):
    """One to three structural edits of the HDF5 file at ``path``, in place."""
    import h5py
    notes, raw = [], []
    with h5py.File(path, "r+") as f:
        for _ in range(rng.randint(1, 3)):
            note = rng.choice(_H5_DAMAGE)(rng, f, tmp)
            if isinstance(note, tuple):
                raw.append(note)
                note = f"raw bytes of {note[3]}"
            notes.append(note)
    with open(path, "r+b") as handle:
        for _, offset, nbytes, _ in raw:
            for _ in range(rng.randint(1, 4)):
                handle.seek(offset + rng.randrange(nbytes))
                handle.write(bytes([rng.choice([0, 0xFF, 0x7F, 0x80, rng.randrange(256)])]))
    return "; ".join(notes)


def flip_bytes(rng, data):
    """Damage anywhere in a file's bytes (can crash or hang libhdf5)."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["byte", "byte", "span", "zero", "truncate", "copy"])
        i = rng.randrange(len(data))
        if kind == "byte":
            data[i] = rng.choice([0, 0xFF, data[i] ^ (1 << rng.randrange(8)), rng.randrange(256)])
        elif kind == "span":
            n = rng.randint(2, 16)
            data[i:i + n] = rng.randbytes(n)
        elif kind == "zero":
            n = rng.randint(2, 64)
            data[i:i + n] = bytes(len(data[i:i + n]))
        elif kind == "truncate":
            del data[max(i, 8):]
        else:
            j = rng.randrange(len(data))
            n = rng.randint(8, 256)
            data[j:j + n] = data[i:i + n]
    return bytes(data)


# one damaged file ----------------------------------------------------------------------

class Sources:
    """The valid files of each format, made once in ``folder``."""

    def __init__(self, folder):
        self.folder = folder
        self.xml = xml_sources(folder)
        self.h5 = h5_sources(folder)
        self.dataset = dataset_sources(folder)
        from brainkit import buildNetwork
        buildNetwork(2, 1).save(os.path.join(folder, "other.h5"))

    def damage(self, fmt, rng, out, anywhere=False):
        """Write one damaged file of ``fmt`` to ``out``; returns a description.
        ``anywhere``: HDF5 bytes are damaged anywhere (``flip_bytes``)."""
        if fmt == "xml":
            text = damage_text(rng, rng.choice(self.xml))
            Path(out).write_bytes(text.encode("utf-8", "surrogatepass"))
            return "xml edits"
        source = rng.choice(self.h5 if fmt == "h5" else self.dataset)
        data = Path(source).read_bytes()
        if anywhere:
            Path(out).write_bytes(flip_bytes(rng, data))
            return f"bytes of {os.path.basename(source)}"
        Path(out).write_bytes(data)
        return f"{os.path.basename(source)}: {damage_h5(rng, out, self.folder)}"


def load(fmt, path):
    """Load a file of ``fmt`` the way a user does."""
    if fmt == "dataset":
        from brainkit.datasets import DataSet
        return DataSet.loadFromFile(path)
    from brainkit.io import load as load_network
    return load_network(path)


def documented_error(fmt):
    if fmt == "dataset":
        from brainkit.datasets import DataSetFileError
        return DataSetFileError
    from brainkit.io import ModelFileError
    return ModelFileError


def case_rng(fmt, seed):
    return random.Random(f"{fmt}-{seed}")


def undocumented_outcomes(fmt, seeds, folder, sources=None):
    """Load a damaged file per seed; returns (seed, damage, what happened) for
    every outcome other than a load or the format's documented error."""
    sources = sources or Sources(folder)
    error = documented_error(fmt)
    path = os.path.join(folder, "case." + ("xml" if fmt == "xml" else "h5"))
    found = []
    for seed in seeds:
        what = sources.damage(fmt, case_rng(fmt, seed), path)
        try:
            obj = load(fmt, path)
        except error:
            continue
        except Exception as exc:     # the fuzz test reports every other exception
            found.append((seed, what, f"{type(exc).__name__}: {str(exc)[:200]}"))
            continue
        if fmt != "dataset" and not (obj.sorted and obj.params.shape == (obj.paramdim,)):
            found.append((seed, what, "loaded a network that is not sorted"))
    return found

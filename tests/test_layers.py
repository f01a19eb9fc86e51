"""Import directions: brainkit's parts form layers, and a part imports only from
the layers below it (or from itself), at module level or inside a function.

From the bottom:

0. ``atomic`` (atomic saving), ``blas`` (BLAS threads during runs) and
   ``filechecks`` (the checks file readers share): leaves, importing nothing
   from brainkit.
1. ``datasets``: data sets and their files (numpy, h5py, ``atomic``).
2. ``structure``: modules, connections, networks; ``activateOnDataset``
   batches data sets with ``datasets.batching``.
3. ``io`` (model files: builds ``structure`` objects) and ``trainers`` (train
   ``structure`` on ``datasets``); neither imports the other.
4. ``tools``: buildNetwork, validation, gradient check, plotting, file checks.
5. ``utilities`` and ``supervised``: PyBrain's import paths, re-exports;
   ``sklearn``: the scikit-learn estimators.
6. ``cli``: the command.
7. the package itself (``brainkit/__init__.py``, ``__main__``).

Allowed exceptions, each documented where it is made:

- ``Network.save`` imports ``brainkit.io`` (lazily): saving is the network's
  own method, as PyBrain users expect, and the format code lives in ``io``.
- ``cli.parser`` reads ``brainkit.__version__`` for ``--version``.

A new top-level module or package must be given a layer here.
"""

import ast
from pathlib import Path

import pytest

import brainkit

ROOT = Path(brainkit.__file__).resolve().parent
LAYER = {"atomic": 0, "blas": 0, "filechecks": 0, "datasets": 1, "structure": 2, "io": 3,
         "trainers": 3, "tools": 4, "utilities": 5, "supervised": 5, "sklearn": 5, "cli": 6,
         "__init__": 7, "__main__": 7}
EXCEPTIONS = {("brainkit.structure.networks.network", "brainkit.io"),
              ("brainkit.cli.parser", "brainkit")}


def module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def part_of(dotted):
    """The layer name of a module: its first component below ``brainkit``."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def is_module(dotted):
    path = ROOT.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(source):
    """The brainkit modules a source text imports (``from brainkit import x``
    counts as importing ``brainkit.x`` when that is a module). brainkit
    uses no relative imports, so none is expected."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "use absolute imports (from brainkit.x import y)"
            for a in node.names:
                dotted = f"{node.module}.{a.name}"
                found.add(dotted if is_module(dotted) else node.module)
    return {name for name in found if name == "brainkit" or name.startswith("brainkit.")}


def upward(me, source):
    """The imports in ``source`` (of module ``me``) that are not below it."""
    return sorted(
        target for target in imports(source)
        if part_of(target) != part_of(me)
        and LAYER[part_of(target)] >= LAYER[part_of(me)]
        and not any(me == a and (target == b or target.startswith(b + "."))
                    for a, b in EXCEPTIONS))


SOURCES = sorted(ROOT.rglob("*.py"))


def test_every_part_has_a_layer():
    parts = {part_of(module_name(p)) for p in SOURCES}
    assert parts <= set(LAYER), f"give {sorted(parts - set(LAYER))} a layer in this test"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_down_the_layers(path):
    me = module_name(path)
    wrong = upward(me, path.read_text())
    assert not wrong, (f"{me} (layer {LAYER[part_of(me)]}) imports {wrong}, which are not "
                       "below it; see this test's docstring for the layers")


def test_the_check_finds_an_upward_import_inside_a_function():
    lazy = "import numpy\n\ndef f():\n    from brainkit.structure.modules import module\n"
    assert upward("brainkit.datasets.dataset", lazy) == ["brainkit.structure.modules.module"]
    assert upward("brainkit.io.xmlreader", lazy) == []
    assert upward("brainkit.structure.networks.network", "import brainkit.io.hdf5") == []
    assert upward("brainkit.structure.modules.module", "import brainkit.io") == ["brainkit.io"]


def test_the_data_set_file_format_is_a_pure_reader_and_writer():
    """datasets/hdf5.py knows the layout only; which classes exist is files.py's."""
    assert imports((ROOT / "datasets" / "hdf5.py").read_text()) == {"brainkit.atomic",
                                                                     "brainkit.filechecks"}

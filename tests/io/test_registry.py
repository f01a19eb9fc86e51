"""The registry of classes a model file may name: PyBrain's paths derived from
brainkit's module paths, and a start-up that is all or nothing."""

import importlib

import pytest

import brainkit
from brainkit.io import registry


@pytest.mark.parametrize("name", registry.BUILTINS)
def test_a_builtin_is_written_with_the_pybrain_path_that_mirrors_its_module(name):
    cls = getattr(brainkit.structure, name)
    path = registry.pybrain_path(cls)
    assert path.startswith("pybrain.structure.") and path.endswith("." + name)
    module, _, short = path.replace("pybrain", "brainkit", 1).rpartition(".")
    assert getattr(importlib.import_module(module), short) is cls
    assert registry.class_for(path, registry.kind_of(cls)) is cls


def test_the_paths_are_pybrains_own():
    by_name = {name: registry.pybrain_path(getattr(brainkit.structure, name))
               for name in ("SoftmaxLayer", "LSTMLayer", "IdentityConnection",
                            "RecurrentNetwork")}
    assert by_name == {
        "SoftmaxLayer": "pybrain.structure.modules.softmax.SoftmaxLayer",
        "LSTMLayer": "pybrain.structure.modules.lstm.LSTMLayer",
        "IdentityConnection": "pybrain.structure.connections.identity.IdentityConnection",
        "RecurrentNetwork": "pybrain.structure.networks.recurrent.RecurrentNetwork"}


def test_a_class_from_outside_brainkit_has_no_pybrain_path():
    class Outside:
        pass
    with pytest.raises(ValueError, match="Outside is not one of brainkit's own classes"):
        registry.pybrain_path(Outside)


def test_a_failure_while_adding_the_builtins_leaves_the_registry_empty(monkeypatch):
    tanh = brainkit.structure.TanhLayer
    monkeypatch.setattr(registry, "_classes", {})
    monkeypatch.setattr(registry, "_builtins_added", False, raising=False)
    monkeypatch.delattr(brainkit.structure, "TanhLayer")
    with pytest.raises(AttributeError, match="TanhLayer"):
        registry.known_names()
    assert registry._classes == {}
    brainkit.structure.TanhLayer = tanh           # the next call tries again
    by_file = tuple(dotted.rpartition(".")[2] for dotted in registry.BY_FILE)
    assert set(registry.known_names()) == set(registry.BUILTINS + by_file
                                              + registry.BRAINKIT_ONLY)

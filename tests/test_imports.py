"""The public names, at brainkit's top level and at PyBrain's paths."""

import importlib

import pytest

import brainkit

TOP = ["buildNetwork", "FeedForwardNetwork", "RecurrentNetwork", "FullConnection",
       "IdentityConnection", "LinearLayer", "SigmoidLayer", "TanhLayer", "SoftmaxLayer",
       "BiasUnit"]
MODULES = ["LinearLayer", "SigmoidLayer", "TanhLayer", "SoftmaxLayer", "BiasUnit",
           "GaussianLayer", "SoftSignLayer", "ReluLayer"]
CONNECTIONS = ["FullConnection", "IdentityConnection"]
NETWORKS = ["Network", "FeedForwardNetwork", "RecurrentNetwork",
            "NetworkConstructionException"]


def test_top_level_names():
    from brainkit import (BiasUnit, FeedForwardNetwork, FullConnection,  # noqa: F401
                          IdentityConnection, LinearLayer, RecurrentNetwork, SigmoidLayer,
                          SoftmaxLayer, TanhLayer, buildNetwork)
    assert set(TOP) <= set(brainkit.__all__)


@pytest.mark.parametrize("path, names", [
    ("brainkit.structure", MODULES + CONNECTIONS + NETWORKS),
    ("brainkit.structure.modules", MODULES),
    ("brainkit.structure.connections", CONNECTIONS),
    ("brainkit.structure.networks", NETWORKS),
])
def test_pybrain_style_packages_export_the_same_classes(path, names):
    package = importlib.import_module(path)
    for name in names:
        assert name in package.__all__
        assert getattr(package, name) is getattr(brainkit.structure, name)
        if hasattr(brainkit, name):
            assert getattr(package, name) is getattr(brainkit, name)


def test_shortcuts():
    from brainkit.tools import shortcuts
    from brainkit.tools.shortcuts import buildNetwork
    assert buildNetwork is brainkit.buildNetwork
    for name in ("FullConnection", "BiasUnit", "LinearLayer", "SigmoidLayer",
                 "FeedForwardNetwork", "RecurrentNetwork"):
        assert getattr(shortcuts, name) is getattr(brainkit, name)


@pytest.mark.parametrize("dotted", [
    "pybrain.structure.modules.linearlayer.LinearLayer",
    "pybrain.structure.modules.sigmoidlayer.SigmoidLayer",
    "pybrain.structure.modules.tanhlayer.TanhLayer",
    "pybrain.structure.modules.softmax.SoftmaxLayer",
    "pybrain.structure.modules.biasunit.BiasUnit",
    "pybrain.structure.modules.gaussianlayer.GaussianLayer",
    "pybrain.structure.modules.softsign.SoftSignLayer",
    "pybrain.structure.modules.relulayer.ReluLayer",
    "pybrain.structure.connections.full.FullConnection",
    "pybrain.structure.connections.identity.IdentityConnection",
    "pybrain.structure.networks.feedforward.FeedForwardNetwork",
    "pybrain.structure.networks.recurrent.RecurrentNetwork",
])
def test_pybrains_class_paths_map_one_to_one(dotted):
    """The class paths PyBrain writes into its XML files resolve after
    replacing 'pybrain' with 'brainkit'."""
    module, _, name = dotted.replace("pybrain", "brainkit", 1).rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    assert cls is getattr(brainkit.structure, name)


def test_import_brainkit_is_light():
    import subprocess
    import sys
    code = ("import sys, brainkit; heavy = [m for m in ('matplotlib', 'h5py', 'lxml', 'tqdm') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

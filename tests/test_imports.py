"""The public names, at brainkit's top level and at PyBrain's paths."""

import importlib

import pytest

import brainkit

TOP = ["buildNetwork", "FeedForwardNetwork", "RecurrentNetwork", "FullConnection",
       "IdentityConnection", "LinearLayer", "SigmoidLayer", "TanhLayer", "SoftmaxLayer",
       "BiasUnit"]
MODULES = ["LinearLayer", "SigmoidLayer", "TanhLayer", "SoftmaxLayer", "BiasUnit",
           "GaussianLayer", "SoftSignLayer", "ReluLayer", "ConvolutionLayer", "MaxPoolingLayer",
           "AveragePoolingLayer", "GateLayer", "DoubleGateLayer", "MultiplicationLayer",
           "SwitchLayer", "MDLSTMLayer", "MdrnnLayer", "KohonenMap", "StateDependentLayer"]
CONNECTIONS = ["FullConnection", "IdentityConnection", "LinearConnection",
               "FullNotSelfConnection"]
NETWORKS = ["Network", "FeedForwardNetwork", "RecurrentNetwork",
            "NetworkConstructionException", "BidirectionalNetwork", "SwipingNetwork",
            "BorderSwipingNetwork"]


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
    code = ("import sys, brainkit; heavy = [m for m in ('matplotlib', 'h5py', 'lxml', 'tqdm', "
            "'sklearn', 'scipy', 'dask', 'distributed', 'onnx', 'onnxruntime') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# PyBrain's modules within brainkit's scope, by PyBrain's dotted path. Out of
# scope, and not mirrored: reinforcement learning, optimisation, unsupervised
# learning, Evolino, k-NN, SVMs, the evolvables, networking, the arac/ctypes
# bindings, plotting helpers of the optimisers, and the helpers around them
# (auxiliary, tools.datasets/datasettools/neuralnets/...), and in the structure
# package the Table layer and PartialSoftmaxLayer (RL and broken helpers).
PYBRAIN_MODULES = """
pybrain pybrain.structure pybrain.structure.parametercontainer
pybrain.structure.moduleslice pybrain.structure.modulemesh
pybrain.structure.modules pybrain.structure.modules.module pybrain.structure.modules.neuronlayer
pybrain.structure.modules.linearlayer pybrain.structure.modules.sigmoidlayer
pybrain.structure.modules.tanhlayer pybrain.structure.modules.softmax
pybrain.structure.modules.softsign pybrain.structure.modules.relulayer
pybrain.structure.modules.biasunit pybrain.structure.modules.gaussianlayer
pybrain.structure.modules.lstm pybrain.structure.modules.mdlstm pybrain.structure.modules.gate
pybrain.structure.modules.mdrnnlayer pybrain.structure.modules.kohonen
pybrain.structure.modules.mixturedensity
pybrain.structure.modules.samplelayer pybrain.structure.modules.statedependentlayer
pybrain.structure.connections pybrain.structure.connections.connection
pybrain.structure.connections.full pybrain.structure.connections.identity
pybrain.structure.connections.shared pybrain.structure.connections.linear
pybrain.structure.connections.fullnotself pybrain.structure.connections.permutation
pybrain.structure.connections.subsampling
pybrain.structure.networks pybrain.structure.networks.network
pybrain.structure.networks.feedforward pybrain.structure.networks.recurrent
pybrain.structure.networks.neurondecomposable pybrain.structure.networks.bidirectional
pybrain.structure.networks.swiping pybrain.structure.networks.borderswiping
pybrain.structure.networks.multidimensional pybrain.structure.networks.convolutional
pybrain.structure.networks.custom pybrain.structure.networks.custom.convboard
pybrain.structure.networks.custom.capturegame
pybrain.datasets pybrain.datasets.dataset pybrain.datasets.supervised
pybrain.datasets.sequential pybrain.datasets.classification pybrain.datasets.importance
pybrain.datasets.unsupervised
pybrain.supervised pybrain.supervised.trainers pybrain.supervised.trainers.trainer
pybrain.supervised.trainers.backprop pybrain.supervised.trainers.rprop
pybrain.supervised.trainers.mixturedensity
pybrain.tools pybrain.tools.shortcuts pybrain.tools.validation pybrain.tools.functions
pybrain.tools.customxml pybrain.tools.customxml.networkreader
pybrain.tools.customxml.networkwriter
pybrain.utilities
""".split()


@pytest.mark.parametrize("dotted", PYBRAIN_MODULES)
def test_every_pybrain_module_path_in_scope_imports(dotted):
    importlib.import_module(dotted.replace("pybrain", "brainkit", 1))


@pytest.mark.parametrize("dotted, name", [
    ("supervised.trainers.backprop", "BackpropTrainer"),
    ("supervised.trainers.rprop", "RPropMinusTrainer"),
    ("supervised.trainers.trainer", "Trainer"),
    ("structure.connections.shared", "SharedFullConnection"),
    ("structure.networks.neurondecomposable", "NeuronDecomposableNetwork"),
    ("supervised.trainers.mixturedensity", "RPropMinusTrainerMix"),
])
def test_pybrain_paths_that_differ_from_ours_are_re_exports(dotted, name):
    there = getattr(importlib.import_module("brainkit." + dotted), name)
    assert there is getattr(brainkit, name, there)
    assert there.__module__.startswith("brainkit.")

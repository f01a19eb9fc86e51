"""Modules (layers): each class in its own file, re-exported here."""

from brainkit.structure.modules.module import Module
from brainkit.structure.modules.neuronlayer import NeuronLayer
from brainkit.structure.modules.linearlayer import LinearLayer
from brainkit.structure.modules.sigmoidlayer import SigmoidLayer
from brainkit.structure.modules.tanhlayer import TanhLayer
from brainkit.structure.modules.softmax import SoftmaxLayer
from brainkit.structure.modules.relulayer import ReluLayer
from brainkit.structure.modules.softsign import SoftSignLayer
from brainkit.structure.modules.biasunit import BiasUnit
from brainkit.structure.modules.gaussianlayer import GaussianLayer
from brainkit.structure.modules.lstm import LSTMLayer
from brainkit.structure.modules.gate import (DoubleGateLayer, GateLayer, MultiplicationLayer,
                                             SwitchLayer)
from brainkit.structure.modules.mdlstm import MDLSTMLayer
from brainkit.structure.modules.mdrnnlayer import MdrnnLayer
from brainkit.structure.modules.kohonen import KohonenMap
from brainkit.structure.modules.statedependentlayer import StateDependentLayer
from brainkit.structure.modules.convolution import ConvolutionLayer
from brainkit.structure.modules.maxpooling import MaxPoolingLayer
from brainkit.structure.modules.averagepooling import AveragePoolingLayer

__all__ = ["Module", "NeuronLayer", "LinearLayer", "SigmoidLayer", "TanhLayer",
           "SoftmaxLayer", "ReluLayer", "SoftSignLayer", "BiasUnit", "GaussianLayer",
           "LSTMLayer", "GateLayer", "DoubleGateLayer", "MultiplicationLayer", "SwitchLayer",
           "MDLSTMLayer", "MdrnnLayer", "KohonenMap",
           "StateDependentLayer", "ConvolutionLayer", "MaxPoolingLayer", "AveragePoolingLayer"]

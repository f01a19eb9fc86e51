"""Scripts written for PyBrain that use the rest of its structure package run
after the import rename alone (``pybrain`` -> ``brainkit``). (They import
numpy's ``random`` where PyBrain's era imported it from scipy, which no longer
has it.)"""

import io
import textwrap
from contextlib import redirect_stdout

import numpy as np
import pytest

SCRIPTS = {
    "kohonen": """
        from numpy import random
        from pybrain.structure.modules import KohonenMap
        som = KohonenMap(2, 4)
        for i in range(300):
            som.activate(random.random(2))
            som.backward()
        result = som.neurons[:, :, 0].flatten()
    """,
    "mixture density": """
        import numpy as np
        from pybrain.structure.modules import LinearLayer, BiasUnit, TanhLayer
        from pybrain.structure import FullConnection, FeedForwardNetwork
        from pybrain.datasets import SupervisedDataSet
        from pybrain.supervised.trainers.mixturedensity import RPropMinusTrainerMix
        from pybrain.structure.modules.mixturedensity import MixtureDensityLayer
        n = FeedForwardNetwork()
        n.addInputModule(LinearLayer(1, name='in'))
        n.addOutputModule(MixtureDensityLayer(dim=1, name='out', mix=2))
        n.addModule(BiasUnit(name='bias'))
        n.addModule(TanhLayer(4, name='hidden'))
        for a, b in [('bias', 'out'), ('bias', 'hidden'), ('in', 'hidden'), ('hidden', 'out')]:
            n.addConnection(FullConnection(n[a], n[b]))
        n.sortModules()
        n._setParameters(np.random.uniform(-0.1, 0.1, size=n.paramdim))
        t = np.linspace(0, 1, 50).reshape(50, 1)
        data = SupervisedDataSet(1, 1)
        data.setField('input', t + 0.2 * np.sin(6 * t))
        data.setField('target', t)
        trainer = RPropMinusTrainerMix(n, dataset=data, verbose=True, weightdecay=0.01)
        trainer.trainEpochs(5)
        result = n.activateOnDataset(data)
    """,
    "swiping and multi-dimensional": """
        from pybrain import ModuleMesh, LinearLayer, TanhLayer, MDLSTMLayer, MotherConnection
        from pybrain.structure.networks import BorderSwipingNetwork, BidirectionalNetwork
        from pybrain.structure.networks.multidimensional import MultiDimensionalLSTM
        inmesh = ModuleMesh.constructWithLayers(LinearLayer, 1, (3, 3), 'in')
        hmesh = ModuleMesh.constructWithLayers(TanhLayer, 2, (3, 3, 4), 'h')
        outmesh = ModuleMesh.constructWithLayers(LinearLayer, 1, (3, 3), 'out')
        predefined = {'outconn': MotherConnection(2)}
        net = BorderSwipingNetwork(inmesh, hmesh, outmesh, predefined=predefined)
        bi = BidirectionalNetwork(seqlen=6, inputsize=1, hiddensize=3, symmetric=True)
        md = MultiDimensionalLSTM((3, 3), hsize=2, peepholes=True)
        result = [net.activate([0.1] * 9), bi.activate([0.5] * 6), md.activate([0.2] * 9)]
    """,
    "gates, sampling and connections": """
        from numpy import random, array
        from pybrain.structure import (FeedForwardNetwork, LinearLayer, GateLayer,
                                       LinearConnection, FullNotSelfConnection,
                                       IdentityConnection)
        from pybrain.structure.modules.samplelayer import BernoulliLayer
        from pybrain.structure.connections.subsampling import SubsamplingConnection
        from pybrain.structure.moduleslice import ModuleSlice
        random.seed(0)
        n = FeedForwardNetwork()
        i, g, o = LinearLayer(4, name='i'), GateLayer(2, name='g'), LinearLayer(3, name='o')
        n.addInputModule(i); n.addModule(g); n.addOutputModule(o)
        n.addConnection(LinearConnection(i, g))
        n.addConnection(FullNotSelfConnection(ModuleSlice(g, outSliceTo=2),
                                              ModuleSlice(o, inSliceTo=2)))
        n.addConnection(SubsamplingConnection(i, o, outSliceFrom=2))
        n.sortModules()
        b = BernoulliLayer(3)
        result = [n.activate(array([0.5, -1.0, 2.0, 0.1])), b.activate([0.0, 1.0, 0.5])]
    """,
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_a_pybrain_script_runs_after_the_import_rename(name):
    code = textwrap.dedent(SCRIPTS[name]).replace("pybrain", "brainkit")
    namespace = {}
    with redirect_stdout(io.StringIO()):
        exec(compile(code, name, "exec"), namespace)          # noqa: S102
    result = namespace["result"]
    values = np.concatenate([np.ravel(r) for r in (result if isinstance(result, list)
                                                   else [result])])
    assert values.size and np.all(np.isfinite(values))

"""Small hand-built networks shared by the network tests."""

import numpy as np

from brainkit import (BiasUnit, FeedForwardNetwork, FullConnection, LinearLayer,
                      RecurrentNetwork, SigmoidLayer, TanhLayer)


def parallel_ffn(dtype=np.float64, name="parallel"):
    """in(3) -> h1 (sigmoid 4) and in -> h2 (tanh 2), both -> out (linear 2),
    and a bias into h1, h2 and out."""
    net = FeedForwardNetwork(name=name, dtype=dtype)
    inp, out = LinearLayer(3, name="in"), LinearLayer(2, name="out")
    h1, h2, bias = SigmoidLayer(4, name="h1"), TanhLayer(2, name="h2"), BiasUnit(name="bias")
    net.addInputModule(inp)
    net.addOutputModule(out)
    for m in (h1, h2, bias):
        net.addModule(m)
    for a, b in ((inp, h1), (inp, h2), (h1, out), (h2, out), (bias, h1), (bias, h2),
                 (bias, out)):
        net.addConnection(FullConnection(a, b, name=f"{a.name}_{b.name}"))
    net.sortModules()
    return net


def simple_rnn(name="rnn"):
    """in(2) -> hidden (tanh 3) -> out (sigmoid 2), a bias into hidden, and
    recurrent connections hidden -> hidden and out -> hidden."""
    net = RecurrentNetwork(name=name)
    inp, hidden, out = LinearLayer(2, name="in"), TanhLayer(3, name="hidden"), \
        SigmoidLayer(2, name="out")
    bias = BiasUnit(name="bias")
    net.addInputModule(inp)
    net.addOutputModule(out)
    net.addModule(hidden)
    net.addModule(bias)
    net.addConnection(FullConnection(inp, hidden, name="in_hidden"))
    net.addConnection(FullConnection(bias, hidden, name="bias_hidden"))
    net.addConnection(FullConnection(hidden, out, name="hidden_out"))
    net.addRecurrentConnection(FullConnection(hidden, hidden, name="rec_hidden"))
    net.addRecurrentConnection(FullConnection(out, hidden, name="rec_out"))
    net.sortModules()
    return net


def chain(*modules, connections=(), recurrent=None, cls=None):
    """``modules`` in a line, the first an input, the last an output, each
    joined to the next by a FullConnection (or the classes in ``connections``),
    named 'a_b' after the modules; ``recurrent`` (a connection class) adds
    one from the middle module to itself. A RecurrentNetwork if recurrent."""
    cls = cls or (RecurrentNetwork if recurrent else FeedForwardNetwork)
    net = cls(name="chain")
    net.addInputModule(modules[0])
    for m in modules[1:-1]:
        net.addModule(m)
    net.addOutputModule(modules[-1])
    kinds = list(connections) or [FullConnection] * (len(modules) - 1)
    for a, b, kind in zip(modules, modules[1:], kinds):
        net.addConnection(kind(a, b, name=f"{a.name}_{b.name}"))
    if recurrent:
        h = modules[len(modules) // 2]
        net.addRecurrentConnection(recurrent(h, h, name=f"{h.name}_{h.name}"))
    net.sortModules()
    return net

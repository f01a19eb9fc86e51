"""The from-scratch tutorial's hand-set networks, built from modules and connections.

One sigmoid neuron with weights [0, 1] and bias 4 on the input [2, 3]; then a
2-2-1 sigmoid network whose three neurons all have weights [0, 1] and bias 0.
Run: python examples/neuron.py
"""

import numpy as np

from brainkit import BiasUnit, FeedForwardNetwork, FullConnection, LinearLayer, SigmoidLayer


def neuron():
    net = FeedForwardNetwork(name="neuron")
    inp, out, bias = LinearLayer(2, name="in"), SigmoidLayer(1, name="out"), BiasUnit(name="bias")
    net.addInputModule(inp)
    net.addOutputModule(out)
    net.addModule(bias)
    weights = FullConnection(inp, out, name="weights")
    offset = FullConnection(bias, out, name="bias_out")
    net.addConnection(weights)
    net.addConnection(offset)
    net.sortModules()
    weights._setParameters([0, 1])
    offset._setParameters([4])
    return net


def network_221():
    net = FeedForwardNetwork(name="2-2-1")
    inp, hidden, out = LinearLayer(2, name="in"), SigmoidLayer(2, name="hidden"), SigmoidLayer(1, name="out")
    net.addInputModule(inp)
    net.addModule(hidden)
    net.addOutputModule(out)
    to_hidden, to_out = FullConnection(inp, hidden), FullConnection(hidden, out)
    net.addConnection(to_hidden)
    net.addConnection(to_out)
    net.sortModules()
    to_hidden.weights[:] = [[0, 1], [0, 1]]      # rows: h1, h2; bias 0 = no bias unit
    to_out.weights[:] = [[0, 1]]
    return net


def main(quick=False):
    one = float(neuron().activate([2, 3])[0])
    two = float(network_221().activate([2, 3])[0])
    print(f"one neuron on [2, 3]:      {one!r}   (expected 0.9990889488055994)")
    print(f"2-2-1 network on [2, 3]:   {two!r}   (expected 0.7216325609518421)")
    if not (np.isclose(one, 0.9990889488055994, rtol=0, atol=1e-15)
            and np.isclose(two, 0.7216325609518421, rtol=0, atol=1e-15)):
        raise SystemExit("the hand-set networks do not give the tutorial's numbers")
    return one, two


if __name__ == "__main__":
    main()

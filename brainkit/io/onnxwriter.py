"""ONNX export: ``net.save('model.onnx')`` writes a network as an ONNX model
(opset 17, float32) that onnxruntime and other ONNX runtimes run.

A feed-forward network becomes a graph from ``input`` (B, indim) to
``output`` (B, outdim). A recurrent network (one with recurrent connections
or LSTM layers, a ``RecurrentNetwork``) takes whole sequences, time-major as
in ``run_forward``: ``input`` (T, B, indim) -> ``output`` (T, B, outdim),
each sequence from a reset state; its step (every module once, recurrent
connections reading the step before, zeros at t = 0, LSTM cell states
carried) is the body of an ONNX ``Scan`` over the steps. PyBrain's LSTM
layer is written out in its own gate order ([input | forget | cell | output]
pre-activations from the connections, peepholes on c[t-1] for the input and
forget gates and on c[t] for the output gate). Where PyBrain's math maps onto
ONNX's own ``LSTM`` operator, the network is written with it instead: when
its only recurrent connections are full ones from LSTM layers to themselves
(what ``buildNetwork(..., hiddenclass=LSTMLayer)`` makes), each LSTM layer is
one operator over the whole sequence (its gates reordered, its peepholes in
ONNX's order) and every other module runs on all steps at once.

Nested networks are written as the modules they hold; every connection
class, slices included, and every built-in layer are covered, except two that
cannot be a fixed graph: ``StateDependentLayer`` (its exploration comes from
``setState`` at run time) and ``MdrnnLayer`` (a swipe over a grid inside one
layer). Stochastic layers keep drawing (``RandomNormalLike``,
``RandomUniformLike``). A network with anything else, such as a subclass
with math of its own, is refused with an ``ExportError`` naming the module.
onnx is imported here only (``pip install "brainkit[onnx]"``).
"""

import numpy as np

from brainkit.atomic import atomic_path

OPSET = 17
IR_VERSION = 8          # what opset 17 came with: runtimes from 2022 on read it


class ExportError(ValueError):
    """A network that cannot be written as ONNX; the message names the module
    or connection and says why."""


def _onnx():
    try:
        import onnx
    except ImportError:
        raise ImportError("ONNX export needs the onnx package: pip install "
                          "'brainkit[onnx]'") from None
    return onnx


class _Graph:
    """Nodes of one ONNX graph; constants go to ``inits`` (the main graph's,
    which a Scan body reads from the outer scope), names are unique across
    graphs through the shared ``counter``."""

    def __init__(self, onnx, inits, counter):
        self.onnx, self.nodes, self.inits, self.counter = onnx, [], inits, counter

    def fresh(self, hint):
        self.counter[0] += 1
        return f"{hint}_{self.counter[0]}"

    def const(self, value, hint="c", dtype=np.float32):
        name = self.fresh(hint)
        self.inits.append(self.onnx.numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def ints(self, values, hint="i"):
        return self.const(values, hint, np.int64)

    def op(self, op_type, inputs, hint=None, **attrs):
        out = self.fresh(hint or op_type.lower())
        self.nodes.append(self.onnx.helper.make_node(op_type, list(inputs), [out], **attrs))
        return out

    def cols(self, x, start, stop, width):
        """Columns start..stop-1 of x (B, width)."""
        if start == 0 and stop == width:
            return x
        return self.op("Slice", [x, self.ints([start]), self.ints([stop]), self.ints([1])],
                       "cols")

    def place(self, x, start, stop, width):
        """x (B, stop - start) as columns start..stop-1 of (B, width), zeros elsewhere."""
        if start == 0 and stop == width:
            return x
        return self.op("Pad", [x, self.ints([0, start, 0, width - stop])], "place")

    def filled(self, ref, width, value, batch_axis=0):
        """(B, width) of ``value``, B the length of ``ref``'s axis ``batch_axis``."""
        batch = self.op("Shape", [ref], "batch", start=batch_axis, end=batch_axis + 1)
        shape = self.op("Concat", [batch, self.ints([width])], "shape", axis=0)
        return self.op("ConstantOfShape", [shape], "filled",
                       value=self.onnx.numpy_helper.from_array(np.array([value], np.float32)))

    def total(self, parts):
        return parts[0] if len(parts) == 1 else self.op("Sum", parts, "sum")

    def concat(self, parts):
        return parts[0] if len(parts) == 1 else self.op("Concat", parts, "concat", axis=1)

    def sigmoid(self, x):
        return self.op("Sigmoid", [x])

    def mul(self, a, b):
        return self.op("Mul", [a, b])

    def add(self, a, b):
        return self.op("Add", [a, b])


# modules: (graph, module, input (B, indim)) -> output (B, outdim) ---------------

def _pairs(g, m, u):
    d = m.dim
    return g.cols(u, 0, d, 2 * d), g.cols(u, d, 2 * d, 2 * d)


def _gate(g, m, u):
    a, b = _pairs(g, m, u)
    return g.mul(g.sigmoid(a), b)


def _double_gate(g, m, u):
    a, b = _pairs(g, m, u)
    s = g.sigmoid(a)
    return g.concat([g.mul(s, b), g.mul(g.op("Sub", [g.const(1.0), s]), b)])


def _switch(g, m, u):
    s = g.sigmoid(u)
    return g.concat([s, g.op("Sub", [g.const(1.0), s])])


def _gaussian(g, m, u):
    if not m.enabled:
        return u
    from brainkit.structure.modules.gaussianlayer import expln
    noise = g.op("RandomNormalLike", [u], "noise", dtype=1)
    return g.add(u, g.mul(noise, g.const(expln(np.asarray(m.params, float)), "sigma")))


def _bernoulli(g, m, u):
    draw = g.op("RandomUniformLike", [u], "draw", dtype=1)
    return g.op("Cast", [g.op("Less", [draw, u])], "bernoulli", to=1)


def _images(g, u, shape, op, **attrs):
    images = g.op("Reshape", [u, g.ints([0, *shape])], "images")
    return g.op("Reshape", [g.op(op, [images], **attrs), g.ints([0, -1])], "flat")


def _convolution(g, m, u):
    (ph, pw), F = m.padding, m.filters
    images = g.op("Reshape", [u, g.ints([0, *m.inshape])], "images")
    conv = g.op("Conv", [images, g.const(m.weights, "filters"), g.const(m.bias, "bias")],
                kernel_shape=list(m.kernel), strides=list(m.stride), pads=[ph, pw, ph, pw])
    return g.op("Reshape", [conv, g.ints([0, F * m.outsides[0] * m.outsides[1]])], "flat")


def _pooling(op):
    def emit(g, m, u):
        return _images(g, u, m.inshape, op, kernel_shape=list(m.pool), strides=list(m.stride))
    return emit


def _kohonen(g, m, u):
    flat = np.asarray(m.neurons, float).reshape(-1, m.nInput)
    squares = g.op("ReduceSumSquare", [u], axes=[1], keepdims=1)
    cross = g.op("MatMul", [u, g.const(-2.0 * flat.T, "neurons")])
    dist = g.op("Max", [g.add(g.add(squares, cross), g.const(np.sum(flat * flat, axis=1))),
                        g.const(0.0)], "distances")
    if m.outputFullMap:
        return dist
    winner = g.op("ArgMin", [dist], "winner", axis=1, keepdims=1)
    n = g.ints([m.nNeurons])
    row, col = g.op("Div", [winner, n]), g.op("Mod", [winner, n])
    return g.op("Cast", [g.op("Concat", [row, col], axis=1)], "coordinates", to=1)


def _mixture(g, m, u):
    K, width = m.nGaussians, m.indim
    pi = g.op("Softmax", [g.cols(u, 0, K, width)], axis=1)
    sigma = g.op("Exp", [g.op("Clip", [g.cols(u, K, 2 * K, width), g.const(-500.0),
                                       g.const(500.0)])])
    return g.concat([pi, sigma, g.cols(u, 2 * K, width, width)])


def _mdlstm(g, m, u):
    d, k, w = m.dim, m.dimensions, m.indim
    xi, xf = g.cols(u, 0, d, w), g.cols(u, d, d * (1 + k), w)
    z, xo = g.cols(u, d * (1 + k), d * (2 + k), w), g.cols(u, d * (2 + k), d * (3 + k), w)
    prev = g.cols(u, d * (3 + k), w, w)                                  # (B, k*d)

    def by_dimension(x):                                                 # sum over k
        return g.op("ReduceSum", [g.op("Reshape", [x, g.ints([0, k, d])]), g.ints([1])],
                    keepdims=0)
    if m.peepholes:
        xi = g.add(xi, g.mul(by_dimension(prev), g.const(m.ingatePeepWeights)))
        xf = g.add(xf, g.mul(prev, g.const(m.forgetgatePeepWeights)))
    c = g.add(g.mul(g.sigmoid(xi), g.op("Tanh", [z])), by_dimension(g.mul(g.sigmoid(xf), prev)))
    if m.peepholes:
        xo = g.add(xo, g.mul(c, g.const(m.outgatePeepWeights)))
    return g.concat([g.mul(g.sigmoid(xo), g.op("Tanh", [c])), c])


def _lstm(g, m, u, c_prev):
    """One step of PyBrain's LSTM (see lstm.py): returns (y, c)."""
    d = m.dim
    xi, xf, z, xo = (g.cols(u, j * d, (j + 1) * d, 4 * d) for j in range(4))
    if m.peepholes:
        xi = g.add(xi, g.mul(c_prev, g.const(m.ingatePeepWeights)))
        xf = g.add(xf, g.mul(c_prev, g.const(m.forgetgatePeepWeights)))
    c = g.add(g.mul(g.sigmoid(xi), g.op("Tanh", [z])), g.mul(g.sigmoid(xf), c_prev))
    if m.peepholes:
        xo = g.add(xo, g.mul(c, g.const(m.outgatePeepWeights)))
    return g.mul(g.sigmoid(xo), g.op("Tanh", [c])), c


# ONNX's LSTM operator orders the gates [input | output | forget | cell],
# PyBrain's layer [input | forget | cell | output]: the blocks to take, in order
ONNX_GATES = (0, 3, 1, 2)


def _lstm_operator(g, m, u, recurrent):
    """An LSTM layer over whole sequences as ONNX's LSTM operator. ``u``
    holds the layer's pre-activations of every step, (T*B, 4d), gates in
    PyBrain's order; the operator's input weights W are the permutation into
    its gate order (so X W^T is u reordered), its recurrent weights R the
    recurrent connection's rows in that order, no bias (u holds it), and its
    peepholes P = [input | output | forget], on c[t-1] for the input and
    forget gates and on c[t] for the output gate, as in PyBrain."""
    d = m.dim
    order = np.concatenate([np.arange(k * d, (k + 1) * d) for k in ONNX_GATES])
    W = np.eye(4 * d)[order][None]
    R = (np.zeros((4 * d, d)) if recurrent is None else np.asarray(recurrent.weights))[order][None]
    steps = g.op("Shape", ["input"], "steps", start=0, end=2)
    x = g.op("Reshape", [u, g.op("Concat", [steps, g.ints([4 * d])], axis=0)], "gates")
    inputs = [x, g.const(W, "W"), g.const(R, "R")]
    if m.peepholes:
        P = np.concatenate([m.ingatePeepWeights, m.outgatePeepWeights,
                            m.forgetgatePeepWeights])[None]
        inputs += ["", "", "", "", g.const(P, "P")]
    y = g.op("LSTM", inputs, "lstm", hidden_size=d)            # (T, 1, B, d)
    return g.op("Reshape", [y, g.ints([-1, d])], "rows")


def _module_emitters():
    from brainkit.structure import modules as M
    from brainkit.structure.modules.samplelayer import BernoulliLayer
    from brainkit.structure.modules.mixturedensity import MixtureDensityLayer
    op = lambda name, **attrs: lambda g, m, u: g.op(name, [u], **attrs)  # noqa: E731
    return {
        M.LinearLayer: lambda g, m, u: u, M.BiasUnit: None,      # (no inputs: see step)
        M.SigmoidLayer: op("Sigmoid"), M.TanhLayer: op("Tanh"), M.ReluLayer: op("Relu"),
        M.SoftSignLayer: op("Softsign"), M.SoftmaxLayer: op("Softmax", axis=1),
        M.GaussianLayer: _gaussian, BernoulliLayer: _bernoulli,
        M.MultiplicationLayer: lambda g, m, u: g.mul(*_pairs(g, m, u)),
        M.GateLayer: _gate, M.DoubleGateLayer: _double_gate, M.SwitchLayer: _switch,
        M.ConvolutionLayer: _convolution, M.MaxPoolingLayer: _pooling("MaxPool"),
        M.AveragePoolingLayer: _pooling("AveragePool"), M.KohonenMap: _kohonen,
        MixtureDensityLayer: _mixture, M.MDLSTMLayer: _mdlstm,
    }


# connections: (graph, connection, source slice (B, indim)) -> (B, outdim) --------

def _full(g, c, v):
    return g.op("MatMul", [v, g.const(np.asarray(c.weights).T, "weights")], "full")


def _not_self(g, c, v):
    weights = np.array(c.weights, dtype=float)
    np.fill_diagonal(weights, 0.0)
    return g.op("MatMul", [v, g.const(weights.T, "weights")], "full")


def _subsampling(g, c, v):
    return g.mul(g.op("ReduceMean", [v], axes=[1], keepdims=1), g.const(c.params))


def _connection_emitters():
    from brainkit.structure import connections as C
    from brainkit.structure.connections.permutation import PermutationConnection
    from brainkit.structure.connections.shared import SharedSubsamplingConnection
    from brainkit.structure.connections.subsampling import SubsamplingConnection
    return {
        C.FullConnection: _full, C.SharedFullConnection: _full,
        C.FullNotSelfConnection: _not_self, C.IdentityConnection: lambda g, c, v: v,
        C.LinearConnection: lambda g, c, v: g.mul(v, g.const(c.params)),
        PermutationConnection: lambda g, c, v: g.op("Gather", [v, g.ints(c._gather)], axis=1),
        SubsamplingConnection: _subsampling, SharedSubsamplingConnection: _subsampling,
    }


WHY_NOT = {
    "StateDependentLayer": "its exploration comes from setState() at run time, outside "
                           "the network's inputs",
    "MdrnnLayer": "it swipes over a grid inside one layer, which ONNX export does not cover",
}


# the network ------------------------------------------------------------------------

class _Exporter:
    def __init__(self, net):
        from brainkit.structure.networks.flatten import Flat, Port
        from brainkit.structure.modules.biasunit import BiasUnit
        from brainkit.structure.modules.lstm import LSTMLayer
        self.net, self.flat, self.Port, self.LSTMLayer = net, Flat(net), Port, LSTMLayer
        self.BiasUnit = BiasUnit
        self.modules, self.connections = _module_emitters(), _connection_emitters()
        self._check()
        self.into = {}              # id(node) -> [(connection, shift)]
        for c, shift in self.flat.conns:
            self.into.setdefault(id(self.flat.target[id(c)]), []).append((c, shift))
        # where the input modules of the network and of nested ones read
        self.fed = {}               # id(node) -> (feeding node or None for the input, a, b)
        self._feeds(net, None)
        self.states = [self.flat.source[id(c)] for c, s in self.flat.conns if s]
        self.states = list({id(n): n for n in self.states}.values())
        self.lstms = [n for n in self.flat.nodes if type(n) is LSTMLayer]
        self.fused = self._fusable()

    def _feeds(self, net, entry):
        from brainkit.structure.networks.buffers import slices
        from brainkit.structure.networks.flatten import is_network
        for m, a, b in slices(net.inmodules, "indim"):
            self.fed[id(self.flat.node_in(m))] = (entry, a, b)
        for m in net.modules:
            if is_network(m):
                self._feeds(m, self.flat.node_in(m))

    def _check(self):
        for node in self.flat.nodes:
            if isinstance(node, self.Port) or type(node) in self.modules \
                    or type(node) is self.LSTMLayer:
                continue
            kind = type(node).__name__
            why = WHY_NOT.get(kind, "ONNX export knows the built-in layers only (a subclass "
                                    "with math of its own has no ONNX form)")
            raise ExportError(f"cannot export network {self.net.name!r} to ONNX: module "
                              f"{node.name!r} is a {kind}; {why}")
        for c, _ in self.flat.conns:
            if type(c) not in self.connections:
                raise ExportError(f"cannot export network {self.net.name!r} to ONNX: "
                                  f"connection {c.name!r} ({c.inmod.name!r} -> "
                                  f"{c.outmod.name!r}) is a {type(c).__name__}, which ONNX "
                                  "export does not know (it covers the built-in connections)")

    def _fusable(self):
        """{id(lstm): its recurrent connection or None} when the only recurrent
        connections are full ones from LSTM layers to themselves (at most one
        each, no slices): each LSTM layer is then one ONNX LSTM operator over
        the whole sequence, and everything else runs on all steps at once.
        None otherwise (the network steps in a Scan)."""
        from brainkit.structure.connections.full import FullConnection
        fused = {id(m): None for m in self.lstms}
        for c, shift in self.flat.conns:
            if not shift:
                continue
            source, target = self.flat.source[id(c)], self.flat.target[id(c)]
            if (type(c) is not FullConnection or source is not target
                    or fused.get(id(source), 0) is not None
                    or (c.indim, c.outdim) != (source.outdim, source.indim)):
                return None
            fused[id(source)] = c
        return fused

    def step(self, g, x, prev, fused=None):
        """One step of the network on x (B, indim): (output, new states).
        ``prev`` maps id(node) (and (id(lstm), 'c')) to last step's values.
        With ``fused`` (see ``_fusable``) x holds the rows of every step,
        (T*B, indim), and each LSTM layer runs over the whole sequence."""
        out, new = {}, {}
        for node in self.flat.nodes:
            width = node.indim
            parts = []
            if id(node) in self.fed:            # an input module: its part of the input
                source, a, b = self.fed[id(node)]
                if source is None:
                    parts.append(g.cols(x, a, b, self.net.indim))
                else:
                    parts.append(g.cols(out[id(source)], a, b, source.outdim))
            for c, shift in self.into.get(id(node), ()):
                if shift and fused is not None:     # inside the LSTM operator
                    continue
                source = self.flat.source[id(c)]
                value = prev[id(source)] if shift else out[id(source)]
                v = g.cols(value, c.inSliceFrom, c.inSliceTo, source.outdim)
                v = self.connections[type(c)](g, c, v)
                parts.append(g.place(v, c.outSliceFrom, c.outSliceTo, width))
            if not parts and width:
                parts.append(g.filled(x, width, 0.0))
            u = g.total(parts) if parts else None
            if isinstance(node, self.Port):
                out[id(node)] = u if node.side == "entry" else g.concat(
                    [out[id(self.flat.node_out(m))] for m in node.net.outmodules])
            elif type(node) is self.LSTMLayer and fused is not None:
                out[id(node)] = _lstm_operator(g, node, u, fused[id(node)])
            elif type(node) is self.LSTMLayer:
                out[id(node)], new[(id(node), "c")] = _lstm(g, node, u, prev[(id(node), "c")])
            elif type(node) is self.BiasUnit:
                out[id(node)] = g.filled(x, 1, 1.0)
            else:
                out[id(node)] = self.modules[type(node)](g, node, u)
        for node in self.states:
            new[id(node)] = out[id(node)]
        output = g.concat([out[id(self.flat.node_out(m))] for m in self.net.outmodules])
        return output, new

    def model(self):
        onnx = _onnx()
        helper, FLOAT = onnx.helper, onnx.TensorProto.FLOAT
        inits, counter = [], [0]
        g = _Graph(onnx, inits, counter)
        net = self.net
        recurrent = bool(self.states or self.lstms or net.sequential)
        shape = ["T", "B"] if recurrent else ["B"]
        if not recurrent:
            output, _ = self.step(g, "input", {})
        elif self.fused is not None:        # all steps at once, LSTM operators between
            rows = g.op("Reshape", ["input", g.ints([-1, net.indim])], "rows")
            output, _ = self.step(g, rows, {}, self.fused)
            steps = g.op("Shape", ["input"], "steps", start=0, end=2)
            output = g.op("Reshape", [output, g.op("Concat", [steps, g.ints([net.outdim])],
                                                    axis=0)], "sequences")
        else:
            keys = [id(n) for n in self.states] + [(id(m), "c") for m in self.lstms]
            widths = [n.outdim for n in self.states] + [m.dim for m in self.lstms]
            body = _Graph(onnx, inits, counter)
            names = [body.fresh("state") for _ in keys]
            x_t = body.fresh("x")
            y_t, new = self.step(body, x_t, dict(zip(keys, names)))
            outs = [body.op("Identity", [new[k]], "next") for k in keys]
            outs.append(body.op("Identity", [y_t], "y"))
            value = lambda name, width: helper.make_tensor_value_info(  # noqa: E731
                name, FLOAT, ["B", width])
            graph = helper.make_graph(
                body.nodes, "step", [value(n, w) for n, w in zip(names, widths)]
                + [value(x_t, net.indim)],
                [value(n, w) for n, w in zip(outs, widths)] + [value(outs[-1], net.outdim)])
            initial = [g.filled("input", w, 0.0, batch_axis=1) for w in widths]
            finals = [g.fresh("final") for _ in keys]
            output = g.fresh("steps")
            g.nodes.append(helper.make_node("Scan", initial + ["input"], finals + [output],
                                            body=graph, num_scan_inputs=1))
        g.nodes.append(helper.make_node("Identity", [output], ["output"]))
        main = helper.make_graph(
            g.nodes, net.name, [helper.make_tensor_value_info("input", FLOAT, shape + [net.indim])],
            [helper.make_tensor_value_info("output", FLOAT, shape + [net.outdim])], inits)
        model = helper.make_model(main, producer_name="brainkit",
                                  opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = IR_VERSION
        model.doc_string = (f"brainkit network {net.name!r}: input "
                            f"({'T, B' if recurrent else 'B'}, {net.indim}) -> output "
                            f"({'T, B' if recurrent else 'B'}, {net.outdim}), float32"
                            + ("; time-major sequences, each from a reset state"
                               if recurrent else ""))
        onnx.checker.check_model(model)
        return model


def network_to_onnx(net):
    """The ONNX model (an ``onnx.ModelProto``) of a sorted network; see the
    module doc. Raises ExportError for a network that cannot be exported."""
    from brainkit.structure.networks.network import Network
    if not isinstance(net, Network):
        raise ExportError(f"ONNX export takes a network; got {type(net).__name__}")
    if not net.sorted:
        raise ExportError(f"network {net.name!r} is not sorted; call sortModules() before "
                          "exporting it")
    return _Exporter(net).model()


def save_onnx(net, path):
    """Write ``net`` as an ONNX model to ``path``, atomically."""
    model = network_to_onnx(net)
    data = model.SerializeToString()
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        f.write(data)

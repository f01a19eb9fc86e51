"""The execution plan: for every time step, the calls one forward or backward
step makes, with their buffer views bound in advance.

A step then costs one Python call per module and connection and nothing else:
no graph walk, no dictionary lookup, no slicing. Modules and connections that
keep the base class's ``forward``/``backward`` are called on their math
directly (``_forward(inbuf, outbuf)``, ...); those that override them (an LSTM
reads its own earlier steps) are called with the time index.
"""

from brainkit.structure.connections.connection import Connection
from brainkit.structure.modules.module import Module


def _module_forward(m, t):
    if m.outputbuffer is m.inputbuffer:       # an identity sharing its buffers
        return []
    if type(m).forward is Module.forward:
        return [(m._forward, (m.inputbuffer[t], m.outputbuffer[t]))]
    return [(m.forward, (t,))]


def _module_backward(m, t):
    if m.outputerror is m.inputerror:
        return []
    if type(m).backward is Module.backward:
        return [(m._backward, (m.outputerror[t], m.inputerror[t], m.outputbuffer[t],
                              m.inputbuffer[t]))]
    return [(m.backward, (t,))]


def flat(buf, start, stop, sl=slice(None)):
    """Rows start..stop-1 of a (T, B, width) buffer as a (n*B, width) view."""
    view = buf[start:stop, :, sl].view()
    view.shape = (view.shape[0] * view.shape[1], view.shape[2])   # raises rather than copy
    return view


def _connection(c, first, stop, shift, backward, needs):
    """A connection's calls over steps first..stop-1 of its target, reading its
    source ``shift`` steps earlier (1 for a recurrent connection)."""
    modules, active = needs
    if backward and id(c) not in active:
        return []
    if type(c).forward is not Connection.forward or type(c).backward is not Connection.backward:
        method = c.backward if backward else c.forward
        return [(method, (t - shift, t)) for t in range(first, stop)]
    ins, outs = slice(c.inSliceFrom, c.inSliceTo), slice(c.outSliceFrom, c.outSliceTo)
    src = (first - shift, stop - shift)
    if stop - first == 1:
        def rows(buf, span, sl):
            return buf[span[0], :, sl]
    else:
        def rows(buf, span, sl):
            return flat(buf, span[0], span[1], sl)
    if not backward:
        return [(c._forward, (rows(c.inmod.outputbuffer, src, ins),
                              rows(c.outmod.inputbuffer, (first, stop), outs)))]
    inerr = rows(c.inmod.outputerror, src, ins)
    if id(c.inmod) not in modules and c.skip_input_error:
        inerr = None
    return [(c._backward, (rows(c.outmod.inputerror, (first, stop), outs), inerr,
                           rows(c.inmod.outputbuffer, src, ins)))]


def forward_calls(net, t):
    """Step t: recurrent connections from t-1, then each module in sorted
    order followed by its outgoing connections. (Input and output modules work
    in slices of the network's own buffers, so nothing is copied in or out.)"""
    none = (set(), set())
    calls = []
    if t > 0:
        for c in net.recurrentConns:
            calls += _connection(c, t, t + 1, 1, False, none)
    for m in net.modulesSorted:
        calls += _module_forward(m, t)
        for c in net.connections[m]:
            calls += _connection(c, t, t + 1, 0, False, none)
    return calls


def error_needs(net, input_errors=True):
    """Which modules' backward must run, and which connections must pass an
    error on: (modules, connections). With ``input_errors`` False (training)
    nothing is computed that only leads to the network's input errors or into
    a bias, e.g. the input layer's backward."""
    incoming = {id(m): [] for m in net.modules}
    for c in net._all_connections():
        incoming[id(c.outmod)].append(c)
    inputs = {id(m) for m in net.inmodules} if input_errors else set()
    needed, active = set(), set()
    while True:        # grows to a fixpoint; recurrent connections may form cycles
        active = {id(c) for c in net._all_connections()
                  if c.paramdim or id(c.inmod) in needed}
        grown = {id(m) for m in net.modules
                 if m.paramdim or id(m) in inputs
                 or any(id(c) in active for c in incoming[id(m)])}
        if grown == needed:
            return needed, active
        needed = grown


def recurrent_backward_calls(net, t, needs):
    """The recurrent connections' part of step t backwards: from step t+1
    (run first, and only when step t+1 exists)."""
    calls = []
    for c in net.recurrentConns:
        calls += _connection(c, t + 1, t + 2, 1, True, needs)
    return calls


def backward_calls(net, t, needs):
    """Step t backwards, after ``recurrent_backward_calls``: each module in
    reverse order after its outgoing connections. ``needs`` (from
    ``error_needs``) leaves out what nobody reads."""
    calls = []
    for m in reversed(net.modulesSorted):
        for c in net.connections[m]:
            calls += _connection(c, t, t + 1, 0, True, needs)
        if id(m) in needs[0]:
            calls += _module_backward(m, t)
    return calls

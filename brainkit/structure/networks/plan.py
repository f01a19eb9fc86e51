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


def _connection_forward(c, tin, tout):
    if type(c).forward is Connection.forward:
        return c._forward, (c.inmod.outputbuffer[tin, :, c.inSliceFrom:c.inSliceTo],
                            c.outmod.inputbuffer[tout, :, c.outSliceFrom:c.outSliceTo])
    return c.forward, (tin, tout)


def _connection_backward(c, tin, tout):
    if type(c).backward is Connection.backward:
        return c._backward, (c.outmod.inputerror[tout, :, c.outSliceFrom:c.outSliceTo],
                             c.inmod.outputerror[tin, :, c.inSliceFrom:c.inSliceTo],
                             c.inmod.outputbuffer[tin, :, c.inSliceFrom:c.inSliceTo])
    return c.backward, (tin, tout)


def forward_calls(net, t):
    """Step t: recurrent connections from t-1, then each module in sorted
    order followed by its outgoing connections. (Input and output modules work
    in slices of the network's own buffers, so nothing is copied in or out.)"""
    calls = []
    if t > 0:
        calls += [_connection_forward(c, t - 1, t) for c in net.recurrentConns]
    for m in net.modulesSorted:
        calls += _module_forward(m, t)
        calls += [_connection_forward(c, t, t) for c in net.connections[m]]
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


def _connection_backward_needed(c, tin, tout, needs):
    modules, active = needs
    if id(c) not in active:
        return []
    call, args = _connection_backward(c, tin, tout)
    if id(c.inmod) not in modules and call == c._backward and c.skip_input_error:
        args = (args[0], None, args[2])
    return [(call, args)]


def recurrent_backward_calls(net, t, needs):
    """The recurrent connections' part of step t backwards: from step t+1
    (run first, and only when step t+1 exists)."""
    calls = []
    for c in net.recurrentConns:
        calls += _connection_backward_needed(c, t, t + 1, needs)
    return calls


def backward_calls(net, t, needs):
    """Step t backwards, after ``recurrent_backward_calls``: each module in
    reverse order after its outgoing connections. ``needs`` (from
    ``error_needs``) leaves out what nobody reads."""
    calls = []
    for m in reversed(net.modulesSorted):
        for c in net.connections[m]:
            calls += _connection_backward_needed(c, t, t, needs)
        if id(m) in needs[0]:
            calls += _module_backward(m, t)
    return calls

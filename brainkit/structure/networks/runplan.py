"""The plan of a whole run: T steps of B samples, forward and back.

Stepping through time one step at a time is only needed where a value depends
on an earlier step. A run therefore has three phases:

* *before the loop*: modules that depend on no recurrent connection (the
  input layer, a bias, feed-forward layers after them) are computed for all
  T steps at once, as one batch of T*B rows, and so are their connections;
* *the loop*: modules on a recurrent cycle (and sequential ones, such as an
  LSTM) step through t = 0..T-1 (backwards: T-1..0);
* *after the loop*: modules that only read the loop's results (an output
  layer) run for all T steps at once again.

A feed-forward network is all "before the loop", so a run is one batched
pass; an LSTM network only loops over the LSTM layer and its recurrent
connection. The numbers are those of stepping through time (summed in another
order).
"""

import networkx as nx

from brainkit.structure.connections.connection import Connection
from brainkit.structure.networks.plan import (_connection, _module_backward, _module_forward,
                                              flat)


def split(net):
    """(before, loop, after): the network's modules in sorted order."""
    graph = nx.DiGraph()
    graph.add_nodes_from(id(m) for m in net.modules)
    graph.add_edges_from((id(c.inmod), id(c.outmod)) for c in net._all_connections())
    seeds_after = {id(c.outmod) for c in net.recurrentConns}
    seeds_before = {id(c.inmod) for c in net.recurrentConns}
    for m in net.modules:
        if m.sequential:
            seeds_after.add(id(m))
            seeds_before.add(id(m))
    dependent = set(seeds_after).union(*(nx.descendants(graph, s) for s in seeds_after))
    feeding = set(seeds_before).union(*(nx.ancestors(graph, s) for s in seeds_before))
    before = [m for m in net.modulesSorted if id(m) not in dependent]
    loop = [m for m in net.modulesSorted if id(m) in dependent and id(m) in feeding]
    after = [m for m in net.modulesSorted if id(m) in dependent and id(m) not in feeding]
    return before, loop, after


def _module(m, T, backward):
    """A module's calls over all T steps at once."""
    if m.outputbuffer is m.inputbuffer:         # an identity sharing its buffers
        return []
    if not backward:
        return [(m._forward, (flat(m.inputbuffer, 0, T), flat(m.outputbuffer, 0, T)))]
    return [(m._backward, (flat(m.outputerror, 0, T), flat(m.inputerror, 0, T),
                           flat(m.outputbuffer, 0, T), flat(m.inputbuffer, 0, T)))]


class _Phases:
    """The modules of each phase and the connections each phase runs."""

    def __init__(self, net):
        self.before, self.loop, self.after = split(net)
        in_loop = {id(m) for m in self.loop}
        in_after = {id(m) for m in self.after}
        self.outgoing = {id(m): [(c, 0) for c in net.connections[m]] for m in net.modules}
        for c in net.recurrentConns:
            self.outgoing[id(c.inmod)].append((c, 1))
        loop_out = [(c, s) for m in self.loop for c, s in self.outgoing[id(m)]]
        self.stepped = [(c, s) for c, s in loop_out if id(c.outmod) in in_loop]
        self.into_after = [(c, s) for c, s in loop_out if id(c.outmod) in in_after]


def _whole(c, shift, T, backward, needs):
    """A connection over every step of a run (from step 1 on if recurrent)."""
    return _connection(c, shift, T, shift, backward, needs) if T > shift else []


def _assigns(c, shift):
    """Whether connection c can be the first to write its target's input:
    every step (not a recurrent one), the whole width, and a way to write."""
    return (shift == 0 and c.outSliceFrom == 0 and c.outSliceTo == c.outmod.indim
            and hasattr(c, "_forward_assign") and type(c).forward is Connection.forward)


def forward_run(net, T):
    """(before, [loop step 0, step 1, ...], after): the calls of a T-step
    forward run. The connections into a module run just before it ("pulled");
    the first of them that covers its whole input at every step writes the
    input instead of adding to it, and saves zeroing it (the others are zeroed
    first)."""
    ph, none = _Phases(net), (set(), set())
    stepped = {(id(c), s) for c, s in ph.stepped}
    incoming = {id(m): [] for m in net.modules}
    for m in net.modules:
        for c, s in ph.outgoing[id(m)]:
            if (id(c), s) not in stepped:
                incoming[id(c.outmod)].append((c, s))
    inputs = {id(m) for m in net.inmodules}
    written = set()

    def pull(m):
        conns = incoming[id(m)]
        # a product written straight into the input beats a bias column
        able = [cs for cs in conns if _assigns(*cs)]
        first = next((cs for cs in able if not getattr(cs[0], "_bias", False)),
                     able[0] if able else None)
        if first is None or id(m) in inputs or T == 0:
            return [call for c, s in conns for call in _whole(c, s, T, False, none)]
        written.add(id(m))
        c0 = first[0]
        calls = [(c0._forward_assign, args) for _, args in _whole(c0, 0, T, False, none)]
        return calls + [call for c, s in conns if c is not c0
                        for call in _whole(c, s, T, False, none)]

    before = []
    for m in ph.before:
        before += pull(m) + _module(m, T, False)
    for m in ph.loop:
        before += pull(m)
    after = []
    for m in ph.after:
        after += pull(m) + _module(m, T, False)
    loop = []
    for t in range(T):
        calls = [call for c, s in ph.stepped if s == 1 and t > 0
                 for call in _connection(c, t, t + 1, 1, False, none)]
        for m in ph.loop:
            calls += _module_forward(m, t)
            calls += [call for c, s in ph.outgoing[id(m)] if (id(c), s) in stepped and s == 0
                      for call in _connection(c, t, t + 1, 0, False, none)]
        loop.append(calls)
    fed = {id(c.outmod) for c in net._all_connections()}
    zero = [(flat(m.inputbuffer, 0, T).fill, (0,)) for m in net.modules
            if id(m) in fed and id(m) not in inputs and id(m) not in written and T]
    return zero + before, loop, after


def backward_run(net, T, needs):
    """(after, [loop step T-1, ..., step 0], before): the calls of the
    backward pass of a T-step run, in the order they run. ``needs`` (from
    plan.error_needs) leaves out what nobody reads."""
    ph = _Phases(net)

    def module(m):
        return _module(m, T, True) if id(m) in needs[0] else []

    after = []
    for m in reversed(ph.after):
        for c, s in ph.outgoing[id(m)]:
            after += _whole(c, s, T, True, needs)
        after += module(m)
    after += [call for c, s in ph.into_after for call in _whole(c, s, T, True, needs)]
    before = []
    for m in reversed(ph.before):
        for c, s in ph.outgoing[id(m)]:
            before += _whole(c, s, T, True, needs)
        before += module(m)
    # connections inside the loop pass their errors back step by step; those
    # that can, take their weight derivatives once afterwards, for all steps
    split_up = [(c, s) for c, s in ph.stepped if id(c) in needs[1] and c.paramdim
                and hasattr(c, "_backward_params") and type(c).backward is Connection.backward]
    later = []
    for c, s in split_up:
        if T > s:
            outerr, _, inbuf = _connection(c, s, T, s, True, needs)[0][1]
            later.append((c._backward_params, (outerr, inbuf)))
    before = later + before

    def stepped(c, s, t):
        if not any(c is x for x, _ in split_up):
            return _connection(c, t + s, t + s + 1, s, True, needs)
        _, (outerr, inerr, _) = _connection(c, t + s, t + s + 1, s, True, needs)[0]
        return [] if inerr is None else [(c._backward_inputs, (outerr, inerr))]

    # what loop modules can compute for all steps before stepping back (an LSTM)
    after += [(m._prepare_backward, (T,)) for m in ph.loop
              if id(m) in needs[0] and hasattr(m, "_prepare_backward")]
    loop = []
    for t in range(T):
        calls = [call for c, s in ph.stepped if s == 1 and t + 1 < T
                 for call in stepped(c, s, t)]
        for m in reversed(ph.loop):
            calls += [call for c, s in ph.outgoing[id(m)] if s == 0 and (c, s) in ph.stepped
                      for call in stepped(c, s, t)]
            if id(m) in needs[0]:
                calls += _module_backward(m, t)
        loop.append(calls)
    loop.reverse()                      # backpropagation through time: last step first
    return after, loop, before


def overwriting(net, calls):
    """The same backward calls, but leaving ``net.derivs`` holding this run's
    derivatives alone instead of adding to what was there: a connection whose
    weight derivatives come from one call for the whole run writes them
    (``_backward_params_fresh``), every other parameter block is zeroed first.
    Saves a pass over the parameters per batch, and the zeroing of them."""
    written = set()

    def rewrite(call, args):
        owner, name = getattr(call, "__self__", None), getattr(call, "__name__", "")
        if not hasattr(owner, "_backward_params_fresh"):
            return [(call, args)]
        if name == "_backward_params":
            written.add(id(owner))
            return [(owner._backward_params_fresh, args)]
        if name == "_backward":
            written.add(id(owner))
            outerr, inerr, inbuf = args
            return ([] if inerr is None else [(owner._backward_inputs, (outerr, inerr))]) + \
                [(owner._backward_params_fresh, (outerr, inbuf))]
        return [(call, args)]

    after, loop, before = calls
    after = [new for call in after for new in rewrite(*call)]
    before = [new for call in before for new in rewrite(*call)]
    zero = [(c.derivs.fill, (0,)) for c in net._containers if id(c) not in written]
    return zero + after, loop, before


def run(calls):
    """Carry out a (first, [steps], last) triple, the steps in the given order."""
    first, steps, last = calls
    for call, args in first:
        call(*args)
    for step in steps:
        for call, args in step:
            call(*args)
    for call, args in last:
        call(*args)

"""The execution plan of a sorted network.

``Program`` works out once, from the structure alone, what a run computes;
its ``forward``/``backward`` methods then bind that to the current buffers for
a *window* of time steps t0..t1-1: a list of calls ``(function, args)`` with
every buffer view made in advance, so that running it walks no graph.

Stepping through time one step at a time is only needed where a value depends
on an earlier step. A window therefore has three phases:

* *before the loop*: modules that depend on no recurrent connection (the
  input layer, a bias, feed-forward layers after them) are computed for all
  the window's steps at once, as one batch of (t1-t0)*B rows, and so are the
  connections into them ("pulled" just before the module runs);
* *the loop*: modules on a recurrent cycle (and sequential ones, such as an
  LSTM) step through t = t0..t1-1 (backwards: t1-1..t0), with the
  connections between them; a step's calls are bound once per step index
  and reused by every window, whatever its length;
* *after the loop*: modules that only read the loop's results (an output
  layer) run for all the window's steps at once again.

A feed-forward network is all "before the loop"; an LSTM network only loops
over the LSTM layer and its recurrent connection. A whole run is the window
0..T-1; ``activate`` on a recurrent network is the one-step window t..t. The
numbers are those of stepping through time (summed in another order).

Everything is called through the hooks of the module and connection
protocol (see brainkit.structure.protocol), never probed for.
"""

import networkx as nx

from brainkit.structure.networks.flatten import Flat


def flat(buf, start, stop, sl=slice(None)):
    """Rows start..stop-1 of a (T, B, width) buffer as a (n*B, width) view."""
    view = buf[start:stop, :, sl].view()
    view.shape = (view.shape[0] * view.shape[1], view.shape[2])   # raises rather than copy
    return view


def split(flat):
    """(before, loop, after): the nodes of a flattened network, in order."""
    graph = nx.DiGraph()
    graph.add_nodes_from(id(m) for m in flat.nodes)
    graph.add_edges_from((id(flat.source[id(c)]), id(flat.target[id(c)])) for c, _ in flat.conns)
    graph.add_edges_from((id(a), id(b)) for a, b in flat.aliases)
    seeds_after = {id(flat.target[id(c)]) for c, s in flat.conns if s}
    seeds_before = {id(flat.source[id(c)]) for c, s in flat.conns if s}
    for m in flat.nodes:
        if m.sequential:
            seeds_after.add(id(m))
            seeds_before.add(id(m))
    dependent = set(seeds_after).union(*(nx.descendants(graph, s) for s in seeds_after))
    feeding = set(seeds_before).union(*(nx.ancestors(graph, s) for s in seeds_before))
    before = [m for m in flat.nodes if id(m) not in dependent]
    loop = [m for m in flat.nodes if id(m) in dependent and id(m) in feeding]
    after = [m for m in flat.nodes if id(m) in dependent and id(m) not in feeding]
    return before, loop, after


def error_needs(flat, input_errors):
    """Which nodes' backward must run and which connections must pass an
    error on: (node ids, connection ids; alias edges count as connections
    without parameters). Without ``input_errors`` (training) nothing is
    computed that only leads to the network's input errors, e.g. the input
    layer's backward."""
    edges = [(id(c), id(flat.source[id(c)]), id(flat.target[id(c)]), c.paramdim)
             for c, _ in flat.conns]
    edges += [((id(a), id(b)), id(a), id(b), 0) for a, b in flat.aliases]
    incoming = {id(m): [] for m in flat.nodes}
    for key, _, dst, _ in edges:
        incoming[dst].append(key)
    inputs = {id(m) for m in flat.top_inputs} if input_errors else set()
    needed = set()
    while True:        # grows to a fixpoint; recurrent connections may form cycles
        active = {key for key, src, _, params in edges if params or src in needed}
        grown = {id(m) for m in flat.nodes
                 if m.paramdim or id(m) in inputs or any(k in active for k in incoming[id(m)])}
        if grown == needed:
            return needed, active
        needed = grown


def shares_buffers(m):
    """An identity module whose network gave it one buffer for both sides
    (or a nested network's port, see flatten.py): it makes no call."""
    return m.outputbuffer is m.inputbuffer


class Program:
    """What a run of ``net`` computes, from its structure alone (its nested
    networks opened up, see flatten.py)."""

    def __init__(self, net):
        flat = self.flat = Flat(net)
        self.before, self.loop, self.after = split(flat)
        in_loop = {id(m) for m in self.loop}
        in_after = {id(m) for m in self.after}
        self.source, self.target = flat.source, flat.target
        self.outgoing = {id(m): [] for m in flat.nodes}
        for c, s in flat.conns:
            self.outgoing[id(self.source[id(c)])].append((c, s))
        # connections between loop nodes step with the loop ...
        self.stepped = [(c, s) for m in self.loop for c, s in self.outgoing[id(m)]
                        if id(self.target[id(c)]) in in_loop]
        stepped = self._stepped_ids = {id(c) for c, _ in self.stepped}
        # ... every other one runs for the whole window, pulled by its target
        self.pulled = {id(m): [] for m in flat.nodes}
        for c, s in flat.conns:
            if id(c) not in stepped:
                self.pulled[id(self.target[id(c)])].append((c, s))
        self.into_after = [(c, s) for m in self.loop for c, s in self.outgoing[id(m)]
                           if id(self.target[id(c)]) in in_after]
        # the first pulled connection that covers a node's whole input at
        # every step writes it (no zeroing first); a product beats a bias column
        self.assigner = {}
        for m in flat.nodes:
            able = [c for c, s in self.pulled[id(m)]
                    if s == 0 and c.outSliceFrom == 0 and c.outSliceTo == m.indim]
            able.sort(key=lambda c: bool(getattr(c, "_bias", False)))
            if able and id(m) not in flat.inputs:
                self.assigner[id(m)] = able[0]
        # where a node's input errors are read: the connections into it
        self.incoming = {id(m): [c for c, _ in self.pulled[id(m)]] for m in flat.nodes}
        for c, _ in self.stepped:
            self.incoming[id(self.target[id(c)])].append(c)
        fed = {id(self.target[id(c)]) for c, _ in flat.conns}
        self.zeroed = [m for m in flat.nodes if id(m) in fed and id(m) not in flat.inputs
                       and id(m) not in self.assigner]
        # an output module that connections pass errors into takes the
        # network's output errors added, not written
        feeding = {id(self.source[id(c)]) for c, _ in flat.conns}
        self.outputs_accumulate = any(id(m) in feeding for m in flat.top_outputs)
        # parameter blocks a "fresh" run must zero: all but those of connections
        # that run once for the whole window and own their parameters
        owners = {id(c) for c in flat.containers}
        self.writers = {id(c) for c, _ in flat.conns if id(c) not in stepped and id(c) in owners}
        self.zero_when_fresh = [c for c in flat.containers if id(c) not in self.writers]
        self.needs = {True: error_needs(flat, True), False: error_needs(flat, False)}

    # forward ---------------------------------------------------------------------

    def forward(self, t0, t1):
        """The calls of a forward window, without the loop: (first, last)."""
        first = [(flat(m.inputbuffer, t0, t1).fill, (0,)) for m in self.zeroed]
        for m in self.before:
            first += self._pull(m, t0, t1) + self._whole_module(m, t0, t1, False)
        for m in self.loop:
            first += self._pull(m, t0, t1)
        last = []
        for m in self.after:
            last += self._pull(m, t0, t1) + self._whole_module(m, t0, t1, False)
        return first, last

    def forward_step(self, t):
        """Step t of the loop: the recurrent connections from t-1, then each
        loop module followed by its connections to other loop modules."""
        calls = [(c._forward, _rows(c, t, t + 1, 1)) for c, s in self.stepped if s and t]
        for m in self.loop:
            calls += self._step_module(m, t, False)
            calls += [(c._forward, _rows(c, t, t + 1, 0)) for c, s in self.outgoing[id(m)]
                      if not s and id(c) in self._stepped_ids]
        return calls

    def _pull(self, m, t0, t1):
        """The connections into m over the window, the assigning one first."""
        first = self.assigner.get(id(m))
        calls = [] if first is None else [(first._forward_assign, _rows(first, t0, t1, 0))]
        return calls + [(c._forward, _rows(c, max(t0, s), t1, s))
                        for c, s in self.pulled[id(m)] if c is not first and max(t0, s) < t1]

    def _error_rows(self, c, first, stop, shift, needs):
        """(outerr, inerr, inbuf) for a connection's backward over target steps
        first..stop-1; inerr is None when nobody reads it and the class allows."""
        outerr, inerr, inbuf = _error_rows(c, first, stop, shift)
        if id(self.source[id(c)]) not in needs[0] and c.skip_input_error:
            inerr = None
        return outerr, inerr, inbuf

    # backward --------------------------------------------------------------------

    def backward(self, t0, t1, end, mode):
        """The calls of a backward window over steps t0..t1-1 of a forward run
        of ``end`` steps, without the loop: (first, last). ``mode`` is one of
        brainkit.structure.modules.module.RUN_MODES."""
        needs, fresh = self.needs[mode == "inputs"], mode == "fresh"
        first = [(c.derivs.fill, (0,)) for c in self.zero_when_fresh] if fresh else []
        for m in reversed(self.after):
            for c, s in self.outgoing[id(m)]:
                first += self._whole_connection(c, s, t0, t1, needs, fresh)
            first += self._whole_module(m, t0, t1, True, self._reads_input_errors(m, needs))
        for c, s in self.into_after:
            first += self._whole_connection(c, s, t0, t1, needs, fresh)
        first += [(m._prepare_backward, (t0, t1)) for m in self.loop if id(m) in needs[0]]
        # connections inside the loop pass their errors back step by step and
        # take their parameter derivatives once afterwards, for all the steps
        last = []
        for c, s in self.stepped:
            stop = min(t1 + s, end)
            if id(c) in needs[1] and t0 + s < stop:
                outerr, _, inbuf = _error_rows(c, t0 + s, stop, s)
                last.append((c._backward_params, (outerr, inbuf)))
        for m in reversed(self.before):
            for c, s in self.outgoing[id(m)]:
                last += self._whole_connection(c, s, t0, t1, needs, fresh)
            last += self._whole_module(m, t0, t1, True, self._reads_input_errors(m, needs))
        return first, last

    def clear(self, end, input_errors):
        """What a backward pass over a forward run of ``end`` steps zeroes
        before it starts (and before the network's errors are written in):
        the output errors that its connections add into."""
        nodes, active = self.needs[input_errors]
        into = {}
        for c, _ in self.flat.conns:
            src = self.source[id(c)]
            if id(c) in active and (id(src) in nodes or not c.skip_input_error):
                into[id(src)] = src
        return [(flat(m.outputerror, 0, end).fill, (0,)) for m in into.values()]

    def backward_step(self, t, has_next, input_errors):
        """Step t of the loop, backwards: the recurrent connections' errors
        from step t+1 (if the run has it), then each loop module in reverse
        order after its connections to other loop modules."""
        needs = self.needs[input_errors]
        calls = [(c._backward_inputs, self._error_rows(c, t + 1, t + 2, 1, needs))
                 for c, s in self.stepped if s and has_next and id(c) in needs[1]]
        for m in reversed(self.loop):
            calls += [(c._backward_inputs, self._error_rows(c, t, t + 1, 0, needs))
                      for c, s in self.outgoing[id(m)]
                      if not s and id(c) in self._stepped_ids and id(c) in needs[1]]
            if id(m) in needs[0]:
                calls += self._step_module(m, t, True, self._reads_input_errors(m, needs))
        return calls

    def _reads_input_errors(self, m, needs):
        """None if node m's backward must not run; else whether anybody reads
        its input errors (an active connection into it, or the network's
        caller when m is an input and input errors are wanted)."""
        if id(m) not in needs[0]:
            return None
        inputs = needs is self.needs[True] and any(m is x for x in self.flat.top_inputs)
        return inputs or any(id(c) in needs[1] for c in self.incoming[id(m)])

    def _whole_connection(self, c, s, t0, t1, needs, fresh):
        if id(c) not in needs[1]:
            return []
        if max(t0, s) >= t1:    # a recurrent connection in a one-step run: no rows
            return [(c.derivs.fill, (0,))] if fresh and id(c) in self.writers else []
        args = self._error_rows(c, max(t0, s), t1, s, needs)
        return [(c._backward_fresh if fresh and id(c) in self.writers else c._backward, args)]

    # modules ---------------------------------------------------------------------

    @staticmethod
    def _whole_module(m, t0, t1, backward, read=True):
        """A module's math over the window's steps at once; backward only if
        ``read`` is not None, without input errors if it is False (and the
        class allows)."""
        if shares_buffers(m) or (backward and read is None):
            return []
        if not backward:
            return [(m._forward, (flat(m.inputbuffer, t0, t1), flat(m.outputbuffer, t0, t1)))]
        inerr = None if not read and m.skip_input_error else flat(m.inputerror, t0, t1)
        return [(m._backward, (flat(m.outputerror, t0, t1), inerr,
                               flat(m.outputbuffer, t0, t1), flat(m.inputbuffer, t0, t1)))]

    @staticmethod
    def _step_module(m, t, backward, read=True):
        """A module's calls at step t: a sequential module through its step
        hook (which sets its offset), any other straight to its math."""
        if shares_buffers(m):
            return []
        if m.sequential:
            return [(m.backward if backward else m.forward, (t,))]
        if not backward:
            return [(m._forward, (m.inputbuffer[t], m.outputbuffer[t]))]
        inerr = None if not read and m.skip_input_error else m.inputerror[t]
        return [(m._backward, (m.outputerror[t], inerr, m.outputbuffer[t], m.inputbuffer[t]))]


def _rows(c, first, stop, shift):
    """A connection's (source, target) views over target steps first..stop-1,
    the source ``shift`` steps earlier."""
    ins, outs = slice(c.inSliceFrom, c.inSliceTo), slice(c.outSliceFrom, c.outSliceTo)
    if stop - first == 1:
        return (c.inmod.outputbuffer[first - shift, :, ins],
                c.outmod.inputbuffer[first, :, outs])
    return (flat(c.inmod.outputbuffer, first - shift, stop - shift, ins),
            flat(c.outmod.inputbuffer, first, stop, outs))


def _error_rows(c, first, stop, shift):
    """(outerr, inerr, inbuf) for a connection's backward over target steps
    first..stop-1."""
    ins, outs = slice(c.inSliceFrom, c.inSliceTo), slice(c.outSliceFrom, c.outSliceTo)
    src = (first - shift, stop - shift)
    if stop - first == 1:
        outerr = c.outmod.inputerror[first, :, outs]
        inerr = c.inmod.outputerror[src[0], :, ins]
        inbuf = c.inmod.outputbuffer[src[0], :, ins]
    else:
        outerr = flat(c.outmod.inputerror, first, stop, outs)
        inerr = flat(c.inmod.outputerror, *src, ins)
        inbuf = flat(c.inmod.outputbuffer, *src, ins)
    return outerr, inerr, inbuf

"""A network's execution plan in words: every call a run makes, in order.

>>> from brainkit import buildNetwork
>>> print(explain_plan(buildNetwork(2, 3, 1), T=1, mode=None))
forward run of 1 step(s), 1 sample(s) each
  before the loop, all steps at once:
    BiasUnit 'bias' computes its outputs, 1 rows
    FullConnection 'in'->'hidden0' writes the inputs of 'hidden0', 1 rows
    FullConnection 'bias'->'hidden0' adds into the inputs of 'hidden0', 1 rows
    SigmoidLayer 'hidden0' computes its outputs, 1 rows
    FullConnection 'hidden0'->'out' writes the inputs of 'out', 1 rows
    FullConnection 'bias'->'out' adds into the inputs of 'out', 1 rows
    LinearLayer 'out' computes its outputs, 1 rows

(The input layer, an identity sharing its buffers, makes no call.)
"""

import numpy as np

from brainkit.structure.connections.connection import Connection
from brainkit.structure.modules.module import check_mode

_VERBS = {"_forward": "adds into", "_forward_assign": "writes",
          "_backward": "passes errors back and adds to its derivatives",
          "module _forward": "computes its outputs",
          "module _backward": "computes its input errors",
          "_backward_fresh": "passes errors back and writes its derivatives",
          "_backward_inputs": "passes errors back (this step)",
          "_backward_params": "adds to its derivatives (all steps at once)",
          "_prepare_backward": "prepares stepping back", "forward": "steps forward",
          "backward": "steps back"}


def explain_plan(net, T=2, B=1, mode="accumulate"):
    """The calls of a forward run of T steps of B samples (and, unless
    ``mode`` is None, of the backward run in that mode), one line each.
    Allocates the buffers a run of that size needs; runs nothing."""
    net._require_sorted("explain_plan")
    engine, program = net._engine, net._engine.program
    engine.prepare(T, B)
    lines = [f"forward run of {T} step(s), {B} sample(s) each"]
    first, last = program.forward(0, T)
    steps = [program.forward_step(t) for t in range(T)] if program.loop else []
    lines += _section(net, "before the loop, all steps at once", first)
    lines += [line for t, step in enumerate(steps)
              for line in _section(net, f"loop, step {t}", step)]
    lines += _section(net, "after the loop, all steps at once", last)
    if mode is not None:
        check_mode(mode)
        engine.ensure_errors()
        inputs = mode == "inputs"
        how = "added to" if program.outputs_accumulate else "written into"
        lines.append(f"backward run, mode {mode!r} (the errors {how} the network's "
                     "output errors first)")
        first, last = program.backward(0, T, T, mode)
        steps = [program.backward_step(t, t + 1 < T, inputs)
                 for t in reversed(range(T))] if program.loop else []
        lines += _section(net, "first", program.clear(T, inputs))
        lines += _section(net, "after the loop, all steps at once", first)
        lines += [line for t, step in zip(reversed(range(T)), steps)
                  for line in _section(net, f"loop, step {t}", step)]
        lines += _section(net, "before the loop, all steps at once", last)
    return "\n".join(lines)


def _section(net, title, calls):
    return [f"  {title}:"] + [f"    {_describe(net, call, args)}" for call, args in calls] \
        if calls else []


def _describe(net, call, args):
    owner, name = call.__self__, call.__name__
    if isinstance(owner, np.ndarray):
        return f"zero {_buffer_name(net, owner)}"
    verb = _VERBS.get(name, name)
    rows = next((a.shape[0] for a in args if isinstance(a, np.ndarray)), None)
    if isinstance(owner, Connection):
        label = f"{type(owner).__name__} {owner.inmod.name!r}->{owner.outmod.name!r}"
        if name in ("_forward", "_forward_assign"):
            return f"{label} {verb} the inputs of {owner.outmod.name!r}, {rows} rows"
        return f"{label} {verb}, {rows} rows"
    label = f"{type(owner).__name__} {owner.name!r}"
    if name in ("forward", "backward"):
        return f"{label} {verb} at step {args[0]}"
    if name == "_prepare_backward":
        return f"{label} {verb} over steps {args[0]}..{args[1] - 1}"
    return f"{label} {_VERBS['module ' + name]}, {rows} rows"


def _buffer_name(net, view):
    for owner in (*net.modules, net):
        for name, _ in owner._buffer_specs():
            buf = getattr(owner, name)
            if buf is not None and np.shares_memory(buf, view):
                return f"the {name} of {owner.name!r}, {view.shape[0]} rows"
    for c in net._containers:
        if np.shares_memory(c.derivs, view):
            return f"the derivatives of {c.name!r}"
    return "a buffer"

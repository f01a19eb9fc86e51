"""A network's buffers: one block of memory, shared where values are equal.

Every module's buffers are (T, B, width) pieces of one contiguous block (a
second block holds the error buffers, made only once something backpropagates,
so a network that only predicts never pays for them). Buffers that would hold
the same numbers share memory instead of being copied:

* an input module's input (and input error) is its slice of the network's;
* an output module's output (and output error) is its slice of the network's;
* a nested network's buffers are pieces of the block too, and its input and
  output modules alias slices of them in the same way;
* an identity module (``LinearLayer``) that is not an output has its output
  buffer *be* its input buffer, and the execution plan skips its calls
  (``identity`` counts only where the class has the math it stands for; see
  brainkit.structure.protocol).
"""

import numpy as np

from brainkit.structure.networks.flatten import is_network


def is_error_buffer(name):
    return name.lower().endswith("error")


def slices(mods, width):
    """Where a network's input or output vector goes: (module, start, stop)
    for each of ``mods``, ``width`` being "indim" or "outdim"."""
    out, pos = [], 0
    for m in mods:
        out.append((m, pos, pos + getattr(m, width)))
        pos += getattr(m, width)
    return out


def tree(net, parent=None):
    """``(owner, parent)`` for ``net`` and every module below it, nested
    networks opened up, each parent before its modules."""
    yield net, parent
    for m in net.modules:
        if is_network(m):
            yield from tree(m, net)
        else:
            yield m, net


def _shared(parent, m, name, slots):
    """What buffer ``name`` of module ``m`` shares: ('net', start, stop) for a
    slice of its network's buffer of that name, ('self', other) for another
    buffer of the module, or None for memory of its own."""
    if parent is None:
        return None
    inslot, outslot = slots[id(parent)]["in"].get(id(m)), slots[id(parent)]["out"].get(id(m))
    if name in ("inputbuffer", "inputerror") and inslot:
        return ("net", *inslot)
    if name in ("outputbuffer", "outputerror"):
        if outslot:
            return ("net", *outslot)
        if m.identity:
            return ("self", "inputbuffer" if name == "outputbuffer" else "inputerror")
    return None


def _alias(parent, m, name, how):
    if how[0] == "net":
        return vars(parent)[name][:, :, how[1]:how[2]]
    return vars(m)[how[1]]


def allocate(net, T, B, errors, keep=False):
    """Give ``net`` and every module below it buffers for T steps of B
    samples (error buffers only if ``errors``); ``keep`` copies the old
    contents over. Returns the blocks, which ``reset`` zeroes."""
    owners = list(tree(net))
    # (vars: a network makes its error buffers when they are read; not here)
    old = {(id(o), n): vars(o).get(n) for o, _ in owners for n, _ in o._buffer_specs()} \
        if keep else {}
    slots = {id(o): {"in": {id(m): (a, b) for m, a, b in getattr(o, "_inslices", ())},
                     "out": {id(m): (a, b) for m, a, b in getattr(o, "_outslices", ())}}
             for o, _ in owners if is_network(o)}
    blocks = []
    for kind in (False, True):
        specs = [(o, p, n, w) for o, p in owners for n, w in o._buffer_specs()
                 if is_error_buffer(n) == kind]
        if kind and not errors:
            for owner, _, name, _ in specs:
                setattr(owner, name, None)
            continue
        own = [(o, n, w) for o, p, n, w in specs if _shared(p, o, n, slots) is None]
        owned = {(id(o), n) for o, n, _ in own}
        block = np.zeros(T * B * sum(w for _, _, w in own), dtype=net.dtype)
        pos = 0
        for owner, name, width in own:
            setattr(owner, name, block[pos:pos + T * B * width].reshape(T, B, width))
            pos += T * B * width
        for owner, parent, name, _ in specs:     # parents first; inputs before outputs
            if (id(owner), name) not in owned:
                setattr(owner, name, _alias(parent, owner, name,
                                            _shared(parent, owner, name, slots)))
        blocks.append(block)
    for owner, _ in owners:
        owner._shape = (T, B)
        for name, _ in owner._buffer_specs():
            before, now = old.get((id(owner), name)), vars(owner).get(name)
            if before is not None and now is not None and before.shape[1] == B:
                now[:min(T, before.shape[0])] = before[:T]
    return blocks

"""A network's buffers: one block of memory, shared where values are equal.

Every module's buffers are (T, B, width) pieces of one contiguous block (a
second block holds the error buffers, made only once something backpropagates,
so a network that only predicts never pays for them). Buffers that would hold
the same numbers share memory instead of being copied:

* an input module's input (and input error) is its slice of the network's;
* an output module's output (and output error) is its slice of the network's;
* an identity module (``LinearLayer``) that is not an output has its output
  buffer *be* its input buffer, and the execution plan skips its calls
  (``identity`` counts only where the class has the math it stands for; see
  brainkit.structure.protocol).
"""

import numpy as np


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


def _shared(net, m, name, slots):
    """What buffer ``name`` of module ``m`` shares: ('net', start, stop) for a
    slice of the network's buffer of that name, ('self', other) for another
    buffer of the module, or None for memory of its own."""
    if m is net:
        return None
    inslot, outslot = slots["in"].get(id(m)), slots["out"].get(id(m))
    if name in ("inputbuffer", "inputerror") and inslot:
        return ("net", *inslot)
    if name in ("outputbuffer", "outputerror"):
        if outslot:
            return ("net", *outslot)
        if m.identity:
            return ("self", "inputbuffer" if name == "outputbuffer" else "inputerror")
    return None


def _alias(net, m, name, how):
    if how[0] == "net":
        return getattr(net, name)[:, :, how[1]:how[2]]
    return getattr(m, how[1])


def allocate(net, T, B, errors, keep=False):
    """Give ``net`` and its modules buffers for T steps of B samples (error
    buffers only if ``errors``); ``keep`` copies the old contents over.
    Returns the blocks, which ``reset`` zeroes."""
    owners = [net, *net.modules]
    old = {(id(o), n): getattr(o, n, None) for o in owners for n, _ in o._buffer_specs()} \
        if keep else {}
    slots = {"in": {id(m): (a, b) for m, a, b in getattr(net, "_inslices", None) or ()},
             "out": {id(m): (a, b) for m, a, b in getattr(net, "_outslices", None) or ()}}
    blocks = []
    for kind in (False, True):
        specs = [(o, n, w) for o in owners for n, w in o._buffer_specs()
                 if is_error_buffer(n) == kind]
        if kind and not errors:
            for owner, name, _ in specs:
                setattr(owner, name, None)
            continue
        own = [(o, n, w) for o, n, w in specs if _shared(net, o, n, slots) is None]
        owned = {(id(o), n) for o, n, _ in own}
        block = np.zeros(T * B * sum(w for _, _, w in own), dtype=net.dtype)
        pos = 0
        for owner, name, width in own:
            setattr(owner, name, block[pos:pos + T * B * width].reshape(T, B, width))
            pos += T * B * width
        for owner, name, _ in specs:     # in spec order: inputs before outputs
            if (id(owner), name) not in owned:
                setattr(owner, name, _alias(net, owner, name, _shared(net, owner, name, slots)))
        blocks.append(block)
    for owner in owners:
        owner._shape = (T, B)
        for name, _ in owner._buffer_specs():
            before, now = old.get((id(owner), name)), getattr(owner, name)
            if before is not None and now is not None and before.shape[1] == B:
                now[:min(T, before.shape[0])] = before[:T]
    return blocks

"""The hook protocol: what a module or connection class declares, and which of
its optional fast variants count.

A class states its math in two hooks, ``_forward`` and ``_backward`` (or under
PyBrain's names, ``_forwardImplementation`` and ``_backwardImplementation``,
at any depth: each name is made an alias of the other in the class that
defines one of them). A base class may also offer *fast variants*: methods or
flags that replace part of that math with something cheaper (a connection's
``_forward_assign`` writes its product instead of adding it; a
``LinearLayer``'s ``identity`` lets a network skip it). Each base class lists
its variants in ``FAST_VARIANTS`` with the math hooks each one replaces, and
defines a default for each that is derived from the math.

A fast variant counts only where the class that defines it also has the math
it replaces: if a subclass overrides ``_forward`` or ``_backward`` below the
class that defined a variant, the subclass gets the base's default back. So
the engine can call every hook unconditionally, and a subclass that overrides
only its math always computes its own numbers, in every path.

One rule follows for a class that offers fast variants: its math must not call
them through ``self`` (a subclass may have the defaults back, which call the
math), but share private helpers with them instead (see FullConnection).
"""

PYBRAIN_NAMES = (("_forward", "_forwardImplementation"),
                 ("_backward", "_backwardImplementation"))


def definer(cls, name):
    """The class in ``cls``'s method resolution order that defines ``name``."""
    return next((k for k in cls.__mro__ if name in k.__dict__), None)


def resolve_hooks(cls, base):
    """Called for every subclass of ``base`` (Module or Connection) as it is
    created: alias PyBrain's hook names, then put back the default of every
    fast variant whose definer does not also have the math it replaces."""
    own = cls.__dict__
    for ours, theirs in PYBRAIN_NAMES:
        if theirs in own and ours not in own:
            setattr(cls, ours, own[theirs])
        elif ours in own and theirs not in own:
            setattr(cls, theirs, own[ours])
    for variant, replaces in base.FAST_VARIANTS.items():
        where = definer(cls, variant)
        if where is base:
            continue
        if not all(issubclass(where, definer(cls, math)) for math in replaces):
            setattr(cls, variant, base.__dict__[variant])


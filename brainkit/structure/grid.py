"""Coordinates on grids: PyBrain's helpers for meshes and swiping networks
(re-exported by brainkit.utilities, where PyBrain had them).

>>> list(iterCombinations((2, 2)))
[(0, 0), (0, 1), (1, 0), (1, 1)]
>>> tupleRemoveItem((3, 4, 5), 1), decrementAny((0, 2))
((3, 5), [(0, 1)])
>>> reachable(decrementAny, [(2, 2)], [(1, 2), (0, 0)])
{(1, 2): 1, (0, 0): 4}
"""

import itertools


def iterCombinations(tup):
    """Every integer tuple t with 0 <= t[i] < tup[i], last position fastest."""
    return itertools.product(*(range(n) for n in tup))


def tupleRemoveItem(tup, index):
    """``tup`` without its item at ``index``."""
    return tuple(tup[:index]) + tuple(tup[index + 1:])


def decrementAny(tup):
    """The tuples one step below ``tup``: one entry lowered by 1, never below 0."""
    return [tup[:i] + (x - 1,) + tup[i + 1:] for i, x in enumerate(tup) if x > 0]


def reachable(stepFunction, start, destinations):
    """The ``destinations`` reached from the ``start`` states by repeated
    ``stepFunction`` steps (a breadth-first search that does not pass through
    a destination), as a dict destination -> number of steps."""
    targets, found = set(destinations), {}
    seen, frontier, steps = set(start), list(start), 0
    while frontier:
        following = []
        for state in frontier:
            if state in targets:
                found[state] = steps
            else:
                for nxt in stepFunction(state):
                    if nxt not in seen:
                        seen.add(nxt)
                        following.append(nxt)
        frontier, steps = following, steps + 1
    return found

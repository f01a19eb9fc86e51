"""Network: modules joined by connections, sorted, packed and compiled.

``sortModules()`` does all the work once: it checks the graph (kept as a
``networkx.MultiDiGraph`` in ``net.graph``), orders the modules exactly as
PyBrain does, packs every parameter into one flat vector ``net.params`` (each
component keeps views into it) and compiles an execution plan, the flat list
of calls one forward step makes, so that a step walks no graph.
"""

import copy as _copy
import itertools
import warnings

import networkx as nx
import numpy as np

from brainkit.structure.connections.connection import Connection
from brainkit.structure.modules.module import Module, as_batch, check_mode
from brainkit.structure.networks.buffers import accumulators, allocate
from brainkit.structure.networks.plan import (backward_calls, error_needs, forward_calls,
                                              recurrent_backward_calls)
from brainkit.structure.networks.runplan import backward_run, forward_run, overwriting, run
from brainkit.structure.networks.sorting import (NetworkConstructionException, build_graph,
                                                 check_structure, natural_key,
                                                 topological_order)
from brainkit.structure.networks.summary import summary_table


class Network(Module):
    """A graph of named modules joined by connections.

    Build it with ``addInputModule``, ``addModule``, ``addOutputModule`` and
    ``addConnection``, then call ``sortModules()`` before using it. The
    network's input is split over the input modules in the order they were
    added; its output is the concatenation of the output modules' outputs.
    """

    def __init__(self, name=None, dtype=np.float64):
        self.modules = []           # every module, in the order added
        self.connections = {}       # module -> its outgoing forward connections
        self.recurrentConns = []
        self.inmodules = []
        self.outmodules = []
        self.modulesSorted = []
        self.sorted = False
        self.graph = nx.MultiDiGraph()
        self._with_errors = False   # error buffers come with the first backward pass
        Module.__init__(self, 0, 0, name=name)
        if self.name is None:
            self.name = type(self).__name__    # deterministic, unlike PyBrain's counter
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64; got {self.dtype}")

    def _constructor_args(self):
        return {"name": self.name}

    # construction ------------------------------------------------------------

    def _fresh_name(self, obj, taken):
        base = type(obj).__name__
        for k in itertools.count(1):
            if f"{base}-{k}" not in taken:
                return f"{base}-{k}"

    def addModule(self, m):
        """Add a module (a no-op if this very module is already in)."""
        if not isinstance(m, Module):
            raise TypeError(f"addModule expects a module; got {m!r}")
        if isinstance(m, Network):
            raise NetworkConstructionException(
                f"cannot add network {m.name!r} as a module: nested networks are not supported")
        if any(m is other for other in self.modules):
            return
        names = {other.name for other in self.modules}
        if m.name is None:
            m.name = self._fresh_name(m, names)
        elif m.name in names:
            raise NetworkConstructionException(
                f"network {self.name!r} already has a module named {m.name!r}; "
                "module names must be unique")
        if m.sequential and not self.sequential:
            warnings.warn(f"{m!r} carries state through time, but {type(self).__name__} "
                          "resets every step; use a RecurrentNetwork", stacklevel=2)
        self.modules.append(m)
        self.connections[m] = []
        self.sorted = False

    def addInputModule(self, m):
        """Add a module and mark it as an input; the network's input vector is
        split over input modules in the order of these calls."""
        self.addModule(m)
        if not any(m is other for other in self.inmodules):
            self.inmodules.append(m)

    def addOutputModule(self, m):
        """Add a module and mark it as an output; outputs are concatenated in
        the order of these calls."""
        self.addModule(m)
        if not any(m is other for other in self.outmodules):
            self.outmodules.append(m)

    def _check_connection(self, c):
        if not isinstance(c, Connection):
            raise TypeError(f"expected a connection; got {c!r}")
        for role in ("inmod", "outmod"):
            mod = getattr(c, role)
            if not any(mod is m for m in self.modules):
                raise NetworkConstructionException(
                    f"{type(c).__name__} {c.inmod.name!r}->{c.outmod.name!r}: module "
                    f"{mod.name!r} is not in network {self.name!r}; add it first")
        if any(c is x for x in self._all_connections()):
            # PyBrain added it twice: its output counted twice, one weight block orphaned
            raise NetworkConstructionException(
                f"{c!r} is already in network {self.name!r}; add each connection once")
        if c.name is None:
            c.name = self._fresh_name(c, {x.name for x in self._all_connections()})

    def addConnection(self, c):
        """Add a forward connection: at every time step ``c.inmod`` feeds ``c.outmod``."""
        self._check_connection(c)
        self.connections[c.inmod].append(c)
        self.sorted = False

    def _all_connections(self):
        return [c for m in self.modules for c in self.connections[m]] + self.recurrentConns

    # lookup and text -----------------------------------------------------------

    def __getitem__(self, name):
        for m in self.modules:
            if m.name == name:
                return m
        raise KeyError(f"network {self.name!r} has no module {name!r}; "
                       f"it has {sorted(m.name for m in self.modules)}")

    def __str__(self):
        by_name = sorted((c for m in self.modules for c in self.connections[m]),
                         key=lambda c: natural_key(c.name))
        return (f"{self.name}\n   Modules:\n    {self.modulesSorted}\n"
                f"   Connections:\n    {by_name}\n")

    def summary(self):
        """A table of the modules (in sorted order), the connections with their
        weight shapes, and the parameter count, as text."""
        self._require_sorted("summary")
        return summary_table(self)

    # sorting -------------------------------------------------------------------

    def sortModules(self):
        """Check the structure, order the modules, pack the parameters into one
        flat vector and compile the execution plan. Call it after building the
        network and after every structural change. A failure changes nothing."""
        graph = build_graph(self)
        check_structure(self, graph)
        order = topological_order(self)
        containers = []
        for m in order:
            containers.append(m)
            containers.extend(sorted(self.connections[m], key=lambda c: natural_key(c.name)))
        containers.extend(sorted(self.recurrentConns, key=lambda c: natural_key(c.name)))
        containers = [c for c in containers if c.paramdim]
        total = sum(c.paramdim for c in containers)
        # PyBrain draws (and throws away) a random vector whenever it packs the
        # parameters; drawing it too keeps seeded scripts on PyBrain's numbers.
        np.random.randn(total)
        params = np.empty(total, dtype=self.dtype)
        derivs = np.zeros(total, dtype=self.dtype)
        pos = 0
        for c in containers:
            params[pos:pos + c.paramdim] = c.params
            pos += c.paramdim

        # nothing has been changed so far; from here on nothing can fail
        self.graph = graph
        self.modulesSorted = order
        for m in self.modules:
            self.connections[m].sort(key=lambda c: natural_key(c.name))
        self.recurrentConns.sort(key=lambda c: natural_key(c.name))
        self._containers = containers
        self.paramdim = total
        self._bind(params, derivs)
        self.indim = sum(m.indim for m in self.inmodules)
        self.outdim = sum(m.outdim for m in self.outmodules)
        for m in self.modules:
            if m.dtype != self.dtype:
                m.dtype = self.dtype
        self._compile()
        self._allocate(1, 1)
        self.sorted = True

    def _bind(self, params, derivs):
        Module._bind(self, params, derivs)
        pos = 0
        for c in getattr(self, "_containers", ()):
            c._bind(params[pos:pos + c.paramdim], derivs[pos:pos + c.paramdim])
            pos += c.paramdim

    def _compile(self):
        """Where the network's input and output vectors go: (module, start, stop)."""
        def slices(mods, width):
            out, pos = [], 0
            for m in mods:
                out.append((m, pos, pos + getattr(m, width)))
                pos += getattr(m, width)
            return out

        self._inslices = slices(self.inmodules, "indim")
        self._outslices = slices(self.outmodules, "outdim")

    # buffers -------------------------------------------------------------------

    def _allocate(self, T, B, keep=False):
        """Buffers for T steps of B samples (see buffers.py); the plans that
        bind views of them are made when first needed."""
        self._blocks = allocate(self, T, B, self._with_errors, keep)
        self._runs = {}
        self._steps = None
        self._stash = {}
        if getattr(self, "_inslices", None) is not None:
            self._clear = accumulators(self)

    def _prepare(self, T, B):
        """Room for T steps of B samples. The buffers of the last few batch
        sizes are kept (unless large), so a short last batch costs no
        reallocation."""
        if self._shape[1] == B and self._shape[0] >= T:
            return
        stash, kept = self._stash, self._stash.get(B)
        if sum(block.nbytes for block in self._blocks) <= self.STASH_BYTES:
            stash[self._shape[1]] = self._buffer_state()
        if kept is not None and kept["_shape"][0] >= T:
            self._restore(kept)
        else:
            self._allocate(max(T, self._shape[0] if self._shape[1] == B else 1), B)
        self._stash = stash if len(stash) <= 4 else {}
        self._stash.pop(B, None)

    STASH_BYTES = 1 << 25       # 32 MiB: a big prediction batch's buffers are let go

    def _buffer_state(self):
        owners = [self, *self.modules]
        return {"_shape": self._shape, "blocks": self._blocks, "runs": self._runs,
                "steps": self._steps, "clear": getattr(self, "_clear", None),
                "buffers": [(o, {n: getattr(o, n) for n, _ in o._buffer_specs()})
                            for o in owners]}

    def _restore(self, state):
        for owner, buffers in state["buffers"]:
            for name, buf in buffers.items():
                setattr(owner, name, buf)
            owner._shape = state["_shape"]
        self._blocks, self._runs, self._steps = state["blocks"], state["runs"], state["steps"]
        self._clear = state["clear"]

    def _step_calls(self):
        """The per-step plan (for activate/backActivate), made on first use:
        forward calls, backward calls and the recurrent part of each step back."""
        if self._steps is None:
            T = self._shape[0]
            calls = [forward_calls(self, t) for t in range(T)]
            if self._with_errors:
                full = error_needs(self)
                # step t's recurrent part reads step t+1, so the last step has none
                self._steps = (calls, [backward_calls(self, t, full) for t in range(T)],
                               [recurrent_backward_calls(self, t, full)
                                for t in range(T - 1)] + [[]])
            else:
                self._steps = (calls, None, None)
        return self._steps

    def _ensure_errors(self):
        """Error buffers are made the first time something backpropagates."""
        if not self._with_errors:
            if getattr(self, "_borrowed", None) is not None:     # see _forward_borrowing
                self.inputbuffer[:self._borrowed.shape[0]] = self._borrowed
                self._borrowed = None
            self._with_errors = True
            self._allocate(*self._shape, keep=True)

    def _grow(self, T):
        self._allocate(max(T, 2 * self._shape[0]), self._shape[1], keep=True)

    def reset(self):
        """Zero every buffer of the network and its modules; back to step 0.
        Parameters and derivatives are untouched."""
        for block in self._blocks:
            block.fill(0)
        self.offset = 0
        for m in self.modules:
            m.offset = 0

    def _require_sorted(self, what):
        if not self.sorted:
            raise NetworkConstructionException(
                f"{what} on network {self.name!r} before sortModules(); call "
                "net.sortModules() after adding modules and connections")

    def forward(self, t):
        for call, args in self._step_calls()[0][t]:
            call(*args)

    def backward(self, t):
        # stepping back with backActivate: rows past the last step hold zeros
        _, backward, recurrent = self._step_calls()
        for call, args in recurrent[t]:
            call(*args)
        for call, args in backward[t]:
            call(*args)

    def _run(self, kind, T):
        """The calls of a T-step run (see runplan.py), cached per length."""
        key = (kind, T)
        calls = self._runs.get(key)
        if calls is None:
            if len(self._runs) >= 64:        # many different sequence lengths
                self._runs.clear()
            if kind == "forward":
                calls = forward_run(self, T)
            else:
                calls = backward_run(self, T, error_needs(self, input_errors=kind == "full"))
                if kind == "fresh":
                    calls = overwriting(self, calls)
            self._runs[key] = calls
        return calls

    def run_forward(self, X):
        """See Module.run_forward: a whole (T, B, indim) run from a reset state."""
        T, B = X.shape[:2]
        self._prepare(T, B)
        for buf in self._clear:      # only what is added into or read across steps
            buf.fill(0)
        self._borrowed = None
        if self._can_borrow(X):
            self._forward_borrowing(X)
        else:
            self.inputbuffer[:T] = X
            run(self._run("forward", T))
        self.offset = T if self.sequential else 0
        return self.outputbuffer[:T]

    # Predicting on a large batch, a network reads the inputs where they are
    # instead of copying them into its input buffer first.
    BORROW_SIZE = 1 << 16      # numbers; below this the copy costs next to nothing

    def _can_borrow(self, X):
        if X.size < self.BORROW_SIZE or self.sequential or self._with_errors:
            return False
        fed = {id(c.outmod) for c in self._all_connections()}
        return (X.dtype == self.dtype and X.flags.c_contiguous
                and not any(id(m) in fed for m in self.inmodules))

    def _forward_borrowing(self, X):
        """One forward run with the input modules' buffers pointing into X (an
        unshared plan for it; the buffers are put back afterwards). Should
        errors be needed later, ``_ensure_errors`` copies X in after all."""
        swapped = [(self, "inputbuffer", self.inputbuffer)]
        for m, _, _ in self._inslices:
            swapped.append((m, "inputbuffer", m.inputbuffer))
            if m.outputbuffer is m.inputbuffer:          # an identity input layer
                swapped.append((m, "outputbuffer", m.outputbuffer))
        try:
            self.inputbuffer = X
            for m, a, b in self._inslices:
                view = X[:, :, a:b]
                if m.outputbuffer is m.inputbuffer:
                    m.outputbuffer = view
                m.inputbuffer = view
            run(forward_run(self, X.shape[0]))
        finally:
            for owner, name, buf in swapped:
                setattr(owner, name, buf)
        self._borrowed = X

    def run_backward(self, E, mode="inputs"):
        """See Module.run_backward: backpropagate (T, B, outdim) errors through
        the last ``run_forward``; ``mode`` is "inputs", "accumulate" or "fresh"."""
        check_mode(mode)
        input_errors = mode == "inputs"
        self._ensure_errors()
        T = E.shape[0]
        self.outputerror[:T] = E
        kind = "full" if input_errors else "fresh" if mode == "fresh" else "training"
        run(self._run(kind, T))
        self.offset = 0
        return self.inputerror[:T] if input_errors else None

    def activateOnDataset(self, dataset):
        """Outputs for every sample of ``dataset`` in one batched pass, shape
        (N, outdim). Each sequence of a sequential dataset (each sample of any
        other) starts from a reset state; the network is reset afterwards."""
        self._require_sorted("activateOnDataset")
        from brainkit.datasets.batching import dataset_outputs
        if dataset.indim != self.indim:
            raise ValueError(f"the dataset has {dataset.indim} inputs per sample; network "
                             f"{self.name!r} has {self.indim} inputs")
        as_batch(dataset["input"], self.indim, f"{self!r}.activateOnDataset", self.dtype)
        return dataset_outputs(self, dataset)[0]

    def activateSequences(self, sequences):
        """Outputs for several whole input sequences at once: a list of arrays
        (L_i, indim) -> a list of arrays (L_i, outdim), each sequence run from a
        reset state, side by side in one batch (padded at the end)."""
        self._require_sorted("activateSequences")
        seqs = [as_batch(s, self.indim, f"{self!r}.activateSequences", self.dtype)[0] for s in sequences]
        if not seqs or min(len(s) for s in seqs) == 0:
            raise ValueError("activateSequences needs at least one sequence and no empty one")
        lengths = [len(s) for s in seqs]
        X = np.zeros((max(lengths), len(seqs), self.indim))
        for b, s in enumerate(seqs):
            X[:len(s), b] = s
        out = self.run_forward(X)
        result = [out[:n, b].copy() for b, n in enumerate(lengths)]
        self.reset()
        return result

    def activate(self, inpt):
        self._require_sorted("activate")
        return Module.activate(self, inpt)

    def backActivate(self, outerr):
        self._require_sorted("backActivate")
        self._ensure_errors()
        return Module.backActivate(self, outerr)

    # parameters and copies ---------------------------------------------------------

    def _setParameters(self, p):
        self._require_sorted("_setParameters")
        Module._setParameters(self, p)

    def randomize(self, rng=None):
        """Redraw every parameter N(0, 1) as PyBrain does (one draw over the
        whole flat vector); see brainkit.tools.initialization for Glorot/He."""
        self._require_sorted("randomize")
        Module.randomize(self, rng)

    def save(self, path):
        """Write the network to ``path``: PyBrain XML for ``.xml``, HDF5 for
        ``.h5``/``.hdf5`` (atomically); read it back with ``brainkit.load``."""
        from brainkit.io import save
        save(self, path)

    def copy(self):
        """A deep copy with its own parameter vector (the original's state,
        unlike PyBrain's, is left alone)."""
        return _copy.deepcopy(self)

    def __deepcopy__(self, memo):
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        for key, value in self.__dict__.items():
            setattr(new, key, _copy.deepcopy(value, memo))
        if new.sorted:
            # copied views no longer share memory: point them into the copy's
            # parameter vector and buffer block again
            new._bind(new._params, new._derivs)
            new._compile()
            new._allocate(*new._shape, keep=True)
        return new

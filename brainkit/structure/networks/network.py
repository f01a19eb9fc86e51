"""Network: modules joined by connections, sorted and packed.

``sortModules()`` does the work once: it checks the graph (kept as a
``networkx.MultiDiGraph`` in ``net.graph``), orders the modules exactly as
PyBrain does, packs every parameter into one flat vector ``net.params`` (each
component keeps views into it) and gives the network an engine (engine.py),
which owns the buffers and the compiled plan and carries out every run.
"""

import copy as _copy
import warnings

import networkx as nx
import numpy as np

from brainkit.blas import blas_limit, largest_product
from brainkit.structure.connections.connection import Connection
from brainkit.structure.modules.module import RUN_MODES, Module, as_batch, check_mode
from brainkit.structure.moduleslice import ModuleSlice
from brainkit.structure.networks.buffers import slices
from brainkit.structure.networks.engine import Engine
from brainkit.structure.networks.sorting import (NetworkConstructionException, build_graph,
                                                 check_members, check_structure, natural_key,
                                                 topological_order)
from brainkit.structure.networks.summary import summary_table


class Network(Module):
    """A graph of named modules joined by connections.

    Build it with ``addInputModule``, ``addModule``, ``addOutputModule`` and
    ``addConnection`` (in any order, as in PyBrain), then call ``sortModules()``
    before using it. The network's input is split over the input modules in
    the order they were added; its output is the concatenation of the output
    modules' outputs. A network is a module too: added to another network, it
    is one block of that network's flat parameter vector, and its modules run
    inside that network's plan (see flatten.py).
    """

    def __init__(self, name=None, dtype=np.float64):
        self.modules = []           # every module, in the order added
        self.connections = {}       # module -> its outgoing forward connections
        self.recurrentConns = []
        self.motherconnections = []  # the MotherConnections of shared connections
        self.inmodules = []
        self.outmodules = []
        self.modulesSorted = []
        self.sorted = False
        self.graph = nx.MultiDiGraph()
        self._engine = None
        self._owner = None          # the network this one is a module of
        self._stepping = True       # whether runs step through time (known once sorted)
        # indexes that keep construction at constant time per call
        self._by_name = {}          # module name -> module
        self._ids = {"modules": set(), "in": set(), "out": set(), "connections": set(),
                     "mothers": set()}
        self._names = {"connections": set(), "mothers": set()}
        self._counters = {}         # class name -> last number given to an unnamed object
        Module.__init__(self, 0, 0, name=name)
        if self.name is None:
            self.name = type(self).__name__    # deterministic, unlike PyBrain's counter
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64; got {self.dtype}")

    def _constructor_args(self):
        return {"name": self.name}

    def _errors(name):
        """A network's own error buffer: made (with every error buffer of its
        modules) the first time it is read, so PyBrain's step API can write
        ``net.outputerror[t]`` before anything has backpropagated."""
        def get(self):
            buf = self.__dict__.get(name)
            if buf is None and self._engine is not None and self._engine.ready:
                self._engine.ensure_errors()
                buf = self.__dict__.get(name)
            return buf

        def set(self, value):
            self.__dict__[name] = value
        return property(get, set)

    inputerror, outputerror = _errors("inputerror"), _errors("outputerror")

    @property
    def offset(self):
        """The current time step; setting it sets every module's, as in PyBrain."""
        return self._offset

    @offset.setter
    def offset(self, t):
        # an unchanged offset needs no update unless modules step (and so move their own)
        if t != self.__dict__.get("_offset") or self._stepping:
            for m in self.modules:
                m.offset = t
        self._offset = t

    # construction ------------------------------------------------------------

    def _fresh_name(self, obj, taken):
        base = type(obj).__name__
        k = self._counters.get(base, 0) + 1
        while f"{base}-{k}" in taken:
            k += 1
        self._counters[base] = k
        return f"{base}-{k}"

    def addModule(self, m):
        """Add a module (a no-op if this very module is already in); a
        ModuleSlice adds its base module, as in PyBrain."""
        m = m.base if isinstance(m, ModuleSlice) else m
        if not isinstance(m, Module):
            raise TypeError(f"addModule expects a module; got {m!r}")
        if id(m) in self._ids["modules"]:
            return
        if m is self or (isinstance(m, Network) and m._owner is not None):
            where = "itself" if m is self else f"network {m._owner.name!r} already"
            raise NetworkConstructionException(
                f"cannot add network {m.name!r} to network {self.name!r}: {where} holds it")
        if m.name is None:
            m.name = self._fresh_name(m, self._by_name)
        elif m.name in self._by_name:
            raise NetworkConstructionException(
                f"network {self.name!r} already has a module named {m.name!r}; "
                "module names must be unique")
        if m.sequential and not self.sequential:
            warnings.warn(f"{m!r} carries state through time, but {type(self).__name__} "
                          "resets every step; use a RecurrentNetwork", stacklevel=2)
        self.modules.append(m)
        self._by_name[m.name] = m
        self._ids["modules"].add(id(m))
        self.connections.setdefault(m, [])
        self._changed()

    def _changed(self):
        """The structure changed: this network, and any it is nested in, must be
        sorted again."""
        self.sorted = False
        if self._owner is not None:
            self._owner._changed()

    def _mark(self, m, role, marked):
        m = m.base if isinstance(m, ModuleSlice) else m
        self.addModule(m)
        if id(m) not in self._ids[role]:
            self._ids[role].add(id(m))
            marked.append(m)
            # known before sorting, so connections to a nested network can be made
            if role == "in":
                self.indim += m.indim
            else:
                self.outdim += m.outdim

    def addInputModule(self, m):
        """Add a module and mark it as an input; the network's input vector is
        split over input modules in the order of these calls."""
        self._mark(m, "in", self.inmodules)

    def addOutputModule(self, m):
        """Add a module and mark it as an output; outputs are concatenated in
        the order of these calls."""
        self._mark(m, "out", self.outmodules)

    def _check_connection(self, c):
        # its modules may come later (PyBrain's order): sortModules checks them
        if not isinstance(c, Connection):
            raise TypeError(f"expected a connection; got {c!r}")
        if id(c) in self._ids["connections"]:
            # PyBrain added it twice: its output counted twice, one weight block orphaned
            raise NetworkConstructionException(
                f"{c!r} is already in network {self.name!r}; add each connection once")
        if c.name is None:
            c.name = self._fresh_name(c, self._names["connections"])
        self._ids["connections"].add(id(c))
        self._names["connections"].add(c.name)
        mother = c.mother
        if mother is not None and id(mother) not in self._ids["mothers"]:
            if mother.name is None:
                mother.name = self._fresh_name(mother, self._names["mothers"])
            self._ids["mothers"].add(id(mother))
            self._names["mothers"].add(mother.name)
            self.motherconnections.append(mother)
        self._changed()

    def addConnection(self, c):
        """Add a forward connection: at every time step ``c.inmod`` feeds ``c.outmod``."""
        self._check_connection(c)
        self.connections.setdefault(c.inmod, []).append(c)

    def _all_connections(self):
        return [c for cs in self.connections.values() for c in cs] + self.recurrentConns

    # lookup and text -----------------------------------------------------------

    def __getitem__(self, name):
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            raise KeyError(f"network {self.name!r} has no module {name!r}; "
                           f"it has {sorted(self._by_name)}") from None

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
        network and after every structural change. A failure changes nothing.
        Nested networks not sorted yet are sorted first."""
        for m in self.modules:
            if isinstance(m, Network) and not m.sorted:
                m.sortModules()
        check_members(self)
        graph = build_graph(self)
        check_structure(self, graph)
        order = topological_order(self)
        by_name = lambda conns: sorted(conns, key=lambda c: natural_key(c.name))  # noqa: E731
        containers = []
        for m in order:
            containers.append(m)
            containers.extend(by_name(self.connections[m]))
        containers.extend(by_name(self.motherconnections))
        containers.extend(by_name(self.recurrentConns))
        # a shared connection's parameters are its mother's block
        containers = [c for c in containers if c.paramdim and getattr(c, "mother", None) is None]
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
            m.dtype = self.dtype
        self.recurrentConns.sort(key=lambda c: natural_key(c.name))
        self.motherconnections.sort(key=lambda c: natural_key(c.name))
        self._containers = containers
        self.paramdim = total
        self._bind(params, derivs)
        self.indim = sum(m.indim for m in self.inmodules)
        self.outdim = sum(m.outdim for m in self.outmodules)
        self._inslices = slices(self.inmodules, "indim")
        self._outslices = slices(self.outmodules, "outdim")
        for m in self.modules:
            if isinstance(m, Network):
                m._owner, m._engine = self, None     # it runs inside this network's plan
        if self._owner is not None:                  # a nested network sorted again
            self._owner._changed()
            self.sorted = True
            return
        self._engine = None
        self._engine = Engine(self)
        self._stepping = bool(self._engine.program.loop)
        self.sorted = True

    def _bind(self, params, derivs):
        Module._bind(self, params, derivs)
        pos = 0
        for c in getattr(self, "_containers", ()):
            c._bind(params[pos:pos + c.paramdim], derivs[pos:pos + c.paramdim])
            pos += c.paramdim

    def _require_sorted(self, what):
        if not self.sorted:
            raise NetworkConstructionException(
                f"{what} on network {self.name!r} before sortModules(); call "
                "net.sortModules() after adding modules and connections")

    def _require_runnable(self, what):
        self._require_sorted(what)
        if self._owner is not None:
            raise NetworkConstructionException(
                f"{what} on network {self.name!r}, a module of network "
                f"{self._owner.name!r}: it runs inside {self._owner.name!r}; run that one")

    # running: everything goes through the engine ---------------------------------

    def _prepare(self, T, B):
        self._engine.prepare(T, B)

    def _grow(self, T):
        self._engine.grow(T)

    def reset(self):
        """Zero every buffer of the network and its modules; back to step 0.
        Parameters and derivatives are untouched."""
        if self._engine is not None:
            self._engine.reset()
        self.offset = 0

    def run_forward(self, X):
        """See Module.run_forward: a whole (T, B, indim) run from a reset state."""
        if not self.sorted or self._owner is not None:
            self._require_runnable("run_forward")
        out = self._engine.run_forward(X)
        self.offset = X.shape[0] if self.sequential else 0
        return out

    def run_backward(self, E, mode="inputs"):
        """See Module.run_backward: backpropagate (T, B, outdim) errors through
        the last ``run_forward``; ``mode`` is "inputs", "accumulate" or "fresh"."""
        if mode not in RUN_MODES:
            check_mode(mode)
        engine, T = self._engine, E.shape[0]
        if T != engine.end or E.shape[1] != engine.buffers.shape[1]:
            raise ValueError(f"run_backward on {self!r}: errors of shape {E.shape[:2]} do not "
                             f"match the last forward run ({engine.end}, "
                             f"{engine.buffers.shape[1]})")
        engine.backward(0, T, E, mode)
        self.offset = 0
        return self.inputerror[:T] if mode == "inputs" else None

    def forward(self, t=None):
        """PyBrain's step: compute step ``t`` from row t of the input buffer.
        Without ``t``, the step at the offset; a recurrent network then moves
        its offset on, growing its buffers so that the next row exists."""
        self._require_runnable("forward")
        engine = self._engine
        step = self.offset if t is None else t
        if step + 1 > engine.buffers.shape[0]:
            engine.grow(step + 1)
        engine.forward(step, step + 1)
        if t is None and self.sequential:
            if step + 2 > engine.buffers.shape[0]:
                engine.grow(step + 2)
            self.offset = step + 1

    def backward(self, t=None):
        """PyBrain's step back: backpropagate step ``t`` from row t of the
        output error. Without ``t``, a recurrent network first moves its offset
        back one step and takes that one; any other takes the step at its offset."""
        self._require_runnable("backward")
        if t is None:
            t = self.offset - 1 if self.sequential else self.offset
            if t < 0:
                raise ValueError(f"{self!r}.backward: no step is left to backpropagate")
            if self.sequential:
                self.offset = t
        self._engine.backward(t, t + 1, self.outputerror[t:t + 1].copy(), "inputs")

    def _next_step(self, B):
        # PyBrain grows a recurrent network's buffers so that the row after
        # this step exists too
        t = Module._next_step(self, B)
        if t + 2 > self._engine.buffers.shape[0]:
            self._engine.grow(t + 2)
        return t

    def _step_back(self, t, err):
        self._engine.backward(t, t + 1, err[None], "inputs")

    def activateOnDataset(self, dataset):
        """Outputs for every sample of ``dataset`` in one batched pass, shape
        (N, outdim). Each sequence of a sequential dataset (each sample of any
        other) starts from a reset state; the network is reset afterwards."""
        self._require_sorted("activateOnDataset")
        from brainkit.datasets.batching import dataset_outputs, is_chunked
        if dataset.indim != self.indim:
            raise ValueError(f"the dataset has {dataset.indim} inputs per sample; network "
                             f"{self.name!r} has {self.indim} inputs")
        if not is_chunked(dataset):     # (data read in chunks is checked as it is read)
            as_batch(dataset["input"], self.indim, f"{self!r}.activateOnDataset", self.dtype)
        return dataset_outputs(self, dataset)[0]

    def activateSequences(self, sequences):
        """Outputs for several whole input sequences at once: a list of arrays
        (L_i, indim) -> a list of arrays (L_i, outdim), each sequence run from a
        reset state, side by side in one batch (padded at the end)."""
        self._require_sorted("activateSequences")
        from brainkit.datasets.batching import gather, padded_rows
        seqs = [as_batch(s, self.indim, f"{self!r}.activateSequences", self.dtype)[0]
                for s in sequences]
        if not seqs or min(len(s) for s in seqs) == 0:
            raise ValueError("activateSequences needs at least one sequence and no empty one")
        lengths = np.array([len(s) for s in seqs])
        rows, mask = padded_rows(np.cumsum(lengths) - lengths, lengths)
        out = self.run_forward(gather(np.concatenate(seqs), rows, mask))
        result = [out[:n, b].copy() for b, n in enumerate(lengths)]
        self.reset()
        return result

    def activate(self, inpt):
        self._require_runnable("activate")
        if not self.inmodules and np.size(inpt):
            raise NetworkConstructionException(
                f"network {self.name!r} has no input module, so it takes no input values; "
                "mark one with addInputModule (and sort again), or activate it with []")
        rows = inpt.shape[0] if isinstance(inpt, np.ndarray) and inpt.ndim == 2 else 1
        with blas_limit(largest_product(self, rows)):
            return Module.activate(self, inpt)

    def backActivate(self, outerr):
        self._require_runnable("backActivate")
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
        ``.h5``/``.hdf5`` (atomically); read it back with ``brainkit.load``.
        (The one import from structure/ up into io/.)"""
        from brainkit.io import save
        save(self, path)

    def copy(self):
        """A deep copy with its own parameter vector (the original's state,
        unlike PyBrain's, is left alone)."""
        return _copy.deepcopy(self)

    def __getstate__(self):
        # pickling (process pools, Dask): the structure and the parameters; the
        # engine (buffers and bound plans) is rebuilt where the network lands
        state = dict(self.__dict__)
        state["_engine"] = None
        return state

    def __setstate__(self, state):
        Module.__setstate__(self, state)
        if self.sorted and self._owner is None:
            self._engine = Engine(self)

    def __deepcopy__(self, memo):
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        for key, value in self.__dict__.items():
            if key != "_engine":
                setattr(new, key, _copy.deepcopy(value, memo))
        new._engine = None
        if new.sorted and new._owner is None:
            # copied views no longer share memory: point them into the copy's
            # parameter vector, and give the copy buffers holding the same state
            new._bind(new._params, new._derivs)
            new._engine = Engine(new, self._engine.buffers.shape, self._engine.errors, keep=True)
            new._engine.end = self._engine.end
        return new

"""The engine: runs a sorted network on its buffers.

``sortModules()`` gives a network one ``Engine``, which owns everything a run
needs beyond the structure:

* the *buffer set*: one block of memory holding every buffer for up to T
  steps of B samples (buffers.py), and the plans bound to it, cached per
  window of steps (plan.py). The sets of the last few batch sizes are kept,
  so alternating batch sizes (a short last batch) reallocate nothing;
* the *runs*: a forward window writes the outputs of steps t0..t1-1, a
  backward window passes errors back over them. A whole run is the window
  0..T-1, PyBrain's ``activate`` on a recurrent network the one-step window
  at its offset: one path for both;
* *borrowing*: a large prediction batch is read where it lies, through
  read-only views, instead of being copied in first.

What is zeroed when (everything else is written before it is read):

* before a forward window, the inputs of modules fed only by connections that
  add (the first connection covering a module's whole input writes it);
* when a backward pass starts (its window ends at the forward run's last
  step), the output errors that connections add into, over the run's steps;
* in a ``"fresh"`` backward run, the derivatives of every parameter block
  that is not written outright by a connection running once for the window.

Nothing outside this module calls it except ``Network``, whose public
methods (``run_forward``, ``run_backward``, ``activate``, ``backActivate``)
are the API for trainers, tools and tests. A run never writes the caller's
arrays.
"""

from brainkit.structure.networks.buffers import allocate, tree
from brainkit.structure.networks.plan import Program, shares_buffers


class BufferSet:
    """The buffers for up to T steps of B samples, and the plans bound to them."""

    def __init__(self, net, T, B, errors, keep=False):
        self.shape = (T, B)
        self.blocks = allocate(net, T, B, errors, keep)
        self.views = [(o, {n: vars(o).get(n) for n, _ in o._buffer_specs()})
                      for o, _ in tree(net)]
        self.windows = {}       # (direction, window...) -> the calls around the loop
        # one loop step's calls, by step index: forward, and backward by
        # (whether step t+1 exists, whether input errors are wanted)
        self.forward_steps = [None] * T
        self.backward_steps = {key: [None] * T for key in
                               ((False, False), (False, True), (True, False), (True, True))}

    @property
    def nbytes(self):
        return sum(block.nbytes for block in self.blocks)

    def install(self):
        """Point every module's buffer attributes at this set."""
        for owner, views in self.views:
            for name, buf in views.items():
                setattr(owner, name, buf)
            owner._shape = self.shape


class Engine:
    """Buffers, plans and runs of one sorted network (see the module doc)."""

    STASH_BYTES = 1 << 25   # 32 MiB: a big prediction batch's buffers are let go
    BORROW_SIZE = 1 << 16   # numbers; below this a copy costs next to nothing
    MAX_WINDOWS = 256       # bound plans kept per buffer set

    def __init__(self, net, shape=(1, 1), errors=False, keep=False):
        """``keep``: the new buffers start with the contents of the modules'
        current ones (a copied network keeps its state)."""
        self.net = net
        self.program = Program(net)
        self.errors = errors    # error buffers come with the first backward pass
        self.end = 0            # steps of the last forward run
        self.borrowed = None    # the input array the last forward run read in place
        self.stash = {}         # batch size -> BufferSet
        self.ready = False      # (see Network's error buffers)
        self.buffers = BufferSet(net, *shape, errors, keep)
        self.ready = True

    # buffers -----------------------------------------------------------------

    def prepare(self, T, B):
        """Room for T steps of B samples, reusing a kept set where one fits."""
        shape = self.buffers.shape
        if shape[1] == B and shape[0] >= T:
            return
        if self.buffers.nbytes <= self.STASH_BYTES:
            self.stash[shape[1]] = self.buffers
        kept = self.stash.pop(B, None)
        if kept is not None and kept.shape[0] >= T:
            self.buffers = kept
            kept.install()
        else:
            self.buffers = BufferSet(self.net, max(T, shape[0] if shape[1] == B else 1),
                                     B, self.errors)
        if len(self.stash) > 4:
            self.stash = {}

    def grow(self, T):
        """Room for T steps of the current batch size, keeping the contents."""
        T0, B = self.buffers.shape
        if T > T0:
            self.buffers = BufferSet(self.net, max(T, 2 * T0), B, self.errors, keep=True)

    def ensure_errors(self):
        """Error buffers are made the first time something backpropagates."""
        if self.errors:
            return
        self.errors = True
        self.stash = {}
        self.buffers = BufferSet(self.net, *self.buffers.shape, True, keep=True)
        if self.borrowed is not None:         # the inputs were read in place
            self.net.inputbuffer[:self.borrowed.shape[0]] = self.borrowed
            self.borrowed = None

    def reset(self):
        for block in self.buffers.blocks:
            block.fill(0)
        self.end = 0

    # runs ----------------------------------------------------------------------

    def run_forward(self, X):
        """A whole run from a reset state over X (T, B, indim); the outputs."""
        T, B = X.shape[:2]
        if self.buffers.shape[1] != B or self.buffers.shape[0] < T:
            self.prepare(T, B)
        self.borrowed = None
        if X.size >= self.BORROW_SIZE and self._can_borrow(X):
            self._forward_borrowing(X)
        else:
            self.net.inputbuffer[:T] = X
            self.forward(0, T)
        return self.net.outputbuffer[:T]

    # The two windows below are the hot path of training and prediction: the
    # loops over the bound calls are written out, not delegated.

    def forward(self, t0, t1):
        """The forward window t0..t1-1, its inputs already in place."""
        key = ("forward", t0, t1)
        first, last = self.buffers.windows.get(key) or self._bind(key, t0, t1)
        for call, args in first:
            call(*args)
        if self.program.loop:
            steps, program = self.buffers.forward_steps, self.program
            for t in range(t0, t1):
                calls = steps[t]
                if calls is None:
                    calls = steps[t] = program.forward_step(t)
                for call, args in calls:
                    call(*args)
        for call, args in last:
            call(*args)
        self.end = t1

    def backward(self, t0, t1, E, mode):
        """The backward window t0..t1-1 of the last forward run, with output
        errors E (t1-t0, B, outdim); ``mode`` as in ``run_backward``."""
        if not self.errors:
            self.ensure_errors()
        end, program = self.end, self.program
        key = ("backward", t0, t1, end, mode)
        clear, first, last = self.buffers.windows.get(key) or self._bind(key, t0, t1, end, mode)
        for call, args in clear:                # when a backward pass starts
            call(*args)
        outputerror = vars(self.net)["outputerror"]
        if program.outputs_accumulate:
            outputerror[t0:t1] += E
        else:
            outputerror[t0:t1] = E
        for call, args in first:
            call(*args)
        if program.loop:
            inputs = mode == "inputs"
            tables = self.buffers.backward_steps
            for t in range(t1 - 1, t0 - 1, -1):
                steps = tables[t + 1 < end, inputs]
                calls = steps[t]
                if calls is None:
                    calls = steps[t] = program.backward_step(t, t + 1 < end, inputs)
                for call, args in calls:
                    call(*args)
        for call, args in last:
            call(*args)

    def _bind(self, key, *window):
        """Bind the plan of a window to the current buffers, and keep it."""
        windows = self.buffers.windows
        if len(windows) >= self.MAX_WINDOWS:
            windows.clear()
        if key[0] == "forward":
            calls = self.program.forward(*window)
        else:
            t0, t1, end, mode = window
            clear = self.program.clear(end, mode == "inputs") if t1 == end else []
            calls = (clear, *self.program.backward(*window))
        windows[key] = calls
        return calls

    # borrowing -------------------------------------------------------------------

    def _can_borrow(self, X):
        """Only for large prediction batches (the caller checks the size), and
        only where no module of the network runs on the input rows: every
        input module is an identity sharing its buffers, and nothing feeds one."""
        net = self.net
        if self.program.loop or self.errors:
            return False
        fed = {id(c.outmod) for c in net._all_connections()}
        return (X.dtype == net.dtype and X.flags.c_contiguous
                and all(shares_buffers(m) and id(m) not in fed for m in net.inmodules))

    def _forward_borrowing(self, X):
        """One forward run with the input modules' buffers pointing into a
        read-only view of X (a plan bound for this run alone; the buffers are
        put back afterwards)."""
        net = self.net
        view = X.view()
        view.flags.writeable = False
        swapped = [(net, "inputbuffer", net.inputbuffer)]
        for m in net.inmodules:
            swapped += [(m, "inputbuffer", m.inputbuffer), (m, "outputbuffer", m.outputbuffer)]
        try:
            net.inputbuffer = view
            for m, a, b in net._inslices:
                m.inputbuffer = m.outputbuffer = view[:, :, a:b]
            first, last = self.program.forward(0, X.shape[0])
            for call, args in first + last:
                call(*args)
        finally:
            for owner, name, buf in swapped:
                setattr(owner, name, buf)
        self.borrowed = X
        self.end = X.shape[0]

"""The Module base class: named, batched, time-major buffers and the checks.

A module owns four buffers of shape ``(T, B, dim)`` (T time steps, B samples):
``inputbuffer`` and ``inputerror`` of width ``indim``, ``outputbuffer`` and
``outputerror`` of width ``outdim``. Subclasses implement only the math of one
time step on ``(B, dim)`` slices: ``_forward(inbuf, outbuf)`` and
``_backward(outerr, inerr, outbuf, inbuf)``.
"""

import numbers

import numpy as np

from brainkit.structure.parametercontainer import ParameterContainer
from brainkit.structure.protocol import resolve_hooks


def as_batch(values, dim, what, dtype=None):
    """Turn one sample or a batch into a finite float array of shape (B, dim).

    Returns ``(array, single)`` where ``single`` says whether one sample came.
    Accepts numbers (when ``dim`` is 1), lists, tuples and arrays; values that
    would not fit ``dtype`` (the module's numpy dtype, e.g. float32) are
    refused too.
    """
    if isinstance(values, numbers.Number) and not isinstance(values, bool):
        values = [values]
    try:
        arr = np.asarray(values)
    except ValueError as exc:   # ragged nested lists
        raise ValueError(f"{what}: could not read the input as an array ({exc})") from None
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{what} expects numbers; got an array of dtype {arr.dtype}")
    single = arr.ndim <= 1
    arr = np.atleast_2d(arr)
    if arr.dtype.kind != "f":       # float32 stays float32 for a float32 network
        arr = arr.astype(float)
    if arr.ndim != 2 or arr.shape[1] != dim:
        got = arr.shape[-1] if single else arr.shape
        raise ValueError(f"{what} expects {dim} values per sample; got {got}"
                         + ("" if single else " (a batch must have shape (B, %d))" % dim))
    # a finite sum means no NaN or inf (and reads the data once, allocating nothing)
    if not np.isfinite(arr.sum()) and not np.all(np.isfinite(arr)):
        raise ValueError(f"{what}: the input contains NaN or inf")
    if dtype is not None and dtype.itemsize < arr.dtype.itemsize:
        limit = np.finfo(dtype).max     # beyond it the copy into the buffers would be inf
        if arr.max() > limit or arr.min() < -limit:
            raise ValueError(f"{what}: the input holds values beyond the range of "
                             f"{np.dtype(dtype)} (|x| <= {limit:.4g}), this module's dtype")
    return arr, single


RUN_MODES = ("inputs", "accumulate", "fresh")


def check_mode(mode):
    if mode not in RUN_MODES:
        raise ValueError(f"run_backward: mode must be one of {RUN_MODES}; got {mode!r}")


class Module(ParameterContainer):
    """A named block with ``indim`` inputs and ``outdim`` outputs.

    The hooks a subclass implements (the protocol every execution path honours):

    * ``_forward(inbuf, outbuf)``: the math, on ``(N, indim)`` inputs, writing
      ``(N, outdim)`` outputs into ``outbuf`` (``outbuf[:] = ...``). For a
      module that is not ``sequential`` the N rows may be the samples of one
      step or of many steps at once, so they must be independent.
    * ``_backward(outerr, inerr, outbuf, inbuf)``: writes the input errors into
      ``inerr`` and *adds* the parameter derivatives into ``self.derivs``.
    * PyBrain's names ``_forwardImplementation``/``_backwardImplementation``
      work too, at any depth of the class tree (see brainkit.structure.protocol).
    * ``sequential = True`` for a module whose step t reads its own earlier
      steps (an LSTM): it is then run one step at a time through
      ``forward(t)``/``backward(t)``, which set ``self.offset = t`` (the step
      its math reads, as in PyBrain) and call the math on step t's rows.

    Optional fast variants, each counted only when the class that defines it
    also has the math it replaces (``FAST_VARIANTS``):

    * ``identity = True``: output equals input, both ways; a network then
      shares the two buffers and skips the module.
    * ``skip_input_error = True``: ``_backward`` accepts ``inerr=None``,
      meaning nobody reads the input errors (a layer with parameters right
      after a network's input, in training).
    * ``_prepare_backward(start, stop)``: steps start..stop-1 are about to be
      stepped back; compute whatever can be computed for all of them at once;
    * ``forward(t)``/``backward(t)``: the step hooks, written out by a class
      whose math can run its step without Module's slicing (the LSTM).
    """

    sequential = False          # True for modules that carry state through time
    identity = False            # True if output == input (a network then shares the buffers)
    skip_input_error = False    # True if _backward takes inerr=None (nobody reads it)
    bufferwidths = ()           # extra (buffername, width attribute) pairs of a subclass
    FAST_VARIANTS = {"identity": ("_forward", "_backward"),
                     "skip_input_error": ("_backward",),
                     "_prepare_backward": ("_backward",),
                     "forward": ("_forward",), "backward": ("_backward",)}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        resolve_hooks(cls, Module)

    def __init__(self, indim, outdim, name=None, paramdim=0):
        for label, value in (("indim", indim), ("outdim", outdim)):
            if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{type(self).__name__}: {label} must be a "
                                 f"non-negative integer; got {value!r}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{type(self).__name__}: name must be a string (or None for an "
                            f"automatic name); got {name!r}")
        self.name = name
        self.indim = int(indim)
        self.outdim = int(outdim)
        self.offset = 0
        self.dtype = np.dtype(np.float64)
        self._shape = (0, 0)
        ParameterContainer.__init__(self, paramdim)
        self._allocate(1, 1)

    def __repr__(self):
        return f"<{type(self).__name__} {self.name!r}>"

    # buffers ---------------------------------------------------------------

    def _buffer_specs(self):
        specs = [("inputbuffer", self.indim), ("outputbuffer", self.outdim),
                 ("inputerror", self.indim), ("outputerror", self.outdim)]
        return specs + [(n, getattr(self, w)) for n, w in self.bufferwidths]

    def _allocate(self, T, B):
        """Make every buffer ``(T, B, width)`` zeros, keeping no old values."""
        for bufname, width in self._buffer_specs():
            setattr(self, bufname, np.zeros((T, B, width), dtype=self.dtype))
        self._shape = (T, B)

    def _grow(self, T):
        """Make room for at least T time steps, doubling, keeping old rows."""
        oldT, B = self._shape
        newT = max(T, 2 * oldT)
        for bufname, width in self._buffer_specs():
            new = np.zeros((newT, B, width), dtype=self.dtype)
            new[:oldT] = getattr(self, bufname)
            setattr(self, bufname, new)
        self._shape = (newT, B)

    def _prepare(self, T, B):
        """Ensure room for T steps of batch size B (reallocating if B changes)."""
        if self._shape[1] != B or self._shape[0] < T:
            self._allocate(max(T, self._shape[0] if self._shape[1] == B else 1), B)

    def reset(self):
        """Zero every buffer and go back to time step 0."""
        for bufname, _ in self._buffer_specs():
            buf = getattr(self, bufname)
            if buf is not None:          # a network makes error buffers on demand
                buf.fill(0)
        self.offset = 0

    # one time step -----------------------------------------------------------

    def forward(self, t=None):
        """Compute step ``t`` (default: ``self.offset``) from its input buffer."""
        t = self.offset if t is None else t
        self.offset = t
        self._forward(self.inputbuffer[t], self.outputbuffer[t])

    def backward(self, t=None):
        """Backpropagate step ``t`` (default: ``self.offset``)."""
        t = self.offset if t is None else t
        self.offset = t
        self._backward(self.outputerror[t], self.inputerror[t],
                       self.outputbuffer[t], self.inputbuffer[t])

    # the math: a subclass overrides these (or PyBrain's names for them)
    def _forward(self, inbuf, outbuf):
        raise NotImplementedError(f"{type(self).__name__} defines no _forward")

    def _backward(self, outerr, inerr, outbuf, inbuf):
        raise NotImplementedError(f"{type(self).__name__} defines no _backward")

    _forwardImplementation = _forward
    _backwardImplementation = _backward

    def _prepare_backward(self, start, stop):
        """A fast variant (see the class doc); by default nothing to prepare."""

    # the batched API (trainers, tools and tests drive modules through it) ---

    def run_forward(self, X):
        """Forward a whole (T, B, indim) array from a reset state; returns the
        (T, B, outdim) outputs, a view of the output buffer that the next run
        overwrites."""
        T, B = X.shape[:2]
        self._prepare(T, B)
        self.reset()
        self.inputbuffer[:T] = X
        for t in range(T):
            self.forward(t)
        self.offset = T if self.sequential else 0
        return self.outputbuffer[:T]

    def run_backward(self, E, mode="inputs"):
        """Backpropagate (T, B, outdim) output errors through the steps of the
        last ``run_forward``, last step first. ``mode`` says what is wanted:

        * ``"inputs"``: the input errors (returned, a view of the input
          error buffer) and the derivatives added to ``derivs``;
        * ``"accumulate"``: only the derivatives, added to ``derivs``;
        * ``"fresh"``: only the derivatives, ``derivs`` holding this run's alone.

        The last two return None (a network then skips the work that only
        leads to its input errors)."""
        check_mode(mode)
        if mode == "fresh":
            self.resetDerivatives()
        T = E.shape[0]
        self.outputerror[:T] = E
        self._prepare_backward(0, T)
        for t in reversed(range(T)):
            self.backward(t)
        self.offset = 0
        return self.inputerror[:T] if mode == "inputs" else None

    # the user's entry points -------------------------------------------------

    def activate(self, inpt):
        """Forward one sample ``(indim,)`` -> ``(outdim,)`` or a batch
        ``(B, indim)`` -> ``(B, outdim)``; returns a copy.

        A sequential module (or recurrent network) steps one time step and
        keeps its state until ``reset()``; any other starts afresh each call.
        """
        x, single = as_batch(inpt, self.indim, f"{self!r}.activate", self.dtype)
        if not self.sequential:
            out = self.run_forward(x[None])[0].copy()
            return out[0] if single else out
        t = self._next_step(x.shape[0])
        self.inputbuffer[t] = x
        self.forward(t)
        self.offset = t + 1
        out = self.outputbuffer[t].copy()
        return out[0] if single else out

    def _next_step(self, B):
        """The time index the next step of a sequential module writes to, with
        buffers ready."""
        t = self.offset
        if t == 0:
            self._prepare(1, B)
            self.reset()
        elif B != self._shape[1]:
            raise ValueError(f"{self!r}: batch size changed from {self._shape[1]} to {B} "
                             "within a sequence; call reset() first")
        elif t >= self._shape[0]:
            self._grow(t + 1)
        return t

    def _step_back(self, t, err):
        """Backpropagate the errors ``err`` (B, outdim) through step t."""
        self.outputerror[t] = err
        self.backward(t)

    def backActivate(self, outerr):
        """Backpropagate an output error through the last activated step and
        return the input error. For sequential modules and recurrent networks
        call it once per activated step, in reverse time order (BPTT)."""
        if self.sequential:
            if self.offset == 0:
                raise ValueError(f"{self!r}.backActivate: no activated step is left to "
                                 "backpropagate; call activate first")
            t = self.offset - 1
        else:
            t = 0
        err, single = as_batch(outerr, self.outdim, f"{self!r}.backActivate", self.dtype)
        if err.shape[0] != self._shape[1]:
            raise ValueError(f"{self!r}.backActivate: the error has {err.shape[0]} samples; "
                             f"the last activation had {self._shape[1]}")
        self._step_back(t, err)
        if self.sequential:
            self.offset = t
        inerr = self.inputerror[t].copy()
        return inerr[0] if single else inerr

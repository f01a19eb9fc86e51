"""How many threads BLAS (the library behind numpy's matrix products) uses
while brainkit trains and evaluates.

brainkit's products are small to middling: a batch of 32 rows through a layer
of 128 units is a fraction of a millisecond of work. On such products a
second BLAS thread gains little when the machine is idle, and when another
process keeps the second core busy (a second training run, a test suite, a
process-pool cross-validation) OpenBLAS's threads wait on each other and the
same product takes 10 to 100 times longer (bench/blas_threads.py measures
both). So by default (``"auto"``) brainkit runs products below
``AUTO_MULTITHREAD_WORK`` multiply-adds on one thread, for the duration of
each training epoch or evaluation pass, and leaves larger ones to BLAS's own
setting. Choose otherwise with ``set_blas_threads``:

* ``set_blas_threads(n)``: n threads during brainkit's runs, whatever their size;
* ``set_blas_threads(None)``: leave BLAS alone;
* ``set_blas_threads("auto")``: the default.

The environment variable ``BRAINKIT_BLAS_THREADS`` (a number, ``none`` or
``auto``) sets the starting value. Outside brainkit's runs the process's own
setting holds; the limit is taken and given back through threadpoolctl.

>>> set_blas_threads(1); blas_threads()
1
>>> set_blas_threads("auto"); blas_threads()
'auto'
"""

import contextlib
import numbers
import os

# below this many multiply-adds in a run's largest product, one thread (see
# bench/blas_threads.py for the measurement behind the figure)
AUTO_MULTITHREAD_WORK = 1 << 27
# below this, OpenBLAS runs a product on one thread by itself (its gemm
# threshold): choosing threads would cost more than it could save
SMALL_WORK = 1 << 18

_state = {"setting": "auto", "controller": None}


def _parse(value):
    if value is None or value == "auto":
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("auto", "none", ""):
            return None if text == "none" else "auto"
        if text.isdigit():
            value = int(text)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 1:
        return int(value)
    raise ValueError(f"BLAS threads must be a positive integer, None (leave BLAS alone) or "
                     f"'auto'; got {value!r}")


def set_blas_threads(threads):
    """How many BLAS threads brainkit's runs use: an int, None (BLAS's own
    setting) or "auto" (one thread for small products; see the module doc)."""
    _state["setting"] = _parse(threads)


def blas_threads():
    """The current setting (an int, None or "auto")."""
    return _state["setting"]


def _controller():
    """threadpoolctl's controller of the loaded BLAS libraries, made once."""
    if _state["controller"] is None:
        from threadpoolctl import ThreadpoolController
        _state["controller"] = ThreadpoolController()
    return _state["controller"]


def threads_for(work):
    """The thread count brainkit asks for when a run's largest product is
    ``work`` multiply-adds (None: leave BLAS as it is)."""
    setting = _state["setting"]
    if setting == "auto":
        return 1 if work < AUTO_MULTITHREAD_WORK else None
    return setting


_NO_LIMIT = contextlib.nullcontext()


def blas_limit(work):
    """A context manager: for the ``with`` block, the BLAS threads chosen for
    products of ``work`` multiply-adds (see ``threads_for``). Below
    ``SMALL_WORK``, or when BLAS is to be left alone, a no-op costing next to
    nothing (it runs once per training epoch, however small the epoch)."""
    threads = threads_for(work) if work >= SMALL_WORK else None
    if threads is None:
        return _NO_LIMIT
    return _controller().limit(limits=threads, user_api="blas")


def largest_product(net, rows):
    """The multiply-adds of ``net``'s largest product on ``rows`` rows: rows
    times its largest parameter block (a weight matrix, a convolution's filters)."""
    containers = getattr(net, "_containers", None) or [net]
    return rows * max((c.paramdim for c in containers), default=0)


set_blas_threads(os.environ.get("BRAINKIT_BLAS_THREADS", "auto"))

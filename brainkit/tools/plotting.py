"""Pictures of training and of networks, drawn with matplotlib without a display.

Every function builds a ``matplotlib.figure.Figure`` on the Agg canvas (never
through ``pyplot``, so no window opens, no backend is switched and nothing is
left open), returns it, and writes a PNG when given ``path``:

* ``plot_errors``: training and validation error per epoch, from a trainer;
* ``plot_decision_regions``: the classes a 2-input network assigns to the plane;
* ``plot_network``: the module graph, one column per layer.

matplotlib is imported inside the functions, so ``import brainkit`` stays light.

>>> from brainkit import buildNetwork
>>> fig = plot_network(buildNetwork(2, 3, 1))
>>> sorted(t.get_text() for t in fig.axes[0].texts)[1:]
['hidden0\\nSigmoidLayer (3)', 'in\\nLinearLayer (2)', 'out\\nLinearLayer (1)']
"""

import numbers
import os

import numpy as np


def _figure(width, height):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _finish(fig, path):
    if path is not None:
        fig.savefig(os.fspath(path), format="png", dpi=120)
    return fig


def _curve(values, what):
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or len(arr) == 0:
        raise ValueError(f"plot_errors: {what} must be a non-empty list of numbers, one per "
                         f"epoch; got shape {arr.shape}")
    return arr


def plot_errors(source, validation=None, path=None, title="Training error", ylabel=None):
    """Error per epoch: ``source`` is a trainer or a list of training errors.

    From a trainer, the curves are ``trainingErrors`` and ``validationErrors``
    after ``trainUntilConvergence`` (the validation list starts with the error
    before training, drawn at epoch 0), else ``history`` (one value per
    ``train()``). The epoch of the lowest validation error (the parameters
    ``trainUntilConvergence`` keeps) is marked. A log scale is used when every
    value is positive. The y axis names the trainer's loss (or ``ylabel``).

    >>> fig = plot_errors([0.5, 0.2, 0.1], validation=[0.6, 0.3, 0.2, 0.25])
    >>> [line.get_label() for line in fig.axes[0].lines][:2]
    ['training', 'validation']
    """
    if isinstance(source, (list, tuple, np.ndarray)):
        training = source
    else:
        training = getattr(source, "trainingErrors", None) or getattr(source, "history", None)
        if validation is None:
            validation = getattr(source, "validationErrors", None) or None
        if not training:
            raise ValueError(f"plot_errors: {type(source).__name__} has no errors to plot; "
                             "train it first (train(), trainEpochs() or trainUntilConvergence())")
    training = _curve(training, "the training errors")
    fig = _figure(6.4, 4.0)
    ax = fig.add_subplot()
    ax.plot(np.arange(1, len(training) + 1), training, label="training", color="tab:blue")
    values = [training]
    if validation is not None:
        validation = _curve(validation, "the validation errors")
        start = 0 if len(validation) == len(training) + 1 else 1
        epochs = np.arange(start, start + len(validation))
        ax.plot(epochs, validation, label="validation", color="tab:orange")
        best = int(np.argmin(validation))
        ax.axvline(epochs[best], color="0.5", linestyle=":", linewidth=1,
                   label=f"lowest validation error (epoch {epochs[best]})")
        values.append(validation)
    if all(np.all(v > 0) for v in values):
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    loss = getattr(getattr(source, "history", None), "loss", None)
    ax.set_ylabel(ylabel or (f"error: {loss.description}" if loss is not None else "error"))
    ax.set_title(title)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(frameon=False)
    return _finish(fig, path)


def _network_outputs(net, X):
    if getattr(net, "sequential", False):
        net.reset()
    out = np.atleast_2d(net.activate(X))
    if getattr(net, "sequential", False):
        net.reset()
    return out


def _classes_of(outputs, threshold):
    if outputs.shape[1] == 1:
        return (outputs[:, 0] > threshold).astype(int)
    return np.argmax(outputs, axis=1)


def plot_decision_regions(net, data, labels=None, path=None, resolution=200, threshold=0.5,
                          title="Decision regions", class_names=None, axis_names=None):
    """The class ``net`` gives every point of the plane around ``data``.

    ``net`` has 2 inputs; its class is the argmax of the outputs (or output >
    ``threshold`` for one output). ``data`` is a dataset (its ``class`` field,
    or the argmax / threshold of its targets, gives the true classes) or an
    array of shape (N, 2) with ``labels`` (N,) integer classes. The regions are
    evaluated on a ``resolution`` x ``resolution`` grid in one batch. Points
    and regions of a class share its colour; the legend names the classes
    (``class_names``, default their numbers) and the axes are ``axis_names``
    (default 'input 0', 'input 1').

    >>> from brainkit import buildNetwork
    >>> from brainkit.datasets import load_xor
    >>> fig = plot_decision_regions(buildNetwork(2, 3, 1), load_xor(), resolution=20)
    >>> fig.axes[0].get_xlabel()
    'input 0'
    """
    if getattr(net, "indim", None) != 2:
        raise ValueError(f"plot_decision_regions needs a network with 2 inputs; "
                         f"{getattr(net, 'name', net)!r} has {getattr(net, 'indim', '?')}")
    if not isinstance(resolution, numbers.Integral) or resolution < 2:
        raise ValueError(f"resolution must be an integer of at least 2; got {resolution!r}")
    if hasattr(data, "getField"):
        X = np.asarray(data["input"], dtype=float)
        if labels is None:
            labels = (data["class"].ravel() if data.hasField("class")
                      else _classes_of(np.asarray(data["target"], dtype=float), threshold))
    else:
        X = np.asarray(data, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"plot_decision_regions expects points of shape (N, 2); got {X.shape}")
    if labels is None:
        raise ValueError("plot_decision_regions: give labels (one integer class per point) "
                         "with an array of points, or pass a dataset")
    labels = np.asarray(labels).astype(int).ravel()
    if labels.shape != (len(X),):
        raise ValueError(f"plot_decision_regions: {len(X)} points but {labels.size} labels")
    low, high = X.min(axis=0), X.max(axis=0)
    margin = 0.1 * np.maximum(high - low, 1e-9)
    xs = np.linspace(low[0] - margin[0], high[0] + margin[0], resolution)
    ys = np.linspace(low[1] - margin[1], high[1] + margin[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    regions = _classes_of(_network_outputs(net, np.column_stack([gx.ravel(), gy.ravel()])),
                          threshold).reshape(gx.shape)
    n_classes = int(max(regions.max(), labels.max())) + 1
    names = [str(k) for k in range(n_classes)] if class_names is None else list(class_names)
    if len(names) < n_classes:
        raise ValueError(f"plot_decision_regions: {len(names)} class names for "
                         f"{n_classes} classes")

    from matplotlib.colors import ListedColormap
    colours = ListedColormap([f"C{k % 10}" for k in range(n_classes)])
    fig = _figure(5.5, 5.0)
    ax = fig.add_subplot()
    levels = np.arange(n_classes + 1) - 0.5
    ax.contourf(gx, gy, regions, levels=levels, cmap=colours, alpha=0.25)
    ax.contour(gx, gy, regions, levels=levels[1:-1], colors="0.3", linewidths=0.8)
    for k in range(n_classes):      # one scatter per class, for the legend
        mine = labels == k
        ax.scatter(X[mine, 0], X[mine, 1], color=f"C{k % 10}", edgecolors="k",
                   linewidths=0.5, s=25, label=names[k])
    xname, yname = axis_names or ("input 0", "input 1")
    ax.set_xlabel(xname)
    ax.set_ylabel(yname)
    ax.legend(title="class (regions: predicted)", frameon=True, fontsize="small")
    ax.set_title(title)
    return _finish(fig, path)


def _layers(net):
    """Column of every module: inputs (and modules fed by nothing) at 0, every
    other module one right of its furthest forward source; a module that only
    feeds others (a BiasUnit) sits one left of its nearest target."""
    forward = [(u, v) for u, v, rec in net.graph.edges(data="recurrent") if not rec]
    sources = {m.name: [] for m in net.modulesSorted}
    targets = {m.name: [] for m in net.modulesSorted}
    for u, v in forward:
        sources[v].append(u)
        targets[u].append(v)
    inputs = {m.name for m in net.inmodules}
    layer = {}
    for m in net.modulesSorted:    # topological: every source is placed first
        layer[m.name] = max((layer[u] + 1 for u in sources[m.name]), default=0)
    for name, outs in targets.items():
        if not sources[name] and name not in inputs and outs:
            layer[name] = max(min(layer[v] for v in outs) - 1, 0)
    return layer


_COLOURS = {"input": "#cfe2f3", "output": "#f9cb9c", "bias": "#e6e6e6", "hidden": "#d9ead3"}


def _role(net, m):
    if any(m is x for x in net.inmodules):
        return "input"
    if any(m is x for x in net.outmodules):
        return "output"
    return "bias" if type(m).__name__ == "BiasUnit" else "hidden"


def _self_loop(ax, xy):
    """A dashed red loop over the top of a module's box (a recurrent connection
    from the module to itself), placed in points so it hugs the box."""
    from matplotlib.transforms import offset_copy
    start = offset_copy(ax.transData, fig=ax.figure, x=14, y=17, units="points")
    end = offset_copy(ax.transData, fig=ax.figure, x=-14, y=17, units="points")
    ax.annotate("", xy=xy, xycoords=end, xytext=xy, textcoords=start, zorder=2,
                arrowprops=dict(arrowstyle="-|>", color="tab:red", linestyle="--", lw=1.4,
                                shrinkA=0, shrinkB=0, mutation_scale=14,
                                connectionstyle="arc,angleA=90,angleB=90,armA=18,armB=18,rad=6"))


def plot_network(net, path=None, title=None):
    """The module graph of a sorted network, drawn with networkx from ``net.graph``.

    Modules are boxes labelled with their name, class and size (units), laid
    out in columns by layer (``net.modulesSorted``, inputs on the left).
    Forward connections are solid arrows; recurrent ones (from step t-1) are
    dashed, curved and red; a self-recurrent module gets a loop.
    """
    if not getattr(net, "sorted", False) or not hasattr(net, "graph"):
        raise ValueError(f"plot_network needs a sorted network; got {net!r} (call "
                         "sortModules() first)")
    import networkx as nx

    layer = _layers(net)
    graph = nx.MultiDiGraph(net.graph)
    nx.set_node_attributes(graph, layer, "layer")
    pos = nx.multipartite_layout(graph, subset_key="layer", align="vertical")
    n_layers = max(layer.values()) + 1
    per_layer = max(list(layer.values()).count(k) for k in range(n_layers))
    fig = _figure(max(4.5, 2.2 * n_layers), max(3.0, 1.4 * per_layer + 1.2))
    ax = fig.add_subplot()
    mods = {m.name: m for m in net.modules}
    node_size = 5200
    edges = [(u, v, bool(rec)) for u, v, rec in graph.edges(data="recurrent")]
    for u, v, recurrent in edges:
        if u == v:
            _self_loop(ax, pos[u])
            continue
        # an edge that skips a layer curves around the boxes in between, away
        # from the middle (up from a source above it, down from one below)
        bend = 0.0 if abs(layer[v] - layer[u]) <= 1 else -0.25 if pos[u][1] >= 0 else 0.25
        style = (dict(style="dashed", edge_color="tab:red", connectionstyle="arc3,rad=0.35")
                 if recurrent else
                 dict(style="solid", edge_color="0.25",
                      connectionstyle=f"arc3,rad={bend}"))
        nx.draw_networkx_edges(graph, pos, edgelist=[(u, v)], ax=ax, node_size=node_size,
                               node_shape="s", arrows=True, width=1.4, arrowsize=14, **style)
    for name, (x, y) in pos.items():
        m = mods[name]
        size = "" if type(m).__name__ == "BiasUnit" else f" ({m.outdim})"
        ax.text(x, y, f"{name}\n{type(m).__name__}{size}", ha="center", va="center",
                fontsize=9, zorder=3,
                bbox=dict(boxstyle="round,pad=0.5", fc=_COLOURS[_role(net, m)], ec="0.3"))
    if any(recurrent for _, _, recurrent in edges):
        from matplotlib.lines import Line2D
        ax.legend(handles=[Line2D([], [], color="0.25", label="forward"),
                           Line2D([], [], color="tab:red", linestyle="--",
                                  label="recurrent (t-1 -> t)")],
                  loc="lower center", frameon=False, ncol=2, bbox_to_anchor=(0.5, -0.08))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.35, max(xs) + 0.35)
    ax.set_ylim(min(ys) - 0.45, max(ys) + 0.45)
    ax.set_axis_off()
    named = "" if net.name == type(net).__name__ else f" {net.name!r}"
    ax.set_title(title or f"{type(net).__name__}{named}: {net.paramdim} parameters")
    return _finish(fig, path)

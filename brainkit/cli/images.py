"""``brainkit train --image CxHxW --conv SPECS``: a convolutional network for
rows that are images (each row C*H*W pixels, channel-major, row-major).

Each ``--conv`` layer (``32x3``: 32 filters of 3x3, padded to keep the image
size) is followed by a ReLU and ``--pool`` max pooling; the dense ``--hidden``
layers and the output come after them (brainkit.tools.convolutional). The
pixels are scaled by one number, the largest absolute value in the training
part, which the first convolution's weights then absorb, so a saved model
takes raw pixels like every model ``train`` saves.
"""

import argparse

import numpy as np

from brainkit.cli.errors import UsageError, UserError


def _sizes(text, what, example, count=None):
    try:
        values = [int(v) for v in text.lower().split("x")]
    except ValueError:
        values = []
    if not values or min(values) < 1 or (count is not None and len(values) != count):
        raise argparse.ArgumentTypeError(f"expected {what} like {example}; got {text!r}")
    return tuple(values)


def _image(text):
    return _sizes(text, "channels x height x width", "1x8x8", 3)


def _convolutions(text):
    return [_sizes(part, "filters x kernel size (comma-separated layers)", "32x3 or 32x3,64x3",
                   2) for part in text.split(",")]


def add_options(parser):
    g = parser.add_argument_group("images (a convolutional network)")
    g.add_argument("--image", type=_image, metavar="CxHxW",
                   help="each row is an image of C channels of H x W pixels, channel-major "
                        "(the bundled digits: 1x8x8); needs --conv")
    g.add_argument("--conv", type=_convolutions, metavar="SPECS",
                   help="convolution layers before the --hidden ones, e.g. 32x3 (32 filters "
                        "3x3) or 32x3,64x3; each padded to keep the image size and followed "
                        "by a ReLU and --pool max pooling (backprop's default --lr becomes "
                        "0.001)")
    g.add_argument("--pool", type=int, default=2, metavar="N",
                   help="N x N max pooling after each convolution (default 2; 1: none)")


def check_options(args, indim):
    """Refuse image options that do not fit together or the data. Backprop's
    default learning rate becomes 0.001: a convolution's derivatives sum
    over every position of every sample, and at 0.01 its ReLUs can die in
    the first epochs."""
    if args.image is None and args.conv is None:
        return
    if args.image is None or args.conv is None:
        raise UsageError("--image and --conv go together: give the image shape (e.g. "
                         "--image 1x8x8) and the convolutions (e.g. --conv 32x3)")
    if args.pool < 1:
        raise UsageError(f"--pool must be at least 1 (1: no pooling); got {args.pool}")
    if args.hiddenclass == "lstm":
        raise UsageError("--hiddenclass lstm does not go with --conv: use sigmoid, tanh or relu")
    C, H, W = args.image
    if C * H * W != indim:
        raise UserError(f"--image {C}x{H}x{W} has {C * H * W} pixels, but the data has "
                        f"{indim} input columns")
    if args.trainer == "backprop" and args.lr is None:
        args.lr = 0.001


def scaling(X, how):
    """(shift, scale) for the pixels: all divided by the largest absolute value
    of the training part (nothing with ``--scale none``)."""
    largest = float(np.abs(X).max(initial=0.0))
    factor = largest if how != "none" and largest > 0 else 1.0
    return np.zeros(X.shape[1]), np.full(X.shape[1], factor)


def fold_scaling(net, shift, scale):
    """Make ``net`` take raw pixels: conv0's weights absorb the one factor
    (exact: the zero padding stays zero)."""
    net["conv0"].weights[:] /= scale[0]


def make_network(args, indim, outdim, classification):
    """buildConvolutionalNetwork from the options; ``args.outclass`` is filled in."""
    from brainkit.tools.convolutional import (Convolution, MaxPooling,
                                              buildConvolutionalNetwork)
    from brainkit.tools.fitting import OUTPUT, layer_class, output_class
    layers = []
    for filters, kernel in args.conv:
        layers.append(Convolution(filters, kernel, padding=kernel // 2))
        if args.pool > 1:
            layers.append(MaxPooling(args.pool))
    hidden = layer_class(args.hiddenclass, ("sigmoid", "tanh", "relu"))
    args.outclass = output_class(args.outclass, classification)
    out = layer_class(args.outclass, OUTPUT)
    try:
        return buildConvolutionalNetwork(args.image, *layers, *args.hidden, outdim,
                                         hiddenclass=hidden, outclass=out, init="he",
                                         rng=np.random.default_rng(args.seed),
                                         dtype=args.dtype)
    except ValueError as exc:
        raise UserError(f"--image/--conv/--pool: {exc}") from None


def describe(args):
    """The image layers for the 'network:' line: ['1x8x8', 'conv 32x3', 'maxpool 2']."""
    text = ["x".join(str(v) for v in args.image)]
    for filters, kernel in args.conv:
        text.append(f"conv {filters}x{kernel} relu")
        if args.pool > 1:
            text.append(f"maxpool {args.pool}")
    return text

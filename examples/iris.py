"""Fisher's iris with a ClassificationDataSet, _convertToOneOfMany and percentError.

Run: python examples/iris.py
"""

import sys

import numpy as np

from brainkit import SoftmaxLayer, buildNetwork
from brainkit.datasets import ClassificationDataSet, load_iris
from brainkit.tools.validation import percentError
from brainkit.trainers import BackpropTrainer


def main(quick=False):
    np.random.seed(1)
    iris = load_iris()
    # rebuild it the PyBrain way: integer class labels, then one-of-many targets
    ds = ClassificationDataSet(4, 1, nb_classes=3, class_labels=iris.class_labels)
    for x, label in zip(iris["input"], iris["class"].ravel()):
        ds.addSample(x, [label])
    test, train = ds.splitWithProportion(0.25)
    train._convertToOneOfMany()
    test._convertToOneOfMany()
    net = buildNetwork(4, 5, 3, outclass=SoftmaxLayer)
    trainer = BackpropTrainer(net, train, learningrate=0.01, momentum=0.5, seed=1)
    epochs = 20 if quick else 100
    trainer.trainEpochs(epochs)
    train_err = percentError(trainer.testOnClassData(), train["class"])
    test_err = percentError(trainer.testOnClassData(test), test["class"])
    print(f"epochs: {epochs}  train error: {train_err:5.2f} %  test error: {test_err:5.2f} %")
    return train_err, test_err


if __name__ == "__main__":
    main("--quick" in sys.argv)

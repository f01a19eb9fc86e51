"""The main job: a 64-64-10 network learns the bundled hand-written digits.

buildNetwork(64, 64, 10, hiddenclass=TanhLayer, outclass=SoftmaxLayer), trained
with BackpropTrainer.trainUntilConvergence on 75 % of the digits; the accuracy
is measured on the held-out 25 %.

Run: python examples/digits.py            (add --quick for a short run)
"""

import sys
import time

import numpy as np

from brainkit import SoftmaxLayer, TanhLayer, buildNetwork
from brainkit.datasets import load_digits
from brainkit.tools.validation import percentError
from brainkit.trainers import BackpropTrainer


def main(quick=False, seed=0):
    rng = np.random.default_rng(seed)
    data = load_digits()
    test, train = data.splitWithProportion(0.25, rng=rng)
    print(f"digits: {len(train)} training and {len(test)} test samples, "
          f"{data.indim} inputs, {data.nClasses} classes")
    net = buildNetwork(64, 64, 10, hiddenclass=TanhLayer, outclass=SoftmaxLayer,
                       init="glorot", rng=rng)
    trainer = BackpropTrainer(net, train, learningrate=0.01, momentum=0.9, batchsize=8,
                              seed=rng)
    start = time.perf_counter()
    trainer.trainUntilConvergence(maxEpochs=5 if quick else 100, continueEpochs=10,
                                  validationProportion=0.2)
    seconds = time.perf_counter() - start
    epochs = len(trainer.trainingErrors)
    train_error = percentError(trainer.testOnClassData(train), train["class"])
    test_error = percentError(trainer.testOnClassData(test), test["class"])
    print(f"trained {epochs} epochs in {seconds:.1f} s "
          f"(best validation error {min(trainer.validationErrors):.5f})")
    print(f"training accuracy: {100 - train_error:.2f} %")
    print(f"test accuracy:     {100 - test_error:.2f} %")
    return 100 - test_error


if __name__ == "__main__":
    main("--quick" in sys.argv)

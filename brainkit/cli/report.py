"""What the command reports: outputs, class numbers, scores and the results table."""

import numpy as np

from brainkit.tools.fitting import outputs, predicted  # noqa: F401 (the command's names)


LOSS_WORDS = {
    "crossentropy": "cross-entropy, minus the log of the probability the network gives the "
                    "true class, averaged over samples (0 is perfect)",
    "mse": "mean squared error of the targets scaled to mean 0 and variance 1 (0 is perfect; "
           "1 is as good as always predicting the mean)",
    "sse": "PyBrain's half squared error, averaged over samples and outputs",
}
UNSCALED_MSE = "mean squared error of the targets as they are (0 is perfect)"


def loss_words(loss, targets_scaled):
    """What ``loss`` measures, in words; for the mean squared error, whether
    it is that of scaled targets (``fitting.scales_targets``)."""
    return UNSCALED_MSE if loss == "mse" and not targets_scaled else LOSS_WORDS[loss]


def regression_scores(Y, out):
    """(RMSE, MAE, R²) over every target value; R² = 1 - SS_res / SS_tot, with
    SS_tot about each column's mean (nan when the targets are constant)."""
    D = Y - out
    total = float(np.sum((Y - Y.mean(axis=0)) ** 2))
    r2 = 1 - float(np.sum(D ** 2)) / total if total > 0 else float("nan")
    return float(np.sqrt(np.mean(D ** 2))), float(np.mean(np.abs(D))), r2


def class_table(labels, guesses, classes):
    """Per class: samples, recall (correct among its samples) and precision
    (correct among the samples predicted to be it)."""
    width = min(24, max(5, *(len(c) for c in classes)))
    rows = [f"  {'class'.ljust(width)}  {'samples':>7}  {'recall':>7}  {'precision':>9}"]
    for k, name in enumerate(classes):
        mine, said = labels == k, guesses == k
        hits = int(np.sum(mine & said))
        recall = f"{100 * hits / mine.sum():6.2f}%" if mine.any() else "      -"
        precision = f"{100 * hits / said.sum():8.2f}%" if said.any() else "        -"
        rows.append(f"  {name[:width].ljust(width)}  {int(mine.sum()):7d}  {recall}  {precision}")
    return "\n".join(rows)


def confusion_text(labels, guesses, classes):
    """A confusion matrix as text: a row per true class, a column per prediction."""
    k = len(classes)
    matrix = np.zeros((k, k), dtype=int)
    np.add.at(matrix, (labels, np.clip(guesses, 0, k - 1)), 1)
    classes = [c[:12] for c in classes]
    width = max(max(len(c) for c in classes), len(str(matrix.max())))
    head = " " * (width + 3) + " ".join(c.rjust(width) for c in classes)
    rows = [f"  {c.rjust(width)} " + " ".join(str(v).rjust(width) for v in row)
            for c, row in zip(classes, matrix)]
    return "\n".join([head, *rows])


def report(table, parts, say=print):
    """The results table of ``parts`` (name -> (Table, loss or None, network
    or its outputs for that part)) and the per-class table or scores,
    through ``say``; returns the headline of the last part (test, else
    validation, else training) for the final line."""
    classes = table.labels is not None
    head = f"  {'':10}  {'samples':>7}  {'loss':>10}"
    say("\n" + head + (f"  {'accuracy':>8}" if classes else
                          f"  {'RMSE':>10}  {'MAE':>10}  {'R²':>7}"))
    headline = None
    for name, (part, loss, net) in parts.items():
        if not len(part):
            continue
        out = net if isinstance(net, np.ndarray) else outputs(net, part.X)
        line = f"  {name:10}  {len(part):7d}  {'-' if loss is None else f'{loss:.4g}':>10}"
        if classes:
            guesses = predicted(out)
            accuracy = float(np.mean(guesses == part.labels))
            say(line + f"  {100 * accuracy:7.2f}%")
            headline = (f"{name} accuracy {100 * accuracy:.2f}% on {len(part)} samples",
                        part, guesses)
        else:
            rmse, mae, r2 = regression_scores(part.Y, out)
            say(line + f"  {rmse:10.4g}  {mae:10.4g}  {r2:7.3f}")
            headline = (f"{name} RMSE {rmse:.4g} (MAE {mae:.4g}, R² {r2:.3f}) on {len(part)} "
                        "samples", part, None)
    if classes and headline is not None:
        name = headline[0].split()[0]
        say(f"\nper class ({name} data):")
        say(class_table(headline[1].labels, headline[2], table.classes))
        if len(table.classes) <= 20:
            say(f"\nconfusion matrix ({name} data; rows: true class, columns: predicted)")
            say(confusion_text(headline[1].labels, headline[2], table.classes))
    return None if headline is None else headline[0]

"""The one error a model file reader raises for a bad file."""

from brainkit.filechecks import cut


class ModelFileError(ValueError):
    """A model file is not a valid brainkit/PyBrain network file.

    The message names the file, the element (and line) or HDF5 object that is
    wrong, what was expected and what came; it quotes at most short excerpts
    of the file and is cut to about ``MAX_MESSAGE_CHARS`` (of
    ``brainkit.filechecks``) characters, whatever the file holds. Being a
    ``ValueError``, it is caught by generic handlers of bad input.

    >>> raise ModelFileError("net.xml: the root element is <html>, expected <PyBrain>")
    Traceback (most recent call last):
    ...
    brainkit.io.errors.ModelFileError: net.xml: the root element is <html>, expected <PyBrain>
    """

    def __init__(self, message=""):
        ValueError.__init__(self, cut(message))

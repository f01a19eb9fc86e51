"""The two kinds of failure the command reports in one line on stderr."""


class UserError(Exception):
    """A mistake of the user's (a missing file, a bad CSV cell, a model that
    does not fit the data): exit status 1, the message is the whole story."""


class UsageError(Exception):
    """A bad command line: exit status 2, as argparse gives."""

"""The one error an import gives for a file it cannot read: a line naming the problem."""
from __future__ import annotations


class ImportFailure(Exception):
    """The file cannot be imported; the message completes "<file>: ..." and has no traceback."""

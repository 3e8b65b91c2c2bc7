"""Text from elsewhere -> text safe to show or to write into a file a person opens.

Why one home: the terminal (cli.output) and the files proeve writes from a
reviewer's words (the Markdown comment sheet) drop the same characters.
"""

from __future__ import annotations

import re

# C0 and C1 control characters (but tab and newline), DEL, and the bidi controls that
# make text read other than it is: none of them is ever printed as it came.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def printable(text: str) -> str:
    """Text with terminal control and escape characters removed (tabs and newlines kept)."""
    return _CONTROL.sub("", text)

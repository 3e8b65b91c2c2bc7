"""A YAML parser error -> where the mistake is and how to fix it, in plain words.

PyYAML says what its grammar expected (`expected <block end>, but found
'<block mapping start>'`) and where it noticed, which is often a line after the
mistake. The common mistakes of people editing by hand (an indent off by a
space, a ': ' inside a value, a quote left open, a list item without '- ') are
recognised here from the error and the text around it; anything else keeps
the parser's own words.
"""

from __future__ import annotations

import re

import yaml

Located = tuple[int, int, str]  # line and column from 1, message

_INDENT = (
    "this line's indentation does not match the lines above it: indent it with as many "
    "spaces as the other keys (or list items) at its level"
)
_KEY_ON_LINE = re.compile(r"(\s*(?:- +)?)([^\s#'\"\[{][^:#]*?):\s+(\S.*)")
_NO_SPACE = re.compile(r"\s*(?:- +)?[^\s#'\"\[{:][^:#\s]*:[^\s:/]")


def explain(exc: yaml.MarkedYAMLError, text: str) -> Located:
    """The place to fix and a message saying how, for a parser or scanner error."""
    problem, context = exc.problem or "", exc.context or ""
    start, mark = exc.context_mark, exc.problem_mark or exc.context_mark
    if mark is None:
        return 1, 1, problem or context or "invalid YAML"
    lines = text.splitlines() or [""]
    if "mapping values are not allowed" in problem:
        return _stray_colon(lines, mark.line, mark.column)
    if "could not find expected ':'" in problem and start is not None:
        return (
            start.line + 1,
            start.column + 1,
            "this line is not 'key: value' and not a list item: begin a list item with "
            "'- ', and write a key as 'key: value'",
        )
    if "unknown escape" in problem:
        return (
            mark.line + 1,
            mark.column + 1,
            "a \\ inside \"...\" starts an escape: write it twice (\\\\), or quote with '...'",
        )
    if "quoted scalar" in context and start is not None:
        quote = text[start.index] if start.index < len(text) else '"'
        message = (
            f"the quote {quote} that opens this value is never closed: end the value with {quote}"
        )
        return start.line + 1, start.column + 1, message
    if "expected <block end>" in problem:
        return _after_value(text, lines, mark.line, mark.column, mark.index)
    if ("alias" in context or "anchor" in context) and start is not None:
        sign, example = ("*", "*vet* en meer") if "alias" in context else ("&", "& partners")
        return (
            start.line + 1,
            start.column + 1,
            f"a value that starts with {sign} must be in quotes (YAML reads {sign}name as a "
            f'reference), e.g. "{example}"',
        )
    if "cannot start any token" in problem:
        char = re.search(r"character '(.+?)'", problem)
        sign = char[1] if char else "this character"
        if sign == "\\t":
            return mark.line + 1, mark.column + 1, _tab(lines, mark.line, mark.column)
        return mark.line + 1, mark.column + 1, f"a value cannot start with {sign}: put it in quotes"
    if "sequence entries are not allowed" in problem:
        return (
            mark.line + 1,
            mark.column + 1,
            "'- ' starts a list item only on a line of its own, below its key; "
            "for text that starts with '-', put it in quotes",
        )
    if "flow" in context and start is not None:
        inside = "flow sequence" in context or "flow mapping" in context
        opener = start.index if inside else _last_opener(text, mark.index)
        if opener is not None and text[opener : opener + 1] in ("[", "{"):
            row = text.count("\n", 0, opener)
            col = opener - (text.rfind("\n", 0, opener) + 1)
            sign = text[opener]
            return (
                row + 1,
                col + 1,
                f"the list opened here is not closed with {']' if sign == '[' else '}'}; or, "
                f"for text that starts with {sign}, put the whole value in quotes",
            )
    message = problem or context or "invalid YAML"
    if exc.problem and exc.context and start is not None:
        message += f" ({exc.context} started at {start.line + 1}:{start.column + 1})"
    return mark.line + 1, mark.column + 1, message


def _tab(lines: list[str], line: int, column: int) -> str:
    """A tab where YAML wants spaces: after a quoted value, at a line's end, or before a value."""
    here = lines[line] if line < len(lines) else ""
    before, after = here[:column].rstrip(" \t"), here[column:].strip(" \t")
    if not after or after.startswith("#"):
        what = (
            "after the closing quote" if before.endswith(("'", '"')) else "at the end of the line"
        )
        return f"a tab {what}: remove it, or use a space"
    if before.endswith(("'", '"')):
        return "a tab after the closing quote: put all of the value in the quotes"
    return "a tab cannot start a value: use spaces, or put the whole value (tab and all) in quotes"


def _stray_colon(lines: list[str], line: int, column: int) -> Located:
    """`key: a: b` (a colon in a value), `key:value` above, or a line indented too far."""
    here = lines[line] if line < len(lines) else ""
    found = _KEY_ON_LINE.match(here)
    if found and len(found[1]) + len(found[2]) < column:
        key, value = found[2].strip(), found[3].strip()
        fixed = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
        return (
            line + 1,
            column + 1,
            f"a ': ' inside a value reads as a new key: put the value in quotes, {key}: {fixed}",
        )
    above = _previous(lines, line)
    if above is not None and _NO_SPACE.match(lines[above]):
        colon = lines[above].index(":")
        return above + 1, colon + 2, "put a space after the colon of a key (key: value)"
    indent = len(here) - len(here.lstrip())
    return (
        line + 1,
        indent + 1,
        "this line is indented further than the key above it: line it up with the other "
        "keys at its level (or, if it continues the text above, put that text in quotes)",
    )


def _after_value(text: str, lines: list[str], line: int, column: int, index: int) -> Located:
    """More after a complete value: text after quotes or brackets, or an indent that is off."""
    before = text[:index].rstrip(" ")
    last = before[-1:] if before and not before.endswith("\n") else ""
    if last in ("]", "}"):
        opener = "[" if last == "]" else "{"
        here = lines[line] if line < len(lines) else ""
        return (
            line + 1,
            here.find(opener) + 1 if opener in here[:column] else column + 1,
            f"a value that starts with {opener} is read as a list or mapping: put the whole "
            "value in quotes to keep it as text",
        )
    if last in ('"', "'"):
        return _after_quote(text, len(before) - 1, line, column)
    here = lines[line] if line < len(lines) else ""
    return line + 1, len(here) - len(here.lstrip()) + 1, _INDENT


def _after_quote(text: str, close: int, line: int, column: int) -> Located:
    quote = text[close]
    opening = _opening_quote(text, close)
    if opening is not None and text.count("\n", 0, opening) < line:
        row = text.count("\n", 0, opening)
        col = opening - (text.rfind("\n", 0, opening) + 1)
        return (
            row + 1,
            col + 1,
            f"the quote {quote} that opens this value is not closed on its line: end the "
            f"value with {quote}",
        )
    if quote == "'" and text[close + 1 : close + 2].isalnum():
        return (
            line + 1,
            column + 1,
            "a ' inside a value in '...' ends it: write it twice ('It''s') or use \"...\"",
        )
    return line + 1, column + 1, "text after the closing quote: put all of the value in the quotes"


def _last_opener(text: str, end: int) -> int | None:
    """The bracket ([ or {) still open at `end`, ignoring quoted text and comments roughly."""
    stack: list[int] = []
    quote = ""
    comment = False
    for index, char in enumerate(text[:end]):
        if comment:
            comment = char != "\n"
        elif quote:
            quote = "" if char == quote else quote
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            comment = True
        elif char in "\"'" and (index == 0 or text[index - 1] in " [{,:"):
            quote = char
        elif char in "[{":
            stack.append(index)
        elif char in "]}" and stack:
            stack.pop()
    return stack[0] if stack else None


def _opening_quote(text: str, close: int) -> int | None:
    quote = text[close]
    index = close - 1
    while index >= 0:
        if text[index] == quote:
            if quote == '"' and text[index - 1 : index] == "\\":
                index -= 2
                continue
            return index
        index -= 1
    return None


def _previous(lines: list[str], line: int) -> int | None:
    for index in range(line - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None

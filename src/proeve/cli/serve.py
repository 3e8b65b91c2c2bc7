"""proeve serve: the page live in a browser on this machine, a click away from its YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from proeve.cli import json_option, out, project_argument, say, talk_options, warn
from proeve.cli.engine import tell_fit, template_option

if TYPE_CHECKING:
    from proeve.drafts.watch import Round

DEFAULT_PORT = 8397


@click.command(
    epilog="""\b
Examples:
  proeve serve                              # then open the URL it prints
  proeve serve --open                       # ... in the default browser
  proeve serve --port 0                     # any free port
  proeve serve --editor "subl {file}:{line}:{col}"
  proeve serve --editor "vim +{line} {file}"   # a terminal editor needs a terminal
"""
)
@project_argument
@template_option
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 (0: any free port).")  # fmt: skip
@click.option("--editor", metavar="CMD", default=None,
              help="Command run on a click, with {file}, {line}, {col} "
                   "(default: $PROEVE_EDITOR, else VS Code's `code --goto`).")  # fmt: skip
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@json_option
@talk_options
def serve(
    project: Path, template: str, port: int, editor: str | None, open_browser: bool, as_json: bool
) -> None:
    """Show the page in a browser on this machine, updated on every save.

    Prints `serving http://127.0.0.1:PORT/?token=TOKEN` first (with --json, one
    JSON object with `url`). Click a word on the page to open the editor at its
    field's file:line:col; the fit, warnings, errors and drafts are beside it.
    Also writes output/preview.pdf on every save. Ctrl-C stops it.
    """
    import gc

    from proeve.serve.editor import check_template, command_template
    from proeve.serve.run import Session

    command = command_template(editor)
    if command is not None:
        check_template(command)
    session = Session(project, port, command)
    if as_json:
        out(json.dumps({"url": session.url, "port": session.server.port}))
    else:
        out(f"serving {session.url}")
    if command is None:
        say("no editor command (--editor, $PROEVE_EDITOR or VS Code's `code`): a click "
            "offers a vscode:// link instead")  # fmt: skip
    if open_browser:
        import webbrowser

        webbrowser.open(session.url)
    gc.enable()  # a long run: main() turned the cycle collector off for one-shot commands
    try:
        session.run(_report, template)
    except KeyboardInterrupt:
        say("stopped serving")


def _report(done: Round) -> None:
    from proeve.cli import problem_lines

    why = f" ({', '.join(done.changed)})" if done.changed else ""
    took = f"{done.seconds * 1000:.0f} ms"
    if done.preview is not None:
        tell_fit(f"wrote {done.preview.pdf} in {took}{why}: {done.preview.built.fitted.summary()}")
        return
    assert done.problem is not None
    from proeve.cli.problems import from_error, summary

    problems = from_error(done.problem)
    for line in problem_lines(problems):
        warn(line)
    warn(summary(problems))

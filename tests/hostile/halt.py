"""Run `proeve ARGS` in this process, signalling itself at one exact point: a kill or a stop on cue.

    python halt.py MODULE:NAME:N:before|after:SIGNAL proeve-args...

replaces NAME in MODULE by a wrapper that, on its N-th call, sends SIGNAL to
this process before or after calling the original. SIGKILL leaves exactly the
state a run killed there leaves; SIGSTOP holds the run there (with whatever it
holds, such as a lock) until the test sends SIGCONT. Real processes and real
signals, synchronised by waitpid, never by sleeping.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from typing import Any


def main() -> None:
    spec, *args = sys.argv[1:]
    module_name, name, nth, when, signal_name = spec.split(":")
    module = importlib.import_module(module_name)
    real = getattr(module, name)
    calls = [0]

    def wrapper(*a: Any, **k: Any) -> Any:
        calls[0] += 1
        hit = calls[0] == int(nth)
        if hit and when == "before":
            os.kill(os.getpid(), getattr(signal, signal_name))
        result = real(*a, **k)
        if hit and when == "after":
            os.kill(os.getpid(), getattr(signal, signal_name))
        return result

    setattr(module, name, wrapper)
    from proeve.cli import main as proeve

    proeve(args)


if __name__ == "__main__":
    main()

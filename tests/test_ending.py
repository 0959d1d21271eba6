"""The `morgue` command ends its process itself (`generator/ending.py`): never at the cost of
output not yet written, an exit code, or work another thread or process still does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

COMMAND = """
import sys, threading, time
from pathlib import Path
from generator.ending import keep_until_exit, run

def command():
    keep_until_exit([object() for _ in range(1000)])
    print("x" * 200_000)  # more than a pipe holds: written only when the reader reads it
    print("warning: something", file=sys.stderr)
    if sys.argv[1] == "thread":
        def late():
            time.sleep(0.3)
            Path(sys.argv[2]).write_text("done", encoding="utf-8")
        threading.Thread(target=late).start()
    sys.exit(sys.argv[3] if sys.argv[3] == "message" else int(sys.argv[3]))

run(command)
"""


def ended(tmp_path: Path, mode: str, code: str) -> subprocess.CompletedProcess[str]:
    mark = tmp_path / "mark"
    argv = [sys.executable, "-c", COMMAND, mode, str(mark), code]
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a user's
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, env=buffered)


def test_a_command_ends_with_all_its_output_and_its_exit_code(tmp_path: Path) -> None:
    for code in ("0", "1", "2"):
        done = ended(tmp_path, "alone", code)
        assert done.returncode == int(code)
        assert done.stdout == "x" * 200_000 + "\n"
        assert done.stderr == "warning: something\n"


def test_a_thread_still_at_work_is_waited_for(tmp_path: Path) -> None:
    done = ended(tmp_path, "thread", "0")
    assert done.returncode == 0
    assert (tmp_path / "mark").read_text(encoding="utf-8") == "done"


def test_an_exit_message_is_printed_as_python_prints_it(tmp_path: Path) -> None:
    done = ended(tmp_path, "alone", "message")
    assert done.returncode == 1
    assert done.stderr.endswith("message\n")

"""An output folder claimed before a command writes it: Morgue's own, empty or new, and whole."""

from __future__ import annotations

from pathlib import Path

from generator.build.outdir import refusal
from generator.build.output import OutputBusy, OutputRefused, settle


def claim_output(folder: Path, site_root: Path, setting: str) -> str | None:
    """Why `folder` (named by `setting`, e.g. "--out") may not be written, or None; when it may,
    first finish what a killed build left half-done there, before anything reads or writes it."""
    reason = refusal(folder, site_root, setting)
    if reason is not None:
        return reason
    try:
        settle(folder)
    except OutputRefused as exc:
        return str(exc)
    except OutputBusy:
        pass  # a build is writing it and settles it; this command's build will say so
    return None

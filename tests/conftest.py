"""Shared fixtures: fresh sites made with `morgue init`, and the raw wire cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.init import init_site

TESTS = Path(__file__).parent
WIRE_CASES = TESTS / "cases" / "wire"
SAMPLE = TESTS.parents[1] / "shared" / "samples" / "000_ec7a645d63049ad9.txt"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A new, empty archive site."""
    root = tmp_path / "site"
    init_site(root)
    return root

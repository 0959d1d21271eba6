"""Sites that must fail: each `tests/sites/invalid/<case>/` holds `expected.txt`, one line
`error: <text>`, `warning: <text>` or `template: <text>`; the text names the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build.pipeline import build
from generator.build.report import BuildError
from generator.config import load_config
from tests.golden import SITES, build_site, tree

INVALID = SITES / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if (p / "expected.txt").is_file())


def expected(case: str) -> tuple[str, str]:
    kind, _, text = (
        (INVALID / case / "expected.txt").read_text(encoding="utf-8").strip().partition(": ")
    )
    return kind, text


@pytest.mark.parametrize("case", CASES)
def test_invalid_site(case: str, tmp_path: Path) -> None:
    kind, text = expected(case)
    out = tmp_path / "public"
    if kind == "template":
        with pytest.raises(BuildError) as raised:
            build_site(INVALID / case, out)
        assert text in str(raised.value)
        assert not out.exists()  # no half-built site
        # Nothing beside it but the build's lock and its cache of compiled templates.
        assert {p.name for p in tmp_path.iterdir()} <= {".public.lock", ".public.cache"}
        return
    report = build_site(INVALID / case, out)
    problems = report.errors if kind == "error" else report.warnings
    assert len(problems) == 1 and text in str(problems[0]), problems
    assert report.ok is (kind == "warning")
    # The good story of the site still builds, as do its pages.
    assert (out / "2025/01/02/good-story/index.html").is_file()
    assert (out / "people/jane-doe/index.html").is_file()


def test_unknown_slug_is_an_error_when_strict(tmp_path: Path) -> None:
    config = load_config(INVALID / "unknown-person", output_dir=str(tmp_path / "public"))
    report = build(config, jobs=1, strict=True)
    assert not report.ok and not report.warnings
    assert "broken.md:7: unknown person 'john-roe'" in str(report.errors[0])
    # The page still names the person, title-cased from the slug.
    assert "<h1>John Roe</h1>" in (tmp_path / "public/people/john-roe/index.html").read_text(
        "utf-8"
    )


def test_template_error_keeps_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert build_site(SITES / "basic", out).ok
    before = tree(out)
    with pytest.raises(BuildError):
        build_site(INVALID / "template-undefined", out)
    assert tree(out) == before

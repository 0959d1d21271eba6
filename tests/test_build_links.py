"""A generated archive of 1,000 stories: every internal link of every page reaches a page."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.build.pipeline import build
from generator.config import load_config
from tests.sitegen import make_site


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


@pytest.mark.slow
@pytest.mark.parametrize("base", ["https://example.org/", "https://example.org/archive/"])
def test_every_internal_link_resolves(tmp_path: Path, base: str) -> None:
    site = make_site(tmp_path / "site", 1000, people=120, topics=25)
    out = tmp_path / "public"
    report = build(load_config(site, output_dir=str(out), base_url=base), jobs=2)
    assert report.ok and report.stories == 1000 and not report.warnings
    prefix = urlsplit(base).path
    broken: list[tuple[str, str]] = []
    checked = 0
    for page in sorted(out.rglob("*.html")):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if link.startswith("#"):
                if link[1:] not in parser.ids:
                    broken.append((str(page.relative_to(out)), link))
                continue
            if link.startswith(("http://", "https://", "mailto:")):
                continue
            assert link.startswith(prefix), (page, link)
            path = link[len(prefix) :].split("#")[0]
            target = out / path
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((str(page.relative_to(out)), link))
            checked += 1
    assert checked > 50_000
    assert not broken, broken[:20]

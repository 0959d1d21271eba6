"""sitemap.xml, its split into an index of parts, and robots.txt."""

from __future__ import annotations

import datetime as dt
import random
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.config import SiteConfig
from generator.models import Output
from generator.pages.sitemap import render_robots, render_sitemaps

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def site(tmp_path: Path, limit: int = 5, base_url: str = "https://example.org/") -> SiteConfig:
    return SiteConfig(root=tmp_path, base_url=base_url, sitemap_limit=limit)


def story_entries(year: int, count: int) -> list[tuple[str, int, dt.date | None]]:
    return [
        (f"/{year}/01/{day:02d}/story-{day}/", year, dt.date(year, 1, day))
        for day in range(1, count + 1)
    ]


PAGES: list[tuple[str, int, dt.date | None]] = [
    ("/", 0, dt.date(2025, 1, 3)),
    ("/people/", 0, None),
    ("/people/donald-trump/", 0, dt.date(2025, 1, 2)),
]


def locs(data: bytes, tag: str = "url") -> list[str]:
    root = ET.fromstring(data)
    return [el.findtext(f"{NS}loc") or "" for el in root.iter(f"{NS}{tag}")]


def by_path(outputs: list[Output]) -> dict[str, bytes]:
    paths = [o.path for o in outputs]
    assert len(paths) == len(set(paths)), "two outputs share a path"
    return {o.path: o.data for o in outputs}


def test_under_the_limit_one_urlset(tmp_path: Path) -> None:
    entries = [*story_entries(2025, 2), *PAGES]
    outputs = render_sitemaps(site(tmp_path), entries)
    assert [o.path for o in outputs] == ["sitemap.xml"]
    root = ET.fromstring(outputs[0].data)
    assert root.tag == f"{NS}urlset"
    assert locs(outputs[0].data) == sorted("https://example.org" + url for url, _, _ in entries)
    urls = {u.findtext(f"{NS}loc"): u.findtext(f"{NS}lastmod") for u in root.iter(f"{NS}url")}
    assert urls["https://example.org/2025/01/02/story-2/"] == "2025-01-02T00:00:00Z"
    assert urls["https://example.org/people/"] is None  # unknown: no <lastmod> at all


def test_exactly_at_the_limit_stays_one_file(tmp_path: Path) -> None:
    outputs = render_sitemaps(site(tmp_path), story_entries(2025, 5))
    assert [o.path for o in outputs] == ["sitemap.xml"]


def test_over_the_limit_an_index_of_parts(tmp_path: Path) -> None:
    entries = [*story_entries(2023, 2), *story_entries(2024, 12), *PAGES]
    files = by_path(render_sitemaps(site(tmp_path), entries))
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{NS}sitemapindex"
    parts = locs(files["sitemap.xml"], "sitemap")
    assert parts == [
        "https://example.org/sitemaps/2023.xml",
        "https://example.org/sitemaps/2024.xml",
        "https://example.org/sitemaps/2024-2.xml",
        "https://example.org/sitemaps/2024-3.xml",
        "https://example.org/sitemaps/pages.xml",
    ]
    assert set(files) == {"sitemap.xml"} | {p.removeprefix("https://example.org/") for p in parts}
    seen: list[str] = []
    for part in parts:
        data = files[part.removeprefix("https://example.org/")]
        assert ET.fromstring(data).tag == f"{NS}urlset"
        part_locs = locs(data)
        assert 1 <= len(part_locs) <= 5
        assert part_locs == sorted(part_locs)
        seen += part_locs
    assert sorted(seen) == sorted("https://example.org" + url for url, _, _ in entries)
    assert len(seen) == len(entries)
    # A part's lastmod is its newest entry's.
    mods = [el.findtext(f"{NS}lastmod") for el in index.iter(f"{NS}sitemap")]
    days = ["2023-01-02", "2024-01-05", "2024-01-10", "2024-01-12", "2025-01-03"]
    assert mods == [f"{day}T00:00:00Z" for day in days]


def test_part_without_any_date_has_no_lastmod(tmp_path: Path) -> None:
    entries = [*story_entries(2025, 5), ("/search/", 0, None)]
    files = by_path(render_sitemaps(site(tmp_path), entries))
    index = ET.fromstring(files["sitemap.xml"])
    last = list(index.iter(f"{NS}sitemap"))[-1]
    assert last.findtext(f"{NS}loc") == "https://example.org/sitemaps/pages.xml"
    assert last.find(f"{NS}lastmod") is None


def test_order_of_input_does_not_change_the_bytes(tmp_path: Path) -> None:
    entries = [*story_entries(2024, 7), *story_entries(2025, 4), *PAGES]
    shuffled = entries[:]
    random.Random(3).shuffle(shuffled)
    config = site(tmp_path)
    assert render_sitemaps(config, entries) == render_sitemaps(config, shuffled)
    big = site(tmp_path, limit=100)
    assert render_sitemaps(big, entries) == render_sitemaps(big, shuffled)


def test_base_url_with_a_path(tmp_path: Path) -> None:
    config = site(tmp_path, limit=2, base_url="https://example.org/archive/")
    files = by_path(render_sitemaps(config, story_entries(2025, 3)))
    assert locs(files["sitemap.xml"], "sitemap") == [
        "https://example.org/archive/sitemaps/2025.xml",
        "https://example.org/archive/sitemaps/2025-2.xml",
    ]
    assert locs(files["sitemaps/2025.xml"]) == [
        "https://example.org/archive/2025/01/01/story-1/",
        "https://example.org/archive/2025/01/02/story-2/",
    ]


def test_urls_are_xml_escaped(tmp_path: Path) -> None:
    outputs = render_sitemaps(site(tmp_path), [("/search/?q=a&b=<c>", 0, None)])
    assert locs(outputs[0].data) == ["https://example.org/search/?q=a&b=<c>"]


def test_empty_site_has_an_empty_valid_sitemap(tmp_path: Path) -> None:
    outputs = render_sitemaps(site(tmp_path), [])
    assert [o.path for o in outputs] == ["sitemap.xml"]
    assert locs(outputs[0].data) == []


def test_robots_points_at_the_sitemap(tmp_path: Path) -> None:
    robots = render_robots(site(tmp_path, base_url="https://example.org/archive/"))
    assert robots.path == "robots.txt"
    lines = robots.data.decode("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Disallow:" in lines  # empty: nothing is disallowed
    assert "Sitemap: https://example.org/archive/sitemap.xml" in lines

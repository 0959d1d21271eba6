"""Dates the pages can show: years 1000 to 9998, four digits in every date path. A story dated
outside them is refused at ingest and reported by the build, which still builds the others."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from generator import urls
from generator.build.pipeline import build
from generator.config import load_config

WIRE = Path(__file__).parent / "cases" / "wire"
STORY = (
    "---\nid: {id}\ntitle: {title}\ndate: {date}\npeople: [jane-doe]\n---\n\nThe court adjourned.\n"
)


def test_every_date_path_has_four_digit_years() -> None:
    day = dt.date(7, 1, 2)
    assert urls.year_url(7) == "/0007/"
    assert urls.day_url(day) == "/0007/01/02/"
    assert urls.day_url(day).startswith(urls.month_url(7, 1))
    assert urls.story_url(day, "a") == "/0007/01/02/a/"
    assert urls.story_content_path(day, "a") == "stories/0007/01/02/a.md"


def _site(root: Path, stories: dict[str, str]) -> Path:
    (root / "content" / "stories").mkdir(parents=True)
    (root / "site.toml").write_text('title = "Dates"\nsearch = false\n', encoding="utf-8")
    (root / "content" / "people.yaml").write_text("jane-doe:\n  name: Jane Doe\n", "utf-8")
    for number, (slug, date) in enumerate(stories.items(), start=1):
        text = STORY.format(id=f"{number:016x}", title=f"Story {slug}", date=date)
        (root / "content" / "stories" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def test_a_story_past_the_last_year_is_an_error_and_the_rest_builds(tmp_path: Path) -> None:
    site = _site(
        tmp_path / "site",
        {
            "first": "1000-01-01",
            "last": "9998-12-31",
            "too-late": "9999-12-31",
            "old": "0999-12-31",
        },
    )
    out = tmp_path / "public"
    report = build(load_config(site, output_dir=str(out)), jobs=1)
    assert not report.ok and report.stories == 2
    assert sorted(problem.located(site) for problem in report.errors) == [
        f"{site}/content/stories/old.md:4: date 0999-12-31: year 999 is outside the years "
        "the archive can show (1000-9998)",
        f"{site}/content/stories/too-late.md:4: date 9999-12-31: year 9999 is outside the years "
        "the archive can show (1000-9998)",
    ]
    # The first and last days the archive can show have their pages, calendars included.
    for page in ("1000/01/01/first", "9998/12/31/last", "1000/01", "9998/12", "9998"):
        assert (out / page / "index.html").is_file(), page
    assert not (out / "9999").exists() and not (out / "0999").exists()


def test_ingest_refuses_a_date_the_pages_cannot_show(tmp_path: Path) -> None:
    morgue = Path(sys.executable).with_name("morgue")
    site = _site(tmp_path / "site", {})
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(WIRE / "date_far_future.txt", raw / "001_far.txt")
    shutil.copy(WIRE / "delhi_multiword_dateline.txt", raw / "002_good.txt")
    done = subprocess.run(
        [str(morgue), "ingest", "--site", str(site), str(raw)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {raw / '001_far.txt'}: date 9999-12-31: year 9999 is outside the years "
        "the archive can show (1000-9998)"
    ]
    written = sorted(
        p.relative_to(site / "content" / "stories").parts[0] for p in site.rglob("*.md")
    )
    assert written == ["2025"]  # the good story, and nothing dated 9999

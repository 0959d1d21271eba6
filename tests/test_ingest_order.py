"""Ingest gives the same `content/` whatever the order of a batch and however it is split into
runs; identical files, clashing names, dateline cities and hand edits of `people.yaml` (issue 9)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import make_story, write_story
from generator.cli import main
from generator.commands.init import init_site
from generator.content import load_people, load_places
from generator.ingest.pipeline import ingest
from generator.ingest.wire import parse_wire
from tests.conftest import SAMPLE

# 30 generated stories of seed 6: before the fix, a second run of them retagged two stories with
# people that later stories of the batch taught.
SEED, COUNT = 6, 30


def run(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args[:1], "--site", str(site), *args[1:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The generated stories, without the copies of one story under other names."""
    folder = tmp_path_factory.mktemp("batch")
    files, texts = [], set()
    for index in range(COUNT):
        path = write_story(make_story(index, seed=SEED), folder)
        text = parse_wire(path.read_bytes(), path.name).text_hash
        if text not in texts:
            texts.add(text)
            files.append(path)
    return files


@pytest.fixture(scope="module")
def one_run(tmp_path_factory: pytest.TempPathFactory, batch: list[Path]) -> dict[str, object]:
    """`content/` after one run of the whole batch."""
    content = new_site(tmp_path_factory.mktemp("once") / "site")
    ingest(content, batch, jobs=1)
    return snapshot(content)


def snapshot(content: Path) -> dict[str, object]:
    """Every file of `content/`; the vocabularies as data (a split appends in another order)."""
    found: dict[str, object] = {}
    for path in sorted(content.rglob("*")):
        if path.is_file():
            rel = path.relative_to(content).as_posix()
            data = path.read_bytes()
            found[rel] = yaml.safe_load(data) if rel.endswith(".yaml") else data
    return found


def new_site(root: Path) -> Path:
    init_site(root)
    return root / "content"


def test_a_second_run_of_a_batch_changes_nothing(tmp_path: Path, batch: list[Path]) -> None:
    content = new_site(tmp_path / "site")
    first = ingest(content, batch, jobs=1)
    assert first.count("ingested") == len(batch)
    before = snapshot(content)
    again = ingest(content, batch, jobs=1)
    assert again.count("unchanged") == len(batch), [
        (r.source.name, r.status) for r in again.results if r.status != "unchanged"
    ]
    assert snapshot(content) == before


@pytest.mark.slow
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_split_of_a_batch_then_the_whole_batch_equals_one_run(
    tmp_path_factory: pytest.TempPathFactory,
    batch: list[Path],
    one_run: dict[str, object],
    data: st.DataObject,
) -> None:
    """Runs over parts of the batch in any order, then one run of it all: as one run alone."""
    parts = data.draw(st.lists(st.integers(0, 2), min_size=len(batch), max_size=len(batch)))
    order = data.draw(st.permutations(range(3)))
    split = new_site(tmp_path_factory.mktemp("split") / "site")
    for part in order:
        chosen = [path for path, p in zip(batch, parts, strict=True) if p == part]
        if chosen:
            ingest(split, chosen, jobs=1)
    ingest(split, batch, jobs=1)
    assert snapshot(split) == one_run
    final = ingest(split, batch, jobs=1)
    assert final.count("unchanged") == len(batch)


def test_two_identical_files_under_two_names_are_one_story_and_a_duplicate(
    site: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = " date 2025-06-01 Chennai, June 1 (PTI) Heavy rain lashed Chennai on Sunday.\n"
    for name in ("rain.txt", "rain-copy.txt"):
        (inbox / name).write_text(text + "\nSchools were shut.\n")
    for _ in range(2):
        code, output = run(site, "ingest", str(inbox))
        assert code == 0, output
        assert "0 updated" in output and "1 duplicate" in output, output
    assert len(list((site / "content" / "stories").rglob("*.md"))) == 1


def test_one_file_name_in_two_folders_never_overwrites_the_first_story(
    site: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(SAMPLE, first / SAMPLE.name)
    (second / SAMPLE.name).write_bytes(SAMPLE.read_bytes().replace(b"30-day truce", b"ceasefire"))
    code, output = run(site, "ingest", str(second), str(first))
    assert code == 1
    assert f"is taken by {first / SAMPLE.name}" in output
    [story] = (site / "content" / "stories").rglob("*.md")
    assert b"30-day truce" in story.read_bytes()


def test_tabs_and_newlines_in_file_names_keep_the_ledger_whole(site: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for index, name in enumerate(["tab\there.txt", "new\nline.txt", "cr\rhere.txt"]):
        lede = (
            f" date 2025-06-0{index + 1} Chennai, June {index + 1} (PTI) Story {index} of a kind."
        )
        (inbox / name).write_text(lede + "\n\nIt rained on Chennai again.\n")
    assert run(site, "ingest", str(inbox))[0] == 0
    code, output = run(site, "ingest", str(inbox))
    assert code == 0 and "3 unchanged" in output, output
    ledger = (site / "content" / "ingested.tsv").read_text(encoding="utf-8").splitlines()
    assert len(ledger) == 4 and all(line.count("\t") == 5 for line in ledger)


def test_unknown_dateline_cities_join_the_places_vocabulary_and_strict_builds_pass(
    site: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for index, city in enumerate(["Pathanamthitta", "Кострома", "Ciudad Juárez"]):
        lede = f" date 2025-06-0{index + 1} {city}, June {index + 1} (PTI) Officials met on Monday."
        (inbox / f"{index}.txt").write_text(lede + "\n\nThe meeting ended late.\n")
    code, output = run(site, "ingest", str(inbox))
    assert code == 0, output
    places = load_places(site / "content" / "places.yaml")
    assert {"pathanamthitta", "kostroma", "ciudad-juarez"} <= set(places)
    assert not places["kostroma"].reviewed and places["kostroma"].name == "Кострома"
    code, output = run(site, "build", "--strict", "--out", str(tmp_path / "out"))
    assert code == 0, output
    code, output = run(site, "ingest", str(inbox))
    assert "3 unchanged" in output


def test_greek_and_cyrillic_names_get_slugs_and_people_yaml_reads_back(
    site: Path, tmp_path: Path
) -> None:
    raw = tmp_path / "001_00000000000000aa.txt"
    raw.write_text(
        " date 2025-06-01 Athens, June 1 (AP) Prime Minister Αλέξης Τσίπρας met Владимир"
        " Путин on Monday, and Τσίπρας said the talks went well.\n\nПутин told reporters so.\n",
        encoding="utf-8",
    )
    code, output = run(site, "ingest", str(raw))
    assert code == 0, output
    people = load_people(site / "content" / "people.yaml")
    assert people["alexis-tsipras"].name == "Αλέξης Τσίπρας"
    assert all(slug for slug in people)
    for command in ("people", "ingest"):
        code, output = run(site, command, *([str(raw)] if command == "ingest" else []))
        assert code == 0, output


def test_appending_to_a_flow_style_people_yaml_still_reads_back(site: Path) -> None:
    (site / "content" / "people.yaml").write_text("{donald-trump: {name: Donald Trump}}")
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 0, output
    people = load_people(site / "content" / "people.yaml")
    assert people["donald-trump"].reviewed and not people["vladimir-putin"].reviewed


def test_renaming_a_person_keeps_their_slug_and_their_stories(site: Path) -> None:
    run(site, "ingest", str(SAMPLE))
    path = site / "content" / "people.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Vladimir Putin", "name: V. V. Putin")
    )
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 0 and "1 unchanged" in output, output
    assert "vladimir-putin-2" not in path.read_text(encoding="utf-8")


def test_deleting_or_merging_a_person_is_reported_with_the_stories_that_name_them(
    site: Path,
) -> None:
    run(site, "ingest", str(SAMPLE))
    [story] = (site / "content" / "stories").rglob("*.md")
    before = story.read_bytes()
    path = site / "content" / "people.yaml"
    people = yaml.safe_load(path.read_text(encoding="utf-8"))
    del people["yuri-ushakov"]
    del people["steve-witkoff"]
    people["donald-trump"] = {"name": "Donald Trump", "aliases": ["Steve Witkoff"]}
    path.write_text(yaml.safe_dump(people, allow_unicode=True))
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 0, output
    rel = story.relative_to(site / "content").as_posix()
    assert (
        f"yuri-ushakov was deleted; 1 stories still name it, left as they are for review: {rel}"
        in output
    )
    assert "steve-witkoff was merged into donald-trump" in output
    assert story.read_bytes() == before
    assert "yuri-ushakov" not in path.read_text(encoding="utf-8")

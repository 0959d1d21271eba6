"""`morgue check`: validate the content, build into a temporary folder, check the built site.

For CI and for editors before publishing. Nothing is written to the site's output folder: the
build goes to a temporary folder that is removed afterwards. Every problem names a file (relative
to the site folder for content, relative to the built site for output) and a line.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator.build.pipeline import build
from generator.build.report import BuildError
from generator.check.output import check_output
from generator.config import SiteConfig
from generator.content import load_stories, load_vocabularies
from generator.content_text import front_matter_line
from generator.models import Problem, Story, TermKind, Topic
from generator.site.problems import Duplicate, unique_stories, unknown_slugs_in
from generator.wording import counted

GROUPS = ("content", "vocabulary", "build", "html", "links", "feeds", "sitemaps")
"""Problem groups, in the order a report shows them: sources first, then what was built."""
_PACKAGE = Path(__file__).parents[1]


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Everything `check_site` found, in a stable order."""

    problems: tuple[Problem, ...]
    """Sorted by group (`Problem.kind`, in `GROUPS` order), file, line and message; files
    relative to the site folder (content, templates) or to the built site (pages, feeds)."""
    stories: int
    """Story files validated."""
    pages: int
    """HTML pages checked."""
    links: int
    """Internal links checked (pages, feeds, sitemaps)."""

    @property
    def ok(self) -> bool:
        """True when nothing is wrong: the exit code is 0."""
        return not self.problems


def check_site(config: SiteConfig, *, jobs: int | None = None) -> CheckReport:
    """Validate the stories and vocabularies of `config`, build the site into a temporary folder
    with strict checks, then check every page, link, feed and sitemap of what was built.

    Never writes to `config.output_dir`. `jobs` is the number of processes for the build and the
    output checks (default: all cores).
    """
    problems, stories = check_content(config)
    pages = links = 0
    with tempfile.TemporaryDirectory(prefix="morgue-check-") as tmp:
        built = replace(config, output_dir=Path(tmp) / "site")
        try:
            # A full build, as a deploy makes; its cache goes beside the temporary output.
            report = build(built, jobs=jobs, strict=True, incremental=False)
        except BuildError as exc:
            problems += [_build_problem(config, problem) for problem in exc.problems]
        else:
            # check_content found the content problems already, each with its own line.
            found = (*report.errors, *report.warnings)
            problems += [_build_problem(config, p) for p in found if p.kind == "build"]
            checked, links, pages = check_output(
                built.output_dir, config.base_url, config.base_path, jobs=jobs
            )
            problems += checked
    order = {group: index for index, group in enumerate(GROUPS)}
    ordered = sorted(set(problems), key=lambda p: (order[p.kind], p.file, p.line, p.message))
    return CheckReport(problems=tuple(ordered), stories=stories, pages=pages, links=links)


# --- content and vocabularies ---------------------------------------------------------------------


def _relative(config: SiteConfig, path: Path | str) -> str:
    """A path as the report shows it: relative to the site, or to Morgue's package for the
    theme and packaged data, never a machine path."""
    path = Path(path)
    for root, prefix in ((config.root, ""), (_PACKAGE, "generator/")):
        try:
            return prefix + path.relative_to(root).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _build_problem(config: SiteConfig, problem: Problem) -> Problem:
    """A problem the build met, in the "build" group, its file named as the report names it."""
    file = _relative(config, problem.file) if problem.file else ""
    return Problem(file, problem.line, "build", problem.message)


def _entry_line(text: str, slug: str, key: str = "") -> int:
    """1-based line of a vocabulary entry `slug:`, or of its `key:` when it has one."""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if re.match(rf"{re.escape(slug)}\s*:", line):
            for offset, inner in enumerate(lines[number:], start=number + 1):
                if inner[:1] not in (" ", "\t", "#", ""):
                    break
                if key and re.match(rf"\s+{re.escape(key)}\s*:", inner):
                    return offset
            return number
    return 0


def check_content(config: SiteConfig) -> tuple[list[Problem], int]:
    """Problems of the story files and vocabularies, and the number of story files read."""
    stories, errors = load_stories(config.content_dir)
    problems = [error.within(config.root) for error in errors]
    _, duplicates = unique_stories(stories)
    problems += _duplicates(config, duplicates)
    vocabularies, broken = load_vocabularies(config)
    problems += [replace(error, file=_relative(config, error.file)) for error in broken]
    # A vocabulary that failed to load would make every slug of its kind unknown: its one error
    # says it all.
    kinds = [k for k in TermKind if all(Path(e.file).name != k.vocabulary_file for e in broken)]
    problems += unknown_slugs_in(config.content_dir, stories, vocabularies, kinds)
    problems += _topic_parents(config, vocabularies.topics)
    return problems, len(stories) + len(errors)


def _story_text(config: SiteConfig, story: Story) -> str:
    return (config.content_dir / story.path).read_text(encoding="utf-8")


def _duplicates(config: SiteConfig, duplicates: list[Duplicate]) -> list[Problem]:
    """Each story of an id or URL that two files claim, naming the others (the build keeps the
    first in path order and reports only the rest)."""
    claims: dict[tuple[str, str], dict[str, Story]] = defaultdict(dict)
    for duplicate in duplicates:
        for story in (duplicate.first, duplicate.story):
            claims[duplicate.what, duplicate.value][f"content/{story.path}"] = story
    problems: list[Problem] = []
    for (what, value), group in claims.items():
        key = "id" if what == "id" else "date"
        for own, story in group.items():
            others = ", ".join(sorted(file for file in group if file != own))
            said = f"id {value!r} is also the id" if what == "id" else f"{value} is also the URL"
            line = front_matter_line(_story_text(config, story), key)
            problems.append(Problem(own, line, "content", f"{said} of {others}"))
    return problems


def _topic_parents(config: SiteConfig, topics: Mapping[str, Topic]) -> list[Problem]:
    """A topic whose parent is not a topic, or that is its own ancestor."""
    problems = []
    text = (config.content_dir / "topics.yaml").read_text(encoding="utf-8") if topics else ""
    for slug, topic in topics.items():
        if topic.parent and topic.parent not in topics:
            message = f"topic {slug!r}: parent {topic.parent!r} is not a topic"
        else:
            chain, parent = [slug], topic.parent
            while parent in topics and parent not in chain:
                chain.append(parent)
                parent = topics[parent].parent
            if parent != slug or slug != min(chain):  # a loop is reported once, at its first slug
                continue
            message = f"topic {slug!r} is its own ancestor: {' -> '.join([*chain, slug])}"
        line = _entry_line(text, slug, "parent")
        problems.append(Problem("content/topics.yaml", line, "vocabulary", message))
    return problems


# --- reports ------------------------------------------------------------------------------------


_count = counted


def _counts(report: CheckReport) -> str:
    # "HTML pages", as `morgue build` names its count of files (pages, feeds and sitemaps).
    stories, pages = _count(report.stories, "story", "stories"), _count(report.pages, "HTML page")
    return f"{stories}, {pages}, {_count(report.links, 'link')} checked"


def format_text(report: CheckReport) -> str:
    """The report for a terminal or a CI log: problems grouped, one `file:line: message` a line,
    then a count line."""
    if report.ok:
        return f"No problems: {_counts(report)}\n"
    by_group = Counter(problem.kind for problem in report.problems)
    lines: list[str] = []
    for group in GROUPS:
        if by_group[group]:
            count = by_group[group]
            lines.append(f"{group} ({_count(count, 'problem')}):")
            lines += [str(problem) for problem in report.problems if problem.kind == group]
            lines.append("")
    problems, groups = _count(len(report.problems), "problem"), _count(len(by_group), "group")
    lines.append(f"{problems} in {groups}; {_counts(report)}")
    return "\n".join(lines) + "\n"


def format_json(report: CheckReport) -> str:
    """The report for machines: stable key order, problems in report order."""
    data = {
        "ok": report.ok,
        "stories": report.stories,
        "pages": report.pages,
        "links": report.links,
        "groups": dict(Counter(problem.kind for problem in report.problems)),
        "problems": [
            {"group": p.kind, "file": p.file, "line": p.line, "message": p.message}
            for p in report.problems
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

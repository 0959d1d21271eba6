"""What changed since the last build: input signatures, and the state a build leaves behind.

A build records, in the cache folder beside its output (`.public.cache/` for `public/`), the
signature (see `Signature`) of every story file with the story it parsed to (without its body:
bodies are re-read only for the pages re-rendered), the digests of everything that affects every
page (settings, vocabularies, Morgue itself) and of each template, the static files, and the list
of output files. The next build compares: what changed decides what is re-rendered (see
`work.py` and `changes.py`). A missing, unreadable or foreign cache simply means a full build.
The stories and the large tables (digests, related stories, pages), most of the state's bytes,
are saved as a base and a journal, as the search index is (`journal.py`): `build-stories.pickle`
holds them as of its last compaction, and the state file only what changed since, so that a build
after one edit writes what changed, not the archive.
The signatures of the inputs live in a small file of their own (`Inputs`), written after the
state: a build that finds nothing changed answers from it without reading the stories at all
(`Scan.last_build`), and one that goes on takes the story files' signatures from the same file,
read once.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import os
import pickle
import time
from collections.abc import Set
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter, ne
from pathlib import Path
from typing import Any

from generator import __version__
from generator.build.journal import (
    EMPTY,
    TABLES,
    Base,
    Journal,
    journal_limit,
    journal_of,
    replay,
)
from generator.build.outdir import MARKER
from generator.config import SiteConfig
from generator.content import (
    ContentFileError,
    decode_story,
    load_vocabularies,
    vocabulary_paths,
)
from generator.models import Problem, Source, Story, Vocabularies
from generator.pages.theme import static_folders, template_folders

CACHE_FORMAT = 15
STATE_FILE = "build-state.pickle"
STORIES_FILE = "build-stories.pickle"
"""Every story as the last compaction saw it; the state file holds those changed since."""
INPUTS_FILE = "build-inputs.pickle"
"""The signatures of the inputs alone, small: enough to tell that nothing changed."""
RACY_NS = 100_000_000
"""How close (ns) to a scan a file's last change must be to count as possibly changed."""

Signature = tuple[int, int, int, int]
"""(mtime in ns, size, ctime in ns, inode) of a file: one `stat`, and it changes whenever the
bytes may have. The modification time alone is not enough: `cp -p`, `touch -r`, an archive
extracted or a backup restored set it back, and a same-size edit then looks untouched. The status
change time cannot be set back by anyone (every write, and setting the mtime, moves it to now),
and a file replaced by a rename has a new inode. A signature that changed but bytes that did not
(a `touch`, a `chmod`, a checkout) cost a read and a hash, never a render."""


@dataclass
class SiteState:
    """The inputs a site was built from, and what the build wrote."""

    settings: str = ""
    """Digest of everything that every page depends on: settings, Morgue's version."""
    vocabularies: Vocabularies = field(default_factory=Vocabularies)
    """People, organisations, topics and places as read, to tell which entries changed."""
    vocabulary_files: tuple[Signature | None, ...] = ()
    """Signatures of the vocabulary files when read (None for a missing one)."""
    templates: dict[str, str] = field(default_factory=dict)
    """Template name -> digest of its text (site templates override theme ones)."""
    static: dict[str, str] = field(default_factory=dict)
    """Static file (output-relative path) -> digest of the file that provides it."""
    files: dict[str, Signature] = field(default_factory=dict)
    """Story file (relative to content/) -> signature when last read."""
    scanned_ns: int = 0
    """When the story files were listed (ns since the epoch)."""
    digests: dict[str, str] = field(default_factory=dict)
    """Story file -> SHA-256 of its bytes when last read."""
    digest_sum: int = 0
    """`digests` summed up (`story_hash` of every entry, modulo 2**256), kept up to date as
    entries come and go: the stories' part of `content_digest`, without a pass over them all."""
    stories: dict[str, Story] = field(default_factory=dict)
    """Story file -> the story read from it (bodies dropped when saved to disk)."""
    errors: dict[str, Problem] = field(default_factory=dict)
    """Story file -> why it could not be read."""
    vocabulary_errors: tuple[Problem, ...] = ()
    """Why a vocabulary file could not be read."""
    pages: frozenset[str] = frozenset()
    """Output path of every page and feed the build wrote."""
    sitemaps: frozenset[str] = frozenset()
    """Output paths of the sitemaps and robots.txt."""
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Story id -> ids of the related stories its page lists."""
    built: Built | None = None
    """What the build made of these inputs, for a next build that finds nothing changed."""
    site_token: str = ""
    """Names the gathered site saved beside this state (`site_file.py`); "" for none."""
    base: Base | None = field(default=None, compare=False, repr=False)
    """The stories file this state was loaded on, to save only what changed since."""


@dataclass(frozen=True, slots=True)
class Built:
    """What a build reported, kept so that a build that finds nothing changed can say it again
    without reading the stories."""

    stories: int
    """Stories built."""
    pages: int
    """Files of the site: pages, feeds, sitemaps."""
    errors: tuple[Problem, ...]
    """Unreadable files and duplicates."""
    unknown: tuple[Problem, ...]
    """Slugs a vocabulary lacks (warnings, or errors with `--strict`)."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """The signatures of a build's inputs and what it reported: the small file a build that
    finds nothing changed reads instead of the whole state, and the only copy of the story
    files' signatures (`SiteState.files`) on disk."""

    settings: str
    vocabulary_files: tuple[Signature | None, ...]
    templates: dict[str, str]
    static: dict[str, str]
    files: dict[str, Signature]
    scanned_ns: int
    """When the inputs were looked at: it names the build, and the state saved with it says the
    same."""
    built: Built | None


def settings_digest(config: SiteConfig) -> str:
    """Digest of the settings that shape every page (the output folder does not)."""
    values = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
    values.pop("output_dir")
    values.pop("root")  # where the site sits on a disk changes no page
    values.pop("scheduler")  # nor where it is rendered
    return hashlib.sha256(repr((__version__, sorted(values.items()))).encode()).hexdigest()


TEMPLATE_SUFFIXES = frozenset({".html", ".xsl"})
"""Files of `templates/` that are templates: pages, and the feeds' XSL stylesheet."""


def template_digests(config: SiteConfig) -> dict[str, str]:
    """Template name -> digest, the site's own templates replacing the theme's."""
    digests: dict[str, str] = {}
    for folder in template_folders(config):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
                    continue
                name = path.relative_to(folder).as_posix()
                digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def static_digests(config: SiteConfig) -> dict[str, str]:
    """Output path -> digest of each static file, the site's replacing the theme's."""
    found: dict[str, str] = {}
    for folder in static_folders(config):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    found[path.relative_to(folder).as_posix()] = digest
    return found


def story_signatures(content_dir: Path) -> dict[str, Signature]:
    """Story file (relative to content/) -> signature, by a walk of `content/stories/`."""
    found: dict[str, Signature] = {}
    folders = [(str(content_dir / "stories"), "stories/")]
    while folders:  # os.scandir: one listing per folder, types from it, one stat per story
        folder, relative = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.endswith(".md") and entry.is_file():
                found[relative + entry.name] = _stat_signature(entry.stat())
            elif entry.is_dir(follow_symlinks=False):  # as os.walk: a linked folder is not entered
                folders.append((entry.path, f"{relative}{entry.name}/"))
    return found


_STORY_FIELDS = tuple(field.name for field in dataclasses.fields(Story))
_SOURCE_FIELDS = tuple(field.name for field in dataclasses.fields(Source))
_FORMAT = (CACHE_FORMAT, __version__, _STORY_FIELDS, _SOURCE_FIELDS)
"""What a cache file must say it was written as: a story is pickled as its constructor's
arguments, by position (`models.pickled_as_arguments`), so a story with other fields (a Morgue of
another shape, even of the same version) is never read back."""


def _bodiless(story: Story) -> Story:
    """A story as the saved state keeps it: its body is read again when a page needs it."""
    return dataclasses.replace(story, body="") if story.body else story


def load_state(config: SiteConfig, inputs: Inputs | None = None) -> SiteState | None:
    """The state the last build of this output folder left, or None if there is none to trust.
    `inputs`: the inputs file as a `Scan` already read it; read here when None."""
    state = load_cache_file(config, STATE_FILE)
    if not isinstance(state, tuple) or len(state) != 3 or not isinstance(state[0], SiteState):
        return None
    light, token, journal = state
    saved = inputs if inputs is not None else load_cache_file(config, INPUTS_FILE)
    if not isinstance(saved, Inputs) or saved.scanned_ns != light.scanned_ns:
        return None  # a save cut short before its signatures were written: build it whole
    base = load_cache_file(config, STORIES_FILE)
    if not isinstance(base, Base) or base.token != token or not isinstance(journal, Journal):
        return None  # a compaction cut short, or a stranger's file: build it whole
    stories, tables, pages = replay(base, journal)
    loaded: SiteState = dataclasses.replace(
        light, stories=stories, pages=pages, base=base, files=saved.files, **tables
    )
    return loaded


def load_cache_file(config: SiteConfig, name: str) -> object:
    """What a cache file of this output folder holds, or None if there is none to trust."""
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes a million objects, none of them garbage: nothing to collect
    try:
        with (config.cache_dir / name).open("rb") as handle:
            saved = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    finally:
        # Nor later: the collector would go through all of them at the next allocations (a
        # second at 100,000 stories). Frozen objects are still freed when no longer referred
        # to; the build unfreezes them when it ends (`pipeline.build`).
        gc.freeze()
        if collecting:
            gc.enable()
    if not isinstance(saved, dict) or saved.get("format") != _FORMAT:
        return None
    if saved.get("output") != str(config.output_dir):
        return None  # the cache describes another folder
    if not (config.output_dir / MARKER).is_file():
        return None  # the site was deleted or emptied since: build it whole
    return saved.get("state")


def save_state(config: SiteConfig, state: SiteState) -> None:
    """Write the state for the next build (bodies dropped: they are re-read when needed): what
    changed since the stories file was written, or all of it again past `journal_limit`."""
    config.cache_dir.mkdir(parents=True, exist_ok=True)
    inputs_path = config.cache_dir / INPUTS_FILE
    inputs_path.unlink(missing_ok=True)  # never a summary of an older state
    tables: dict[str, dict[str, Any]] = {name: getattr(state, name) for name in TABLES}
    base = state.base
    journal = None if base is None else journal_of(base, state.stories, tables, state.pages)
    if base is None or journal is None or journal.size() > journal_limit(len(state.stories)):
        # Compaction: a new stories file first; the old state no longer matches it. One string
        # per path in the file: this walk made the keys of `files` afresh, while `digests`
        # carries the last state's for the stories not read again (pickle writes an object it
        # meets twice once, but two equal strings twice).
        digests = {path: state.digests[path] for path in state.files if path in state.digests}
        stories = {path: _bodiless(story) for path, story in state.stories.items()}
        base = Base(os.urandom(16).hex(), stories, {**tables, "digests": digests}, state.pages)
        write_cache_file(config, STORIES_FILE, base)
        journal = EMPTY
    else:
        bodiless = {path: story and _bodiless(story) for path, story in journal.stories.items()}
        journal = dataclasses.replace(journal, stories=bodiless)
    empty: dict[str, Any] = {name: {} for name in TABLES}
    light = dataclasses.replace(state, **empty, files={}, pages=frozenset(), stories={}, base=None)
    write_cache_file(config, STATE_FILE, (light, base.token, journal))
    inputs = Inputs(
        state.settings,
        state.vocabulary_files,
        state.templates,
        state.static,
        state.files,
        state.scanned_ns,
        state.built,
    )
    write_cache_file(config, INPUTS_FILE, inputs)


def write_cache_file(config: SiteConfig, name: str, state: object) -> None:
    """Write a cache file whole, or leave the old one: a temporary file renamed over it."""
    path = config.cache_dir / name
    temporary = path.with_suffix(".tmp")
    payload = {"format": _FORMAT, "output": str(config.output_dir)}
    with temporary.open("wb") as handle:
        pickle.dump({**payload, "state": state}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


class Scan:
    """The site's inputs as they are now, each looked at once and only when first asked for: a
    build that finds nothing changed and one that goes on share the same walk and digests."""

    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self.scanned_ns = time.time_ns()
        """When the inputs were looked at (taken before any of them is)."""

    @functools.cached_property
    def files(self) -> dict[str, Signature]:
        """Story file -> signature, by one walk of `content/stories/`."""
        return story_signatures(self.config.content_dir)

    @functools.cached_property
    def vocabulary_files(self) -> tuple[Signature | None, ...]:
        """Signatures of the vocabulary files (None for a missing one)."""
        return tuple(_signature(path) for path in vocabulary_paths(self.config))

    @functools.cached_property
    def settings(self) -> str:
        return settings_digest(self.config)

    @functools.cached_property
    def templates(self) -> dict[str, str]:
        return template_digests(self.config)

    @functools.cached_property
    def static(self) -> dict[str, str]:
        return static_digests(self.config)

    @functools.cached_property
    def inputs(self) -> Inputs | None:
        """The signatures the last build of this output folder saved, if any: read once, for
        `last_build` and for the state (`load_state`)."""
        saved = load_cache_file(self.config, INPUTS_FILE)
        return saved if isinstance(saved, Inputs) else None

    @functools.cached_property
    def last_build(self) -> Built | None:
        """What the last build of this output folder reported, if none of its inputs changed
        since (no story is read); None when anything may have changed. Asked by the command and
        by the pipeline, worked out once."""
        saved = self.inputs
        if saved is None or saved.built is None:
            return None
        racy_from = saved.scanned_ns - RACY_NS
        vocabularies = self.vocabulary_files
        if vocabularies != saved.vocabulary_files or any(
            sig is not None and _changed_ns(sig) >= racy_from for sig in vocabularies
        ):
            return None
        files = self.files
        if files != saved.files or _racy(files, racy_from):
            return None
        same = (
            self.settings == saved.settings
            and self.templates == saved.templates
            and self.static == saved.static
        )
        return saved.built if same else None


def read_content(
    scan: Scan, old: SiteState | None, hint: Set[Path] | None = None
) -> tuple[SiteState, set[str], frozenset[str] | None]:
    """Read the site's inputs as `scan` finds them, parsing only story files whose bytes changed
    since `old` (files whose signature is unchanged are not even read). `hint`: the files a
    watcher saw change, so that the other story files need no look at all.

    Returns the new state (outputs not yet known), the ids of stories added, removed or edited,
    and the story files looked at or gone (the others hold what they held), None when all were.
    """
    config = scan.config
    previous = old or SiteState()
    # A file saved within a clock tick of the last scan may have changed again since without its
    # signature showing it (the "racy git" problem): such files are read again.
    racy_from = previous.scanned_ns - RACY_NS
    look: set[str] | None = None  # story files that may have changed; None for all
    if previous.files and hint is not None:
        files, look = _listing(config, previous, hint)
    else:
        files = scan.files
        if previous.files:
            # In C (`map`, `compress`): a loop of Python over 100,000 files took 0.2 s under the
            # profiler.
            differ = map(ne, map(previous.files.get, files.keys()), files.values())
            look = set(compress(files.keys(), differ)) | _racy(files, racy_from)
    state = SiteState(
        settings=scan.settings,
        templates=scan.templates,
        static=scan.static,
        files=files,
        scanned_ns=scan.scanned_ns,
        base=previous.base,
    )
    changed = _read_stories(config, previous, state, racy_from, look)
    gone = previous.files.keys() - files.keys()
    for path in gone & previous.stories.keys():
        changed.add(previous.stories[path].id)
    _read_vocabularies(config, previous, state, racy_from, scan.vocabulary_files)
    return state, changed, None if look is None else frozenset(look | gone)


def _read_stories(
    config: SiteConfig,
    previous: SiteState,
    state: SiteState,
    racy_from: int,
    look: Set[str] | None,
) -> set[str]:
    """Fill `state`'s stories, errors and digests from its story files, reading only those that
    may have changed since `previous` (with `look`, only those named there: the others are as
    they were); the ids of the stories they held and hold."""
    changed: set[str] = set()
    paths: list[str] = sorted(state.files if look is None else look & state.files.keys())
    # The digests' sum follows every entry dropped and set: the time of the change, not of the
    # archive (a sorted pass over every digest was a third of a preview's rebuild at 100,000).
    # Every file in `paths` was dropped first, or was never there.
    digests = state.digests = dict(previous.digests) if look is not None else {}
    total = previous.digest_sum if look is not None else 0

    def put(path: str, digest: str) -> None:
        nonlocal total
        total = (total + story_hash(path, digest)) % _MODULUS
        digests[path] = digest

    if look is not None:
        state.stories, state.errors = dict(previous.stories), dict(previous.errors)
        for path in (previous.files.keys() - state.files.keys()) | look:
            state.stories.pop(path, None)
            state.errors.pop(path, None)
            if path in digests:
                total = (total - story_hash(path, digests.pop(path))) % _MODULUS
    for path in paths:
        signature = state.files[path]
        if previous.files.get(path) == signature and _changed_ns(signature) < racy_from:
            put(path, previous.digests.get(path, ""))
            _carry(previous, path, state.stories, state.errors)
            continue
        try:
            data = (config.content_dir / path).read_bytes()
        except OSError as exc:
            state.errors[path] = Problem(f"content/{path}", 0, "content", f"cannot read: {exc}")
            put(path, "")
            changed.update(_ids(previous, path))
            continue
        put(path, hashlib.sha256(data).hexdigest())
        if digests[path] == previous.digests.get(path):
            # Same bytes, new time (a checkout, a copy): nothing to parse, nothing to render.
            _carry(previous, path, state.stories, state.errors)
            continue
        changed.update(_ids(previous, path))
        try:
            story = decode_story(data, config.content_dir / path, config.content_dir)
        except ContentFileError as exc:
            state.errors[path] = exc.problem.within(config.root)
            continue
        state.stories[path] = story
        changed.add(story.id)
    state.digest_sum = total
    return changed


def _read_vocabularies(
    config: SiteConfig,
    previous: SiteState,
    state: SiteState,
    racy_from: int,
    files: tuple[Signature | None, ...],
) -> None:
    """Fill `state`'s vocabularies (whose files have signatures `files`): `previous`'s when no
    vocabulary file changed, else read."""
    state.vocabulary_files = files
    if (
        files == previous.vocabulary_files
        and max((_changed_ns(sig) for sig in files if sig), default=0) < racy_from
    ):
        state.vocabularies = previous.vocabularies
        state.vocabulary_errors = previous.vocabulary_errors
    else:
        vocabularies, errors = load_vocabularies(config)
        state.vocabularies, state.vocabulary_errors = vocabularies, tuple(errors)


def _listing(
    config: SiteConfig, previous: SiteState, hint: Set[Path]
) -> tuple[dict[str, Signature], set[str]]:
    """Story file -> signature: from the previous state and the watcher's `hint` (files, and the
    folders whose entries changed); and the story files the hint names, before and after."""
    root = config.content_dir / "stories"
    files = dict(previous.files)
    look: set[str] = set()
    for path in hint:
        if path != root and root not in path.parents:
            continue  # a vocabulary, a template, a static file, the settings
        key = path.relative_to(config.content_dir).as_posix()
        if path.suffix == ".md":
            look.add(key)
            signature = _signature(path)
            if signature is None:
                files.pop(key, None)
            else:
                files[key] = signature
            continue
        # A folder: what was under it is forgotten, what is under it now is listed.
        for stale in [name for name in files if name.startswith(key + "/")]:
            del files[stale]
            look.add(stale)
        for found in path.rglob("*.md") if path.is_dir() else ():
            signature = _signature(found)
            if signature is not None:
                name = found.relative_to(config.content_dir).as_posix()
                files[name] = signature
                look.add(name)
    return files, look


def _signature(path: Path) -> Signature | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return _stat_signature(stat)


def _stat_signature(stat: os.stat_result) -> Signature:
    return (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino)


def _racy(files: dict[str, Signature], racy_from: int) -> set[str]:
    """The files of `files` that changed at `racy_from` or later (see `_changed_ns`)."""
    signatures = files.values()
    changed_ns = map(max, map(itemgetter(0), signatures), map(itemgetter(2), signatures))
    return set(compress(files.keys(), map(racy_from.__le__, changed_ns)))


def _changed_ns(signature: Signature) -> int:
    """When the file last changed, as far as its signature tells: the later of its times (the
    status change time on POSIX; the modification time where ctime means creation)."""
    return max(signature[0], signature[2])


def _carry(
    previous: SiteState, path: str, stories: dict[str, Story], errors: dict[str, Problem]
) -> None:
    """Keep what the previous build read from an unchanged file."""
    if path in previous.stories:
        stories[path] = previous.stories[path]
    elif path in previous.errors:
        errors[path] = previous.errors[path]


def _ids(state: SiteState, path: str) -> set[str]:
    """The id of the story a file held in `state`, if any."""
    story = state.stories.get(path)
    return {story.id} if story else set()


_MODULUS = 1 << 256


def story_hash(path: str, digest: str) -> int:
    """One story file's share of `SiteState.digest_sum`: its path and its bytes' digest."""
    return int.from_bytes(hashlib.sha256(f"{path} {digest}".encode()).digest(), "big")


def content_digest(state: SiteState) -> str:
    """One digest of everything the site is built from: stories, vocabularies, templates,
    static files and settings. Two builds with the same digest serve the same site."""
    summary = hashlib.sha256()
    summary.update(state.settings.encode())
    summary.update(f"stories {len(state.digests)} {state.digest_sum:064x}\n".encode())
    summary.update(repr(state.vocabularies).encode())
    for name in sorted(state.templates):
        summary.update(f"template {name} {state.templates[name]}\n".encode())
    for name in sorted(state.static):
        summary.update(f"static {name} {state.static[name]}\n".encode())
    return summary.hexdigest()

"""Full-text search: a base index in size-bounded shards, plus a small delta, as log-structured
indexes keep theirs.

Pagefind cannot update an index, and its memory grows faster than the pages of one index (about
480 MB for 2,500 stories, 2.1 GB for 10,000). So:

- the **base** holds every story as of the last compaction, in shards of at most
  `SHARD_STORIES` stories (oldest first): indexing memory has a ceiling whatever the archive's
  shape, and shards are indexed side by side within the memory available;
- the **delta** holds the stories added or changed since; a build re-indexes only the delta, and
  records which base entries it supersedes (by Pagefind page id, with the URL to confirm it);
- **compaction** folds the delta into a new base when it grows past `delta_limit`, on a full
  build, or when the state of the index cannot be trusted.

Everything sits in `/pagefind/`: one folder per index, named after the content it holds so that a
browser never mixes two builds' files, `filters.json` (the values of each filter, for the search
form) and `index.json`, written last, which names the indexes, the superseded entries and the
filters file. The search page loads Pagefind once and merges the indexes (see `search.js`).
Records come from the stories, not from pages (see `pages/search_record.py`).
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__, urls
from generator.build.pagefind_service import PagefindError, PagefindProcess
from generator.config import SiteConfig
from generator.pages.search_record import SearchRecord

MANIFEST = "index.json"
"""The list of indexes the search page opens, inside the index folder."""
FILTERS_FILE = "filters.json"
"""Every value of every filter, for the search form's suggestions."""
STATE_FILE = "search-state.pickle"
"""What the next build needs to update the index, in the cache folder."""
SHARD_STORIES = 2500
"""Most stories in one base shard (Pagefind's memory grows with the stories of an index)."""
DELTA_STORIES = 250
"""Stories the delta may hold before it is folded into the base (or 2 % of the archive, if more):
re-indexing the delta is what an edit costs."""
MEMORY_PER_STORY = 0.21e6
MEMORY_PER_INDEX = 70e6
"""Pagefind's peak memory for one index, measured with 300-900-word wire stories: 480 MB for
2,000 stories, 2.1 GB for 9,766. Used to keep parallel shards within the memory available."""
MEMORY_SHARE = 0.5
"""Share of the memory available when indexing starts that parallel shards may use together."""
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's ready-made interfaces, written into every bundle: the search page uses its own
script on `pagefind.js`, and these would add about 420 KB to each index."""
_FRAGMENT_PREFIX = b"pagefind_dcd"


class SearchError(Exception):
    """The search index could not be written (Pagefind missing, or it failed or was killed)."""


@dataclass(frozen=True, slots=True)
class SearchUpdate:
    """What changed for search since the last build."""

    records: Mapping[str, SearchRecord]
    """URL -> record of every story added or changed (of every story when `full`)."""
    stale: frozenset[str]
    """URLs whose base entry no longer holds: the changed stories' before and after."""
    filters: Mapping[str, Sequence[str]]
    """Filter name -> every value in the archive (for `filters.json`)."""
    full: bool
    """Whether `records` holds every story: then the base is written anew."""

    def then(self, later: SearchUpdate) -> SearchUpdate:
        """This update followed by `later` (a preview gathers updates while it indexes)."""
        if later.full:
            return later
        return SearchUpdate(
            records={u: r for u, r in self.records.items() if u not in later.stale}
            | dict(later.records),
            stale=self.stale | later.stale,
            filters=later.filters,
            full=self.full,
        )


@dataclass(frozen=True, slots=True)
class SearchState:
    """The index as the last build left it: what the next one updates."""

    name: str
    """The name of the index in `index.json`; a state whose name is not there is not trusted."""
    shards: tuple[str, ...]
    """Folders of the base's shards."""
    base: Mapping[str, tuple[str, str]]
    """URL -> (shard, Pagefind page id) of every story in the base."""
    delta: Mapping[str, SearchRecord] = field(default_factory=dict)
    """URL -> record of every story added or changed since the base was written."""
    stale: frozenset[str] = frozenset()
    """URLs whose base entry no longer holds."""
    delta_folder: str | None = None
    """Folder of the delta's index, if it has one."""


def index_dir(site_dir: Path) -> Path:
    """The folder of the search indexes in a built site."""
    return site_dir / urls.SEARCH_INDEX_URL.strip("/")


def delta_limit(stories: int) -> int:
    """Most stories the delta holds before compaction, for an archive of `stories`."""
    return max(DELTA_STORIES, stories // 50)


def update_index(
    config: SiteConfig,
    site_dir: Path,
    update: SearchUpdate,
    every_record: Callable[[], Iterable[SearchRecord]],
    *,
    jobs: int | None = None,
) -> SearchState:
    """Bring the index of `site_dir` up to date with `update`; the state to save once the site is
    in place (`save_state`). Re-indexes the delta, or compacts (asking `every_record` for the
    whole archive unless the update holds it). Raises `SearchError` when Pagefind fails; the
    index in place stays whole (`index.json` is written last)."""
    target = index_dir(site_dir)
    target.mkdir(parents=True, exist_ok=True)
    old = None if update.full else _trusted_state(config, target)
    state = None
    try:
        if old is not None:
            delta = {u: r for u, r in old.delta.items() if u not in update.stale}
            delta |= update.records
            if len(delta) <= delta_limit(len(old.base)):
                state = _write_delta(config, target, old, delta, old.stale | update.stale)
        if state is None:
            records = update.records.values() if update.full else every_record()
            state = _write_base(config, target, list(records), jobs)
    except PagefindError as exc:
        raise SearchError(str(exc)) from None
    _write_json(target / FILTERS_FILE, {k: sorted(v) for k, v in sorted(update.filters.items())})
    _write_json(target / MANIFEST, _manifest(state))
    _remove_unlisted(target, state)
    return state


def _write_delta(
    config: SiteConfig,
    target: Path,
    old: SearchState,
    delta: dict[str, SearchRecord],
    stale: frozenset[str],
) -> SearchState:
    """Index the delta anew beside the base; the base stays as it is."""
    folder = None
    if delta:
        folder = "d-" + _digest(old.name, *(repr(delta[url]) for url in sorted(delta)))
        if not (target / folder / "pagefind-entry.json").is_file():
            _index(config, target, folder, list(delta.values()))
    return dataclasses.replace(old, delta=delta, stale=stale, delta_folder=folder)


def _write_base(
    config: SiteConfig, target: Path, records: list[SearchRecord], jobs: int | None
) -> SearchState:
    """Index every record anew, oldest first, in shards of at most `SHARD_STORIES`."""
    records.sort(key=lambda r: (r.date, r.url))
    name = "b-" + _digest(*(repr(record) for record in records))
    chunks = [records[i : i + SHARD_STORIES] for i in range(0, len(records), SHARD_STORIES)]
    shards = [f"{name}-{number}" for number in range(len(chunks))]
    if config.scheduler:  # on the cluster's workers, one shard per task
        from generator.build.cluster_search import index_on_cluster

        found = index_on_cluster(config.scheduler, index_language(config), target, shards, chunks)
        return _base_state(name, shards, found)
    need = MEMORY_PER_INDEX + MEMORY_PER_STORY * SHARD_STORIES
    fits = int(_available_memory() * MEMORY_SHARE // need)
    parallel = max(1, min(jobs or os.cpu_count() or 1, fits, len(chunks) or 1))
    running: list[PagefindProcess] = []
    pool = ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="morgue-search")
    try:
        futures = [
            pool.submit(_index, config, target, shard, chunk, running)
            for shard, chunk in zip(shards, chunks, strict=True)
        ]
        found = [future.result() for future in futures]
    except BaseException:
        # A stop or a failed shard: end the other shards' Pagefind processes now rather than
        # wait for them to finish indexing.
        pool.shutdown(wait=False, cancel_futures=True)
        for process in list(running):
            process.close()
        raise
    finally:
        pool.shutdown(wait=True)
    return _base_state(name, shards, found)


def _base_state(name: str, shards: list[str], found: list[dict[str, str]]) -> SearchState:
    """The state of a base of `shards`, given the page ids each one holds."""
    base = {
        url: (shard, page)
        for shard, ids in zip(shards, found, strict=True)
        for url, page in ids.items()
    }
    return SearchState(name=name, shards=tuple(shards), base=base)


def _index(
    config: SiteConfig,
    target: Path,
    folder: str,
    records: Sequence[SearchRecord],
    running: list[PagefindProcess] | None = None,
) -> dict[str, str]:
    """Write one Pagefind index of `records` into `target/folder`; URL -> Pagefind page id.
    The Pagefind process is listed in `running` while it works."""
    fresh = target / f".{folder}.tmp"  # renamed into place once whole
    shutil.rmtree(fresh, ignore_errors=True)
    ids = write_bundle(index_language(config), folder, records, fresh, running)
    move_in(fresh, target / folder)
    return ids


def index_language(config: SiteConfig) -> str:
    """The language Pagefind indexes the site's records in ("pt" for "pt-BR")."""
    return config.language.split("-")[0].lower()


def write_bundle(
    language: str,
    folder: str,
    records: Sequence[SearchRecord],
    fresh: Path,
    running: list[PagefindProcess] | None = None,
) -> dict[str, str]:
    """Write the Pagefind index of `records`, to be served as `folder`, into `fresh`; URL ->
    Pagefind page id. The Pagefind process is listed in `running` while it works."""
    with PagefindProcess() as pagefind:
        if running is not None:
            running.append(pagefind)
        index = pagefind.new_index(language)
        pagefind.add_records(index, (r.payload(language, folder) for r in records))
        pagefind.write(index, fresh)
    for unused in UNUSED_BUNDLE_FILES:
        (fresh / unused).unlink(missing_ok=True)
    return _page_ids(fresh)


def move_in(fresh: Path, final: Path) -> None:
    """Put the whole index `fresh` in the place of `final`."""
    if final.exists():
        shutil.rmtree(final)
    fresh.rename(final)


def _page_ids(bundle: Path) -> dict[str, str]:
    """URL -> Pagefind's page id (the fragment's name) of every page of a written index."""
    ids = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        if data.startswith(_FRAGMENT_PREFIX):
            data = data[len(_FRAGMENT_PREFIX) :]
        ids[json.loads(data)["url"]] = fragment.name.removesuffix(".pf_fragment")
    return ids


def _manifest(state: SearchState) -> dict[str, object]:
    """`index.json`: the indexes to open (base shards, then the delta), and the base entries the
    delta supersedes (page id -> URLs, as ids are short hashes that two shards may share)."""
    superseded: dict[str, list[str]] = {}
    for url in sorted(state.stale):
        if url in state.base:
            superseded.setdefault(state.base[url][1], []).append(url)
    folders = [*state.shards, *([state.delta_folder] if state.delta_folder else [])]
    return {
        "name": state.name,
        "indexes": [f"{folder}/" for folder in folders],
        "superseded": superseded,
        "filters": FILTERS_FILE,
    }


def _remove_unlisted(target: Path, state: SearchState) -> None:
    """Remove the indexes `index.json` no longer names (older bases and deltas)."""
    keep = {*state.shards, state.delta_folder, MANIFEST, FILTERS_FILE}
    for entry in target.iterdir():
        if entry.name not in keep:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _trusted_state(config: SiteConfig, target: Path) -> SearchState | None:
    """The saved state, when the index in `target` is the one it describes."""
    state = load_state(config)
    if state is None:
        return None
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    # The very indexes the state describes: a build stopped between writing `index.json` and
    # saving its state leaves a state that names an older delta.
    if not isinstance(manifest, dict) or manifest != _manifest(state):
        return None
    folders = [*state.shards, *([state.delta_folder] if state.delta_folder else [])]
    if not all((target / f / "pagefind-entry.json").is_file() for f in folders):
        return None
    return state


def load_state(config: SiteConfig) -> SearchState | None:
    """The state the last build saved, if it is readable and of this version of Morgue."""
    try:
        with (config.cache_dir / STATE_FILE).open("rb") as handle:
            saved = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    if not isinstance(saved, dict) or saved.get("version") != __version__:
        return None
    state = saved.get("state")
    return state if isinstance(state, SearchState) else None


def save_state(config: SiteConfig, state: SearchState) -> None:
    """Keep `state` for the next build (once the index it describes is in place)."""
    config.cache_dir.mkdir(parents=True, exist_ok=True)
    path = config.cache_dir / STATE_FILE
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump({"version": __version__, "state": state}, handle, pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def _write_json(path: Path, value: object) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(
        json.dumps(value, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    os.replace(temporary, path)


def _digest(*parts: str) -> str:
    summary = hashlib.sha256()
    for part in parts:
        summary.update(part.encode())
        summary.update(b"\0")
    return summary.hexdigest()[:10]


def _available_memory() -> float:
    """Bytes of memory free for new processes now; infinite where the system does not say."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return float("inf")

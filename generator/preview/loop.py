"""`morgue serve` and `morgue watch`: a watcher, an incremental builder and (for serve) a server.

The preview builds into its own folder (never `public/`), with the base URL of the local server,
keeps the last build's state in memory so each rebuild renders only what changed, and updates
that folder in place while the server holds requests. A failed rebuild leaves the last good site
served and shows the error in the browser.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from generator.build import search
from generator.build.output import OutputBusy
from generator.build.pipeline import build
from generator.build.report import BuildError
from generator.build.work import Previous
from generator.config import CONFIG_NAME, ConfigError, SiteConfig, load_config
from generator.ingest.pipeline import FileResult
from generator.models import Problem
from generator.pages.search_record import site_records
from generator.preview.inbox import Inbox
from generator.preview.server import LiveState, PreviewServer, relative_paths
from generator.preview.watcher import Watcher
from generator.site.gather import GatheredSite
from generator.workers import worker_pool, worker_state


class Preview:
    """Rebuilds a site into its preview folder when told what changed; publishes the outcome."""

    def __init__(self, config: SiteConfig, live: LiveState, echo: Callable[[str], None]) -> None:
        self.config, self.live, self.echo = config, live, echo
        self.url = config.base_url
        self.previous: Previous | None = None
        self._lock = threading.Lock()  # one rebuild at a time, whoever asks
        self.indexer = SearchIndexer(echo)

    def rebuild(self, changed: set[Path] | None = None) -> bool:
        """Bring the preview up to date; True when the site was rebuilt without error."""
        with self._lock:
            if changed is not None and self._settings_changed(changed):
                try:
                    self.config = preview_config(load_config(self.config.root), self.url)
                except ConfigError as exc:
                    self._failed([exc.problem])
                    return False
                self.previous = None  # new settings: everything is built again
            with self.live.rebuilding():
                try:
                    report = build(
                        self.config, previous=self.previous, index_search=False, hint=changed
                    )
                except BuildError as exc:
                    self._failed(exc.problems)
                    return False
                except (OutputBusy, OSError) as exc:
                    self._failed([Problem("", 0, "build", str(exc))])
                    return False
                self.previous = report.previous
            for problem in report.errors:  # a first build keeps going past bad files: name them
                self.echo(f"error: {problem.located(self.config.root)}")
            self.echo(report.summary())
            self.live.publish_reload(["*"] if not report.incremental else list(report.changed))
            if self.config.search and report.search_update and report.previous:
                # Pages first, their search index a moment later, without holding up the next
                # rebuild.
                self.indexer.request(self.config, report.search_update, report.previous.site)
            return True

    def on_change(self, changed: set[Path]) -> None:
        """The watcher's callback."""
        self.rebuild(changed)

    def _settings_changed(self, changed: set[Path]) -> bool:
        return any(path.name == CONFIG_NAME for path in changed)

    def _failed(self, problems: Sequence[Problem]) -> None:
        # The browser and the log: no home paths (the theme's files are named `theme/...`).
        root = self.config.root
        shown = [
            replace(p, file=relative_paths(p.file, root), message=relative_paths(p.message, root))
            for p in problems
        ] or [Problem("", 0, "build", "build failed")]
        first = shown[0]
        self.live.publish_failure(first.file, first.line, first.message)
        text = "\n".join(str(problem) for problem in shown)
        self.echo(f"error: {text}\nrebuild failed: still serving the last good site")


QUIET_BEFORE_INDEXING = 1.0
"""Seconds without a rebuild before the preview's search index is brought up to date."""


class SearchIndexer:
    """Brings a preview's search index up to date from a thread of its own, the work done in a
    child process."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        self.echo = echo
        self._wake = threading.Condition()
        self._config: SiteConfig | None = None
        self._update: search.SearchUpdate | None = None  # None: nothing to do
        self._failed: search.SearchUpdate | None = None  # tried again with the next request
        self._site: GatheredSite | None = None
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="morgue-search", daemon=True)
        self._thread.start()

    def request(self, config: SiteConfig, update: search.SearchUpdate, site: GatheredSite) -> None:
        """Apply `update` to the index of the site built with `config` (now `site`), soon."""
        with self._wake:
            self._config, self._site = config, site
            self._update = _then(_then(self._failed, self._update), update)
            self._failed = None
            self._wake.notify()

    def stop(self) -> None:
        """Finish the index being written, then stop."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._thread.join(timeout=5)  # a daemon: an index cut short leaves only a temporary folder

    def _run(self) -> None:
        # Below the rebuilds in the processor's eyes (Linux keeps a priority per thread, and the
        # indexing process forked from this thread inherits it, as does its Pagefind): pages
        # first, search after.
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._stopping or self._update is not None)
                # Let a burst of saves settle: one index update, not one per save.
                while not self._stopping and self._wake.wait(QUIET_BEFORE_INDEXING):
                    pass
                if self._stopping:
                    return
                config, update, site = self._config, self._update, self._site
                self._update = None
            assert config is not None and update is not None and site is not None
            try:
                # In a process of its own: records are made in Python, and a rebuild in this
                # one would otherwise wait for the interpreter lock behind them.
                with worker_pool(1, _IndexJob, (config, update, site)) as pool:
                    state = pool.submit(_index).result()
                search.save_state(config, state)
            except (search.SearchError, OSError, BrokenExecutor) as exc:  # the process killed too
                self.echo(f"error: search index: {exc}")
                with self._wake:
                    self._failed = update


@dataclass(frozen=True, slots=True)
class _IndexJob:
    """What the indexing process works on (inherited when it is forked, not sent)."""

    config: SiteConfig
    update: search.SearchUpdate
    site: GatheredSite


def _index() -> search.SearchState:
    """In the indexing process: bring the preview's search index up to date."""
    job = worker_state(_IndexJob)
    every_record = functools.partial(site_records, job.site)
    return search.update_index(job.config, job.config.output_dir, job.update, every_record)


def _then(
    first: search.SearchUpdate | None, second: search.SearchUpdate | None
) -> search.SearchUpdate | None:
    """`first` followed by `second`, either of which may be nothing."""
    if first is None or second is None:
        return first or second
    return first.then(second)


def preview_config(config: SiteConfig, url: str) -> SiteConfig:
    """The site's settings for a preview served at `url`, built beside its cache, not public/."""
    return replace(config, base_url=url, output_dir=preview_folder(config))


def preview_folder(config: SiteConfig) -> Path:
    """Where the preview builds the site (with its cache beside it), never `public/`."""
    return config.root / ".morgue-preview" / "site"


def watched(config: SiteConfig) -> list[Path]:
    """What a change of rebuilds the site: content, templates, static files, settings."""
    return [
        config.content_dir,
        config.templates_dir,
        config.static_dir,
        config.root / CONFIG_NAME,
    ]


def serve_site(
    config: SiteConfig,
    *,
    host: str,
    port: int,
    inbox: Path | None,
    poll: bool,
    echo: Callable[[str], None],
    allowed_hosts: tuple[str, ...] = (),
) -> None:
    """Build, serve and watch until interrupted (Ctrl-C); then stop every thread cleanly."""
    live = LiveState(root=Path())
    # Bind first: the port decides the base URL.
    server = PreviewServer((host, port), live, allowed_hosts)
    site = preview_config(config, server.url)
    live.root = site.output_dir
    preview = Preview(site, live, echo)
    watcher: Watcher | None = None
    feeder: Inbox | None = None
    try:  # Ctrl-C may come at any moment, the first build included
        preview.rebuild()
        watcher = Watcher(watched(config), preview.on_change, poll=poll)
        watcher.start()
        feeder = _start_inbox(inbox, config, poll, echo)
        echo(f"Serving {config.title} at {server.url} (Ctrl-C to stop)")
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        echo("Stopping")
    finally:
        live.close()
        server.server_close()
        _stop(watcher, feeder)
        preview.indexer.stop()


def watch_site(
    config: SiteConfig, *, inbox: Path | None, poll: bool, echo: Callable[[str], None]
) -> None:
    """Rebuild `public/` (incrementally, atomically) whenever the site changes, until Ctrl-C."""

    def rebuild(changed: set[Path] | None = None) -> None:
        try:
            echo(build(config).summary())
        except (BuildError, OutputBusy) as exc:
            echo(f"error: {exc}\nbuild failed: the previous site was left as it was")

    watcher: Watcher | None = None
    feeder: Inbox | None = None
    try:
        rebuild()
        watcher = Watcher(watched(config), rebuild, poll=poll)
        watcher.start()
        feeder = _start_inbox(inbox, config, poll, echo)
        echo(f"Watching {config.root} (Ctrl-C to stop)")
        threading.Event().wait()
    except KeyboardInterrupt:
        echo("Stopping")
    finally:
        _stop(watcher, feeder)


def _stop(watcher: Watcher | None, feeder: Inbox | None) -> None:
    if watcher is not None:
        watcher.stop()
    if feeder is not None:
        feeder.stop()


def _start_inbox(
    inbox: Path | None, config: SiteConfig, poll: bool, echo: Callable[[str], None]
) -> Inbox | None:
    if inbox is None:
        return None

    def show(result: FileResult) -> None:
        detail = f": {result.message}" if result.message else ""
        item = f" [{result.item}]" if result.item else ""
        echo(f"inbox: {result.status}: {result.source.name}{item}{detail}")

    feeder = Inbox(inbox, config.content_dir, on_result=show, poll=poll)
    feeder.start()
    echo(f"Ingesting raw stories that land in {inbox}")
    return feeder

"""What a cluster's worker renders from, shipped: the gathered site and the templates.

A worker needs nothing of the site on its disk. The client reads every template its loader
finds (the site's own `templates/` over the theme's, file by file, as a local build sees them)
into a `TemplateBundle`, and pickles it with the gathered site into one `Shipment`, named by the
SHA-256 of its bytes and sent to every worker once per build. A worker unpickles it once and keeps
the latest by its digest (a build that ships the same bytes again finds it unpacked); its Jinja
environment loads from the bundle and keeps compiled templates in the process's memory keyed by
their source's checksum, so a template compiles once per worker process, whatever the number of
builds. Each template keeps the file name it has on the client, so a template error on a worker
names the same file and line as a local build.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.bccache import Bucket, BytecodeCache

from generator.config import SiteConfig
from generator.pages.render import template_loader
from generator.site.gather import GatheredSite


@dataclass(frozen=True, slots=True)
class TemplateBundle:
    """Every template a build renders with, read on the client."""

    sources: dict[str, tuple[str, str]]
    """Template name -> (source, the file it was read from on the client)."""
    digest: str
    """SHA-256 of the names and sources: equal bundles, equal digests."""

    @property
    def size(self) -> int:
        """Bytes of template source."""
        return sum(len(source.encode("utf-8")) for source, _ in self.sources.values())


def bundle_templates(config: SiteConfig) -> TemplateBundle:
    """The templates of `config`'s site and theme, as its own loader finds them."""
    loader, env = template_loader(config), Environment()
    sources: dict[str, tuple[str, str]] = {}
    for name in sorted(loader.list_templates()):
        try:
            source, filename, _ = loader.get_source(env, name)
        except UnicodeDecodeError:  # not a template (a stray `.DS_Store`): no build can load it
            continue
        sources[name] = (source, filename or name)
    digest = hashlib.sha256()
    for name, (source, _) in sources.items():
        for part in (name, source):
            data = part.encode("utf-8")
            digest.update(len(data).to_bytes(8, "big") + data)
    return TemplateBundle(sources, digest.hexdigest())


class BundleLoader(BaseLoader):
    """A Jinja loader that reads a `TemplateBundle` and never the disk."""

    def __init__(self, bundle: TemplateBundle) -> None:
        self.bundle = bundle

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        found = self.bundle.sources.get(template)
        if found is None:
            raise TemplateNotFound(template)
        source, filename = found
        return source, filename, lambda: True  # a bundle never changes under its environment

    def list_templates(self) -> list[str]:
        return sorted(self.bundle.sources)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates in this process's memory, keyed by name and source checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # ignored unless the source's checksum matches

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


WORKER_BYTECODE = MemoryBytecodeCache()
"""The compiled templates of this worker process, for every build it renders."""


@dataclass(frozen=True, slots=True)
class Shipment:
    """What every worker receives once per build: all that rendering reads."""

    site: GatheredSite
    """The gathered site, with the bodies of the stories whose pages (or full feeds) render."""
    templates: TemplateBundle
    """The templates, as the client's loader finds them."""


@dataclass(frozen=True, slots=True)
class Packed:
    """A shipment as bytes, and their digest."""

    data: bytes
    """The pickled shipment."""
    digest: str
    """SHA-256 of `data`."""

    @property
    def size(self) -> int:
        """Bytes sent to each worker."""
        return len(self.data)


def pack(shipment: Shipment) -> Packed:
    """`shipment` as the bytes sent to the workers."""
    data = pickle.dumps(shipment, protocol=pickle.HIGHEST_PROTOCOL)
    return Packed(data, hashlib.sha256(data).hexdigest())


_unpacked: dict[str, Shipment] = {}
_unpacking = threading.Lock()


def unpack(data: bytes, digest: str) -> Shipment:
    """The shipment of `digest` (a worker's), unpickled from `data` the first time only; only the
    latest one is kept."""
    with _unpacking:  # the worker's threads share one copy
        found = _unpacked.get(digest)
        if found is None:
            _unpacked.clear()
            found = _unpacked[digest] = pickle.loads(data)  # the client's own bytes
        return found

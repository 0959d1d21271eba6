"""The render map on a Dask cluster (`morgue build --scheduler tcp://HOST:8786`).

The client gathers the site as a local build does and ships it to every worker once per build
(`scatter(..., broadcast=True)`), with the templates the build renders with (`bundle.py`): a
worker needs nothing of the site on its disk, nor at the client's path. Each task renders a
chunk of pages and sends the files' bytes back with the chunk's timings, related lists and search
records; the client writes them into its staging folder. So the output stays atomic and the
workers need no shared file system. Dask re-runs the tasks of a worker that dies; a template
error raised on a worker reaches the client as the same `TemplateFailure` a local build raises.
The client is closed when the map ends, however it ends. The search index's shards follow on the
same workers (`cluster_search.py`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.bundle import WORKER_BYTECODE, BundleLoader, Shipment, pack, unpack
from generator.build.output import write_output
from generator.build.printer import Reporter
from generator.build.rendering import Rendered, add_chunk, chunked, related_of, start_chunk
from generator.models import Output
from generator.pages.render import (
    RenderContext,
    create_context,
    create_environment,
    render_page,
)
from generator.site.plan import Page
from generator.wording import counted

if TYPE_CHECKING:
    from distributed import Client

INSTALL_HINT = "--scheduler needs Dask's distributed: pip install 'morgue[dask]'"
"""The one line a build with a scheduler says when distributed is not installed."""
CONNECT_SECONDS = 30
"""How long the client waits for the scheduler before the build fails."""


class ClusterError(Exception):
    """The cluster could not be reached or used; one line."""


def cluster_available() -> bool:
    """Whether Dask's distributed can be imported."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def connect(address: str) -> Client:
    """A client of the Dask scheduler at `address`; close it when done."""
    if not cluster_available():
        raise ClusterError(INSTALL_HINT)
    from distributed import Client
    from distributed.comm.addressing import parse_address
    from distributed.comm.registry import get_backend

    try:  # before a client is made: a client that fails half-made hangs the command's exit
        get_backend(parse_address(address)[0])
    except ValueError as exc:
        raise ClusterError(f"scheduler {address}: {exc}") from None
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"scheduler {address}: cannot connect ({exc})") from None


RemoteChunk = tuple[list[Output], Rendered]
"""What a task gives back: the files of its pages, and the rest of what rendering them gave."""


class _Held(threading.local):
    """A worker thread's render context, made once per shipment (by its digest). One per thread:
    a context gathers a chunk's timings and search records, and a worker may run tasks in
    several threads."""

    held: tuple[str, RenderContext] | None = None


_held = _Held()


def _context(data: bytes, digest: str) -> RenderContext:
    if _held.held is None or _held.held[0] != digest:
        shipment = unpack(data, digest)
        env = create_environment(
            shipment.site.config,
            loader=BundleLoader(shipment.templates),
            bytecode_cache=WORKER_BYTECODE,
        )
        _held.held = (digest, create_context(shipment.site, env))
    return _held.held[1]


def render_remote(data: bytes, digest: str, pages: Sequence[Page]) -> RemoteChunk:
    """Render a chunk of pages on a worker from the shipment `data` of `digest`; return their
    files rather than write them."""
    ctx = _context(data, digest)
    start_chunk(ctx)
    files = [render_page(ctx, page) for page in pages]
    return files, Rendered(dict(ctx.timings), related_of(ctx, pages), ctx.records or [])


def render_on_cluster(
    address: str,
    shipment: Shipment,
    pages: Sequence[Page],
    stage: Path,
    reporter: Reporter,
) -> Rendered:
    """Render every page on the workers of the Dask scheduler at `address` from what `shipment`
    holds, and write what they send back into `stage`; what rendering gave back, as
    `render_pages` returns it. The progress bar advances as each task completes."""
    from distributed import KilledWorker, as_completed

    client = connect(address)
    totals = Rendered({}, {}, [])
    try:
        reporter.stage("Shipping the site to the cluster")
        packed = pack(shipment)
        shipped = client.scatter(packed.data, broadcast=True, hash=False)
        workers = len(client.scheduler_info()["workers"])
        size = f"{packed.size / 1e6:.1f} MB"
        on = counted(workers, "worker")
        reporter.stage(f"Rendering pages on {on} ({size} shipped to each)", len(pages))
        futures = [
            client.submit(render_remote, shipped, packed.digest, chunk, pure=False)
            for chunk in chunked(pages)
        ]
        for future in as_completed(futures, loop=client.loop):
            files, rendered = future.result()  # re-raises a worker's exception here
            for output in files:
                write_output(stage, output)
            add_chunk(totals, (len(files), rendered), reporter)
            future.release()  # its bytes are written: the cluster may forget them
    except KilledWorker as exc:  # the workers that ran a task died, again and again
        raise ClusterError(f"scheduler {address}: {exc}".splitlines()[0]) from None
    finally:
        client.close()
    return totals

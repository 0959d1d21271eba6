"""The render map on a Dask cluster (`morgue build --scheduler tcp://HOST:8786`).

The client gathers the site as a local build does and ships it to every worker once per build
(`scatter(..., broadcast=True)`); each task renders a chunk of pages and sends the files' bytes
back with the chunk's timings, related lists and search records; the client writes them into its
staging folder. So the output stays atomic and the workers need no shared file system. Dask
re-runs the tasks of a worker that dies; a template error raised on a worker reaches the client as
the same `TemplateFailure` a local build raises. The client is closed when the map ends, however it
ends.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from generator.build.output import write_output
from generator.build.printer import Reporter
from generator.build.rendering import Rendered, add_chunk, chunked, related_of, start_chunk
from generator.models import Output
from generator.pages.render import RenderContext, create_context, render_page
from generator.site.gather import GatheredSite
from generator.site.plan import Page

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


RemoteChunk = tuple[list[Output], Rendered]
"""What a task gives back: the files of its pages, and the rest of what rendering them gave."""


class _Held(threading.local):
    """A worker thread's render context, made once per shipped site (a worker keeps the
    scattered site as one object, passed to each of its tasks). One per thread: a context
    gathers a chunk's timings and search records, and a worker may run tasks in several threads."""

    held: tuple[GatheredSite, RenderContext] | None = None


_held = _Held()


def _context(site: GatheredSite) -> RenderContext:
    if _held.held is None or _held.held[0] is not site:
        _held.held = (site, create_context(site))
    return _held.held[1]


def render_remote(site: GatheredSite, pages: Sequence[Page]) -> RemoteChunk:
    """Render a chunk of pages on a worker; return their files rather than write them."""
    ctx = _context(site)
    start_chunk(ctx)
    files = [render_page(ctx, page) for page in pages]
    return files, Rendered(dict(ctx.timings), related_of(ctx, pages), ctx.records or [])


def render_on_cluster(
    address: str,
    site: GatheredSite,
    pages: Sequence[Page],
    stage: Path,
    *,
    reporter: Reporter,
) -> Rendered:
    """Render every page on the workers of the Dask scheduler at `address` and write what they
    send back into `stage`; what rendering gave back, as `render_pages` returns it."""
    if not cluster_available():
        raise ClusterError(INSTALL_HINT)
    from distributed import Client, KilledWorker, as_completed
    from distributed.comm.addressing import parse_address
    from distributed.comm.registry import get_backend

    try:  # before a client is made: a client that fails half-made hangs the command's exit
        get_backend(parse_address(address)[0])
    except ValueError as exc:
        raise ClusterError(f"scheduler {address}: {exc}") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"scheduler {address}: cannot connect ({exc})") from None
    totals = Rendered({}, {}, [])
    try:
        shipped = client.scatter(site, broadcast=True, hash=False)
        futures = [
            client.submit(render_remote, shipped, chunk, pure=False) for chunk in chunked(pages)
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

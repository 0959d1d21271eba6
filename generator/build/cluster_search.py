"""The search index's base shards indexed on a Dask cluster's workers (`build --scheduler`).

Each shard (at most `search.SHARD_STORIES` stories) is one task: the client sends the shard's
records, a worker runs Pagefind on them in a scratch folder and sends back the index's files and
page ids, and the client puts the files in place as `write_base` does locally. So a worker needs
Pagefind (Morgue's own dependency) and no shared file system, and indexing runs as wide as the
cluster, one shard per worker thread, each with its own worker's memory. The delta of an
incremental build (at most a few hundred stories) stays on the client.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.build.cluster import ClusterError, connect
from generator.build.search import move_in, write_bundle
from generator.pages.search_record import SearchRecord

Shard = tuple[dict[str, bytes], dict[str, str]]
"""What a worker sends back: the index's files (path in the index -> bytes), and URL -> page id."""


def index_remote(language: str, folder: str, records: Sequence[SearchRecord]) -> Shard:
    """Index one shard on a worker, in a scratch folder of its own."""
    with tempfile.TemporaryDirectory(prefix="morgue-shard-") as scratch:
        fresh = Path(scratch) / folder
        ids = write_bundle(language, folder, records, fresh)
        files = {
            path.relative_to(fresh).as_posix(): path.read_bytes()
            for path in sorted(fresh.rglob("*"))
            if path.is_file()
        }
    return files, ids


def index_on_cluster(
    address: str,
    language: str,
    target: Path,
    shards: Sequence[str],
    chunks: Sequence[Sequence[SearchRecord]],
) -> list[dict[str, str]]:
    """Index each chunk of records as its shard on the workers of `address`, and write the
    shards into `target`; URL -> page id of each shard, in the order of `shards`."""
    from distributed import KilledWorker, as_completed

    client = connect(address)
    found: dict[str, dict[str, str]] = {}
    try:
        futures = {}
        for shard, chunk in zip(shards, chunks, strict=True):
            [records] = client.scatter([list(chunk)], hash=False)  # one object, not one per record
            futures[client.submit(index_remote, language, shard, records, pure=False)] = shard
        for future in as_completed(futures, loop=client.loop):
            files, ids = future.result()  # re-raises a worker's PagefindError here
            shard = futures[future]
            fresh = target / f".{shard}.tmp"
            for name, data in files.items():
                path = fresh / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            move_in(fresh, target / shard)
            found[shard] = ids
            future.release()
    except KilledWorker as exc:  # the workers that ran a shard died, again and again
        raise ClusterError(f"scheduler {address}: {exc}".splitlines()[0]) from None
    finally:
        client.close()
    return [found[shard] for shard in shards]

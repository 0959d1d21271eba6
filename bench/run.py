"""Benchmark Morgue (and, with --peers, Hugo) on a generated archive of N wire stories.

Usage: ``python bench/run.py --stories N [--json] [--peers] [--scheduler [ADDR]] [--seed S]
[--workdir DIR]``

Each step runs as a whole process and is measured for wall time, CPU time and peak memory of its
process tree (see ``bench/measure.py``): ingest, cold build, build with nothing changed, build
after editing one story, after adding one, after deleting one; then the preview server's time from
saving a story to serving the changed page; then the size of the output. With ``--scheduler``,
also a cold build on a Dask `LocalCluster` (or the scheduler at ADDR) beside the process pool's
(see ``bench/cluster_build.py``). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import frontmatter, hugo_peer, serve_latency
from bench.generate import DEFAULT_SEED, generate, make_story, write_story
from bench.measure import Measurement, StepFailed, measure

BENCH = Path(__file__).resolve().parent
BUILD_STEPS = ("cold_build", "warm_build", "edit_build", "add_build", "delete_build")
MORGUE_STEPS = ("ingest", *BUILD_STEPS[:3], "add_ingest", *BUILD_STEPS[3:])
STEP_LABELS = {
    "ingest": "1. ingest N stories",
    "cold_build": "2. cold build",
    "cluster_cold_build": "2b. cold build, Dask cluster",
    "warm_build": "3. build, nothing changed",
    "edit_build": "4a. build after editing one story",
    "add_ingest": "4b. ingest one new story",
    "add_build": "4b. build after adding it",
    "delete_build": "4c. build after deleting one",
    "serve": "5. serve: save to served (ms)",
}
LOCAL_CLUSTER = "local"
"""`--scheduler` without an address: a LocalCluster started for the step."""
SHIPPED = re.compile(r"Rendering pages on \d+ workers \((?P<mb>[\d.]+) MB shipped to each\)")
"""The build's own line of what it shipped to each worker."""
SEARCH_FOLDER = "pagefind"
"""The search index's folder, which differs from one build to the next (docs/scale.md)."""
EDIT_SENTENCE = "\nThe benchmark appended this sentence to measure an incremental rebuild.\n"


def log(message: str) -> None:
    """Progress goes to stderr, so --json output on stdout stays clean."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def morgue_command(override: str | None) -> list[str]:
    """How to call Morgue: --morgue, else the `morgue` script beside this Python, else -c."""
    if override:
        return shlex.split(override)
    script = Path(sys.executable).with_name("morgue")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]


def command_works(command: list[str]) -> bool:
    """Whether `command --help` exits 0 (used to tell if a Morgue command exists yet)."""
    result = subprocess.run(
        [*command, "--help"], capture_output=True, check=False, stdin=subprocess.DEVNULL
    )
    return result.returncode == 0


def output_stats(folder: Path) -> dict[str, Any]:
    """Pages (index.html files), files and bytes of an output folder, and pages by kind."""
    pages = files = size = 0
    kinds: Counter[str] = Counter()
    for root, _, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(root, name))
            if name == "index.html":
                pages += 1
                kinds[page_kind(Path(root).relative_to(folder).parts)] += 1
    return {
        "pages": pages,
        "files": files,
        "bytes": size,
        "pages_by_kind": dict(sorted(kinds.items())),
    }


def page_kind(parts: tuple[str, ...]) -> str:
    """Classify an output folder by Morgue's URL rules (docs: DESIGN.md, URLs)."""
    if not parts:
        return "home"
    if parts[0].isdigit():
        return ("year", "month", "day", "story")[min(len(parts), 4) - 1]
    if parts[0] in ("people", "organisations", "topics", "places"):
        if len(parts) == 1:
            return f"{parts[0]}:index"
        return f"{parts[0]}:term" if len(parts) == 2 else f"{parts[0]}:page"
    return parts[0]


def story_files(content: Path) -> list[Path]:
    """Story Markdown files in a stable order."""
    return sorted((content / "stories").rglob("*.md"))


def story_url(content: Path, story: Path) -> str:
    """Site URL of a story file: stories/YYYY/MM/DD/slug.md -> /YYYY/MM/DD/slug/."""
    relative = story.relative_to(content / "stories").with_suffix("")
    return "/" + "/".join(relative.parts) + "/"


def new_story_index(n: int, seed: int) -> int:
    """First index from n on that is not a duplicate (a duplicate would change nothing)."""
    index = n
    while make_story(index, seed).duplicate_of is not None:
        index += 1
    return index


class Bench:
    """One benchmark run: a work folder, the tools, and the figures gathered so far."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.n: int = args.stories
        self.seed: int = args.seed
        self.work: Path = (args.workdir or BENCH / "out" / f"run-{self.n}-{self.seed}").resolve()
        self.site = self.work / "site"
        self.content = self.site / "content"
        self.public = self.site / "public"
        self.logs = self.work / "logs"
        self.morgue = morgue_command(args.morgue)
        self.hugo: str | None = None
        self.hugo_dir = self.work / "hugo"
        self.hugo_public = self.work / "hugo-public"
        self.results: dict[str, dict[str, Any]] = {"morgue": {}, "hugo": {}}
        self.with_morgue: bool = not args.hugo_only
        self.raw = self.work / "raw"

    # -- preparation -------------------------------------------------------------------------

    def prepare(self) -> None:
        """Fresh work folders and the raw corpus (reused when already generated)."""
        for name in ("site", "hugo", "hugo-public", "add", "logs"):
            if (self.work / name).exists():
                shutil.rmtree(self.work / name)
        raw = self.raw
        stamp = raw / ".generated.json"
        wanted = {"stories": self.n, "seed": self.seed}
        if not (stamp.exists() and json.loads(stamp.read_text()) == wanted):
            if raw.exists():
                shutil.rmtree(raw)
            started = time.perf_counter()
            generate(self.n, raw, self.seed, jobs=os.cpu_count() or 1)
            stamp.write_text(json.dumps(wanted))
            log(f"generated {self.n} stories in {time.perf_counter() - started:.1f} s")

    # -- measured steps ----------------------------------------------------------------------

    def run(
        self, tool: str, step: str, command: list[str], ok_codes: tuple[int, ...] = (0,)
    ) -> Measurement:
        """Measure one step, record it, log it."""
        result = measure(f"{tool}-{step}", command, self.logs, ok_codes=ok_codes)
        self.results[tool][step] = result.as_dict()
        log(f"{tool:6} {step:13} {result.wall_s:8.2f} s wall {result.cpu_s:8.2f} s cpu "
            f"{result.peak_mb:8.1f} MiB")  # fmt: skip
        return result

    def morgue_build(self, step: str) -> None:
        """One measured `morgue build`."""
        self.run(
            "morgue",
            step,
            [*self.morgue, "build", "--site", str(self.site), "--out", str(self.public)],
        )

    def hugo_build(self, step: str) -> None:
        """One measured Hugo build of the same content (stubs synced first, not timed)."""
        if self.hugo is None:
            return
        hugo_peer.sync(self.hugo_dir, self.content)
        self.run("hugo", step, hugo_peer.build_command(self.hugo, self.hugo_dir, self.hugo_public))

    def both(self, step: str, change: Callable[[], None] | None = None) -> None:
        """Apply `change` to content/, then build with Morgue and with Hugo."""
        if change is not None:
            change()
        if self.with_morgue:
            self.morgue_build(step)
        self.hugo_build(step)

    def ingest_all(self) -> None:
        """Step 1: a fresh site and the whole corpus ingested (or converted, for --hugo-only)."""
        if self.with_morgue:
            init = subprocess.run(
                [*self.morgue, "init", str(self.site)], capture_output=True, text=True
            )
            if init.returncode != 0:
                raise StepFailed(f"`morgue init {self.site}` failed:\n{init.stderr}{init.stdout}")
            result = self.run(
                "morgue",
                "ingest",
                [*self.morgue, "ingest", "--site", str(self.site), str(self.raw)],
            )
            self.results["morgue"]["ingest"]["stories_per_s"] = round(self.n / result.wall_s, 1)
        else:
            written = frontmatter.convert(self.n, self.content, self.seed)
            log(f"--hugo-only: wrote {written} content files without Morgue")

    def cold(self) -> None:
        """Step 2: cold builds, and the output figures of the full archive (step 6)."""
        if self.with_morgue:
            for folder in (self.public, self.site / ".morgue-cache"):
                if folder.exists():
                    shutil.rmtree(folder)
            self.morgue_build("cold_build")
            self.results["morgue"]["output"] = output_stats(self.public)
        if self.hugo is not None:
            hugo_peer.clean(self.hugo_dir, self.hugo_public)
            self.hugo_build("cold_build")
            self.results["hugo"]["output"] = output_stats(self.hugo_public)

    def cluster_cold(self) -> None:
        """Step 2b: the cold build again on a Dask cluster, beside the process pool's."""
        out = self.site / "public-cluster"
        for folder in (out, out.with_name(f".{out.name}.cache")):
            if folder.exists():
                shutil.rmtree(folder)
        report = self.logs / "cluster.json"
        helper = [sys.executable, str(BENCH / "cluster_build.py"), "--report", str(report)]
        helper += ["--workers", str(self.args.cluster_workers)]
        if self.args.scheduler != LOCAL_CLUSTER:
            helper += ["--address", self.args.scheduler]
        build = [*self.morgue, "build", "--site", str(self.site), "--out", str(out)]
        self.run("morgue", "cluster_cold_build", [*helper, "--", *build])
        figures = json.loads(report.read_text())
        figures["identical"] = same_files(self.public, out)
        # What the build says it shipped to each worker; its pages are what streamed back.
        said = SHIPPED.search((self.logs / "morgue-cluster_cold_build.err").read_text())
        figures["shipped_mb_per_worker"] = float(said["mb"]) if said else None
        sent = [p.stat().st_size for p in out.rglob("*") if p.is_file() and not searched(out, p)]
        figures["sent_back_kb_per_file"] = round(sum(sent) / len(sent) / 1e3, 2)
        self.results["morgue"]["cluster_cold_build"].update(figures)
        log(f"cluster: {figures['build_s']} s build, {figures['shipped_mb_per_worker']} MB "
            f"shipped to each worker, identical: {figures['identical']}")  # fmt: skip

    def edits(self) -> None:
        """Steps 3 and 4: nothing changed, one story edited, one added, one deleted."""
        stories = story_files(self.content)
        edited, deleted = stories[len(stories) // 2], stories[len(stories) // 3]
        self.both("warm_build")

        def edit() -> None:
            with edited.open("a", encoding="utf-8") as handle:
                handle.write(EDIT_SENTENCE)

        self.both("edit_build", edit)
        added = self.work / "add"
        added.mkdir(exist_ok=True)
        story = make_story(new_story_index(self.n, self.seed), self.seed)
        if self.with_morgue:
            write_story(story, added)
            self.run(
                "morgue",
                "add_ingest",
                [*self.morgue, "ingest", "--site", str(self.site), str(added)],
            )
        else:
            frontmatter.write_content([story], self.content, vocabularies=False)
        self.both("add_build")
        self.both("delete_build", deleted.unlink)

    def serve(self) -> None:
        """Step 5: time from saving a story to the changed page being served."""
        stories = story_files(self.content)
        story = stories[len(stories) // 4]
        url = story_url(self.content, story)
        # A server may build the whole site before it answers: allow for large archives.
        start_timeout = max(600.0, self.n * 0.05)
        if self.with_morgue:
            serve = [*self.morgue, "serve", "--site", str(self.site)]
            if command_works(serve):
                port = serve_latency.free_port()
                self.results["morgue"]["serve"] = serve_latency.measure_reload(
                    [*serve, "--port", str(port)], story, url, start_timeout=start_timeout
                )
            else:
                self.results["morgue"]["serve"] = {
                    "ms": None,
                    "note": "n/a: `morgue serve` not available",
                }
        if self.hugo is not None:
            port = serve_latency.free_port()
            command = hugo_peer.server_command(self.hugo, self.hugo_dir, port)
            self.results["hugo"]["serve"] = serve_latency.measure_reload(
                command, story, url, start_timeout=start_timeout
            )
        for tool in ("morgue", "hugo"):
            if "serve" in self.results[tool]:
                log(f"{tool:6} serve         {self.results[tool]['serve'].get('ms') or 'n/a'} ms")

    # -- the whole run -------------------------------------------------------------------------

    def execute(self) -> dict[str, Any]:
        """Run every step and return the report."""
        if self.with_morgue and not command_works([*self.morgue, "build"]):
            raise StepFailed(
                f"`{' '.join(self.morgue)} build --help` fails: Morgue has no build command yet"
            )
        if self.args.peers or self.args.hugo_only:
            self.hugo = hugo_peer.hugo_binary()
        self.prepare()
        self.ingest_all()
        if self.hugo is not None:
            hugo_peer.prepare(self.hugo_dir, self.content)
        self.cold()
        if self.with_morgue and self.args.scheduler:
            self.cluster_cold()
        self.edits()
        self.serve()
        return self.report()

    def report(self) -> dict[str, Any]:
        """The JSON report: machine, figures per tool, Morgue/Hugo ratios, page parity."""
        report: dict[str, Any] = {
            "stories": self.n,
            "seed": self.seed,
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "morgue": self.results["morgue"] if self.with_morgue else None,
            "hugo": None,
        }
        if self.hugo is not None:
            hugo = self.results["hugo"]
            hugo["version"] = hugo_peer.hugo_version(self.hugo)
            report["hugo"] = hugo
            if self.with_morgue:
                report["ratios"] = ratios(self.results["morgue"], hugo)
                report["pages_match"] = (
                    self.results["morgue"]["output"]["pages"] == hugo["output"]["pages"]
                )
        return report


def searched(root: Path, path: Path) -> bool:
    """Whether `path` of the output folder `root` is part of the search index."""
    return path.relative_to(root).parts[0] == SEARCH_FOLDER


def same_files(one: Path, other: Path) -> bool:
    """Whether two output folders hold the same files, byte for byte, the search index aside."""

    def files(root: Path) -> dict[str, bytes]:
        return {
            str(path.relative_to(root)): path.read_bytes()
            for path in root.rglob("*")
            if path.is_file() and not searched(root, path)
        }

    return files(one) == files(other)


def ratios(morgue: dict[str, Any], hugo: dict[str, Any]) -> dict[str, float | None]:
    """Morgue / Hugo wall time per step (below 1: Morgue is faster)."""
    result: dict[str, float | None] = {}
    for step in BUILD_STEPS:
        if step in morgue and step in hugo and hugo[step]["wall_s"]:
            result[step] = round(morgue[step]["wall_s"] / hugo[step]["wall_s"], 2)
    m_serve, h_serve = morgue.get("serve", {}).get("ms"), hugo.get("serve", {}).get("ms")
    result["serve"] = round(m_serve / h_serve, 2) if m_serve and h_serve else None
    return result


def _cell(step: dict[str, Any] | None) -> str:
    if not step:
        return f"{'':>28}"
    return f"{step['wall_s']:9.2f} {step['cpu_s']:9.2f} {step['peak_mb']:8.0f}"


def format_table(report: dict[str, Any]) -> str:
    """The report as a plain-text table."""
    morgue, hugo = report.get("morgue") or {}, report.get("hugo") or {}
    lines = [
        f"Morgue benchmark: {report['stories']} stories (seed {report['seed']}), "
        f"{report['machine']['cpus']} CPUs, Python {report['machine']['python']}",
        "",
        f"{'step':36}{'Morgue wall s':>14}{'cpu s':>10}{'peak MiB':>9}"
        + (f"{'Hugo wall s':>14}{'cpu s':>10}{'peak MiB':>9}{'M/H':>7}" if hugo else ""),
    ]
    steps = [*MORGUE_STEPS, "serve"]
    if "cluster_cold_build" in morgue:
        steps.insert(steps.index("cold_build") + 1, "cluster_cold_build")
    for step in steps:
        if step == "serve":
            m_ms, h_ms = (morgue.get("serve") or {}).get("ms"), (hugo.get("serve") or {}).get("ms")
            row = f"{STEP_LABELS[step]:36}{(f'{m_ms:.0f}' if m_ms else 'n/a'):>14}{'':19}"
            if hugo:
                row += f"{(f'{h_ms:.0f}' if h_ms else 'n/a'):>14}{'':19}"
        else:
            row = f"{STEP_LABELS[step]:36} {_cell(morgue.get(step))}"
            if hugo:
                row += f"    {_cell(hugo.get(step))}" if step in hugo else f"{'':>33}"
        ratio = (report.get("ratios") or {}).get(step)
        if ratio is not None:
            row += f"{ratio:7.2f}"
        lines.append(row.rstrip())
    cluster = morgue.get("cluster_cold_build")
    if cluster:
        lines.append(
            f"{'   cluster':36}{cluster['build_s']:>14.2f} s build ({cluster['workers']} workers),"
            f" {cluster['shipped_mb_per_worker']} MB shipped to each, "
            f"{cluster['sent_back_kb_per_file']:.1f} KB back per file, "
            f"identical: {cluster['identical']}"
        )
    if "ingest" in morgue:
        lines.append(f"{'   ingest speed':36}{morgue['ingest']['stories_per_s']:>14.0f} stories/s")
    lines.append("")
    for name, figures in (("Morgue", morgue), ("Hugo", hugo)):
        output = figures.get("output")
        if output:
            lines.append(
                f"6. {name} output: {output['pages']} pages, {output['files']} files, "
                f"{output['bytes'] / 2**20:.1f} MiB"
            )
    if "pages_match" in report and not report["pages_match"]:
        lines.append("WARNING: Morgue and Hugo made different numbers of pages:")
        m_kinds, h_kinds = morgue["output"]["pages_by_kind"], hugo["output"]["pages_by_kind"]
        for kind in sorted(set(m_kinds) | set(h_kinds)):
            if m_kinds.get(kind) != h_kinds.get(kind):
                lines.append(
                    f"  {kind:16} Morgue {m_kinds.get(kind, 0):>8}   Hugo {h_kinds.get(kind, 0):>8}"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, required=True, help="archive size N")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--peers", action="store_true", help="also build the archive with Hugo")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--workdir", type=Path, help="work folder (default bench/out/run-N-SEED)")
    parser.add_argument("--morgue", help="command that runs Morgue (default: the morgue script)")
    parser.add_argument(
        "--scheduler",
        nargs="?",
        const=LOCAL_CLUSTER,
        metavar="ADDR",
        help="also a cold build on a Dask cluster: a LocalCluster, or the scheduler at ADDR",
    )
    parser.add_argument(
        "--cluster-workers",
        type=int,
        default=2,
        help="worker processes of the LocalCluster (one thread each; default 2)",
    )
    parser.add_argument(
        "--hugo-only",
        action="store_true",
        help="time only the Hugo peer, on content written by bench/frontmatter.py",
    )
    args = parser.parse_args(argv)
    try:
        report = Bench(args).execute()
    except (StepFailed, serve_latency.ServeFailed, RuntimeError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(format_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

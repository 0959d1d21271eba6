"""The `morgue` command: parses options and calls one function per command.

Imports of the heavy stages happen inside the commands, so `morgue --help` stays instant.

Conventions every command shares: `-v/--verbose` and `-q/--quiet` before or after the command's
name; every option also read from an environment variable (`MORGUE_SITE` for `--site`, else
`MORGUE_<COMMAND>_<OPTION>`, as `MORGUE_BUILD_BASE_URL`); the site found from any folder inside
it (`config.find_site`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
from click.core import ParameterSource

from generator import __version__
from generator.commands import EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from generator.models import TermKind
from generator.wording import counted

if TYPE_CHECKING:
    from generator.config import SiteConfig
    from generator.review.plans import Command

ENV_PREFIX = "MORGUE"
"""Environment variables of options: `MORGUE_<COMMAND>_<OPTION>` (click's auto_envvar_prefix)."""
SITE_ENV = "MORGUE_SITE"
"""The one variable of `--site`, whatever the command."""
SCHEDULER_ENV = "MORGUE_SCHEDULER"
"""The Dask scheduler of `build --scheduler`, besides `MORGUE_BUILD_SCHEDULER`."""

site_option = click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    envvar=SITE_ENV,
    show_envvar=True,
    show_default="the current folder, or the nearest folder above it with site.toml",
    help="The archive site's folder (the one holding site.toml).",
)


def _origins(ctx: click.Context, *names: str) -> dict[str, str]:
    """Where the values of the options `names` came from, when not from the command line
    itself: an error then blames the environment variable, not an option nobody typed."""
    found = {}
    for param in ctx.command.params:
        if param.name in names and ctx.get_parameter_source(param.name) == (
            ParameterSource.ENVIRONMENT
        ):
            named = param.envvar or f"{ctx.auto_envvar_prefix}_{param.name.upper()}"
            variables = [named] if isinstance(named, str) else list(named)
            # Of several variables, the one click took: the first that is set.
            variable = next((v for v in variables if os.environ.get(v)), variables[0])
            found[param.name] = f"environment variable {variable}"
    return found


def _config(site_dir: Path, **overrides: object) -> SiteConfig:
    from generator.config import ConfigError, load_config

    ctx = click.get_current_context(silent=True)
    origins = _origins(ctx, *overrides) if ctx is not None else {}
    try:
        return load_config(site_dir, origins=origins, **overrides)
    except ConfigError as exc:
        # One line naming the file and line, not click's usage text: the command was fine.
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _claim_output(folder: Path, site_root: Path, setting: str) -> None:
    """Exit 2 with one line unless `folder` is an output Morgue may replace (and now whole)."""
    from generator.commands.claim import claim_output

    reason = claim_output(folder, site_root, setting)
    if reason is not None:
        click.echo(f"error: {reason}", err=True)
        sys.exit(EXIT_USAGE)


class _Stoppable(click.Group):
    """The command group: Ctrl-C, SIGTERM and a hang-up stop any command cleanly, with exit
    code 130, 143 or 129 and no traceback (see `generator/interrupts.py`)."""

    def invoke(self, ctx: click.Context) -> object:
        from generator.interrupts import run_stoppably

        invoke = super().invoke
        return run_stoppably(lambda: invoke(ctx))


VERBOSE_HELP = "Show every file and more detail."
QUIET_HELP = "Print only warnings and errors."


def _set_flag(name: str) -> Callable[[click.Context, click.Parameter, bool], None]:
    def remember(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            ctx.ensure_object(dict)[name] = True

    return remember


def _verbosity_options() -> list[click.Parameter]:
    """`-v` and `-q` for a command, as given before its name (`morgue build -v` is
    `morgue -v build`); both land in `ctx.obj`."""
    return [
        click.Option(
            ["-v", "--verbose"],
            is_flag=True,
            expose_value=False,
            callback=_set_flag("verbose"),
            envvar="MORGUE_VERBOSE",
            help=VERBOSE_HELP,
        ),
        click.Option(
            ["-q", "--quiet"],
            is_flag=True,
            expose_value=False,
            callback=_set_flag("quiet"),
            envvar="MORGUE_QUIET",
            help=QUIET_HELP,
        ),
    ]


def _verbosity(ctx: click.Context) -> tuple[bool, bool]:
    """(verbose, quiet) of the command line, given anywhere; both is a usage error."""
    obj = ctx.ensure_object(dict)
    verbose, quiet = bool(obj.get("verbose")), bool(obj.get("quiet"))
    if verbose and quiet:
        raise click.UsageError("-v/--verbose and -q/--quiet cannot go together")
    return verbose, quiet


def _start(ctx: click.Context) -> bool:
    """Read -v and -q for a command about to run; with -q, silence its standard output.
    Returns `verbose`."""
    verbose, quiet = _verbosity(ctx)
    if quiet:  # what it would say is dropped; warnings and errors go to stderr and stay
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (it lives as long as the command)
    return verbose


def run() -> NoReturn:
    """The `morgue` console script: `main`, ended without freeing what the command built, one
    object at a time, when nothing else needs ending (see `generator/ending.py`)."""
    from generator.ending import run as run_ending

    run_ending(lambda: main(prog_name="morgue"))


@click.group(
    cls=_Stoppable,
    context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": ENV_PREFIX},
)
@click.version_option(__version__, prog_name="morgue")
@click.option("-v", "--verbose", is_flag=True, envvar="MORGUE_VERBOSE", help=VERBOSE_HELP)
@click.option("-q", "--quiet", is_flag=True, envvar="MORGUE_QUIET", help=QUIET_HELP)
@click.pass_context
def main(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Morgue turns raw wire stories into a browsable, searchable static archive.

    Run a command anywhere inside a site (the folder holding site.toml, or any folder in it);
    every option can also come from an environment variable: MORGUE_SITE for --site, else
    MORGUE_<COMMAND>_<OPTION>, such as MORGUE_BUILD_BASE_URL or MORGUE_SERVE_PORT.
    """
    ctx.obj = {"verbose": verbose, "quiet": quiet}


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def init(ctx: click.Context, directory: Path) -> None:
    """Create a new archive site in DIRECTORY."""
    from generator.commands.init import SiteExistsError, init_site

    _start(ctx)
    try:
        created = init_site(directory)
    except SiteExistsError as exc:
        raise click.UsageError(str(exc)) from None
    for path in created:
        click.echo(f"created {path}")
    click.echo(f"Next: morgue ingest --site {directory} RAW_STORIES...")


@main.command()
@site_option
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: all cores).")
@click.pass_context
def ingest(ctx: click.Context, site_dir: Path, sources: tuple[Path, ...], jobs: int | None) -> None:
    """Turn raw wire stories into stories of content/.

    SOURCE is a file, or a folder searched recursively for raw files (*.txt, *.xml, *.json,
    *.rss, *.atom, *.newsml, *.ninjs). Each file's format is read from its content: the
    plain-text wire, RSS and Atom feeds, ninjs, NewsML-G2.
    """
    from generator.commands.ingest import run_ingest

    verbose = _start(ctx)
    config = _config(site_dir)
    missing = [str(s) for s in sources if not s.exists()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    sys.exit(run_ingest(config.content_dir, sources, jobs=jobs, verbose=verbose))


def _review_group(kind: TermKind) -> click.Group:
    """`morgue people` or `morgue organisations`: list (the default), confirm, rename, merge,
    reject. `--site` goes before or after the subcommand's name."""
    one, file = kind.singular, f"content/{kind.vocabulary_file}"
    late_site = click.option(
        "--site",
        "site_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The archive site's folder (the one holding site.toml).",
    )
    unreviewed_option = click.option(
        "--unreviewed", is_flag=True, help=f"Only the {kind.value} no editor has confirmed yet."
    )

    @click.group(
        name=kind.value,
        cls=_ReviewGroup,
        invoke_without_command=True,
        help=f"List and review the {kind.value} of {file} (default: list).",
        short_help=f"List and review {file}.",
    )
    @site_option
    @unreviewed_option
    @click.pass_context
    def group(ctx: click.Context, site_dir: Path, unreviewed: bool) -> None:
        ctx.meta["morgue.site"], ctx.meta["morgue.unreviewed"] = site_dir, unreviewed
        if ctx.invoked_subcommand is None:
            _start(ctx)
            _list_terms(kind, site_dir, unreviewed)

    def site_of(ctx: click.Context, site_dir: Path | None) -> SiteConfig:
        return _config(site_dir if site_dir is not None else ctx.meta["morgue.site"])

    @group.command(name="list")
    @late_site
    @unreviewed_option
    @click.pass_context
    def list_(ctx: click.Context, site_dir: Path | None, unreviewed: bool) -> None:
        """List the entries with how many stories name each, most first."""
        _start(ctx)
        site = site_dir if site_dir is not None else ctx.meta["morgue.site"]
        _list_terms(kind, site, unreviewed or ctx.meta["morgue.unreviewed"])

    @group.command(help=f"Mark each {one} SLUG as reviewed.", short_help="Mark as reviewed.")
    @late_site
    @click.argument("slugs", nargs=-1, required=True, metavar="SLUG...")
    @click.pass_context
    def confirm(ctx: click.Context, site_dir: Path | None, slugs: tuple[str, ...]) -> None:
        from generator.review.plans import Confirm

        _review(ctx, kind, site_of(ctx, site_dir), Confirm(slugs))

    @group.command(
        help=f"Give the {one} SLUG the display NAME (the old name stays as an alias); with "
        "--slug, move it and every story's tag to a new slug.",
        short_help="Give a new name (and slug).",
    )
    @late_site
    @click.argument("slug")
    @click.argument("name")
    @click.option("--slug", "new_slug", default="", metavar="NEW", help="A new slug as well.")
    @click.pass_context
    def rename(
        ctx: click.Context, site_dir: Path | None, slug: str, name: str, new_slug: str
    ) -> None:
        from generator.review.plans import Rename

        _review(ctx, kind, site_of(ctx, site_dir), Rename(slug, name, new_slug))

    @group.command(
        help=f"Merge each {one} FROM into INTO: stories naming FROM name INTO instead, FROM's "
        "names become INTO's aliases, FROM leaves the vocabulary.",
        short_help="Merge into another entry.",
    )
    @late_site
    @click.argument("slugs", nargs=-1, required=True, metavar="FROM... INTO")
    @click.pass_context
    def merge(ctx: click.Context, site_dir: Path | None, slugs: tuple[str, ...]) -> None:
        from generator.review.plans import Merge

        if len(slugs) < 2:
            raise click.UsageError("merge needs at least one FROM and the INTO slug")
        _review(ctx, kind, site_of(ctx, site_dir), Merge(slugs[:-1], slugs[-1]))

    @group.command(
        help=f"Reject each {one} SLUG: its tag leaves every story and ingest never detects it "
        "again.",
        short_help="Remove the tag everywhere, for good.",
    )
    @late_site
    @click.argument("slugs", nargs=-1, required=True, metavar="SLUG...")
    @click.pass_context
    def reject(ctx: click.Context, site_dir: Path | None, slugs: tuple[str, ...]) -> None:
        from generator.review.plans import Reject

        _review(ctx, kind, site_of(ctx, site_dir), Reject(slugs))

    return group


class _ReviewGroup(click.Group):
    """A review group lists its subcommands in the order they were added, `list` first."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


def _list_terms(kind: TermKind, site_dir: Path, unreviewed: bool) -> None:
    from generator.commands.review import list_terms

    config = _config(site_dir)
    problems = list_terms(config, kind, unreviewed=unreviewed, echo=click.echo)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(EXIT_REJECTED if problems else EXIT_OK)


def _review(ctx: click.Context, kind: TermKind, config: SiteConfig, command: Command) -> None:
    from generator.commands.review import run_review

    verbose = _start(ctx)
    sys.exit(run_review(config, kind, command, verbose=verbose))


main.add_command(_review_group(TermKind.PEOPLE))
main.add_command(_review_group(TermKind.ORGANISATIONS))


@main.command()
@site_option
@click.option(
    "--out",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: output_dir of site.toml, public/).",
)
@click.option(
    "--base-url", help="Absolute URL the site is served from, e.g. https://example.org/archive/."
)
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: all cores).")
@click.option(
    "--scheduler",
    # `MORGUE_BUILD_SCHEDULER`, as every option has one, and the shorter `MORGUE_SCHEDULER`.
    envvar=[f"{ENV_PREFIX}_BUILD_SCHEDULER", SCHEDULER_ENV],
    show_envvar=True,
    help="Render on the Dask cluster of this scheduler, e.g. tcp://host:8786 (see docs/scale.md).",
)
@click.option("--strict", is_flag=True, help="Turn every warning into an error (for CI).")
@click.option("--full", is_flag=True, help="Render every page, ignoring the incremental cache.")
@click.pass_context
def build(
    ctx: click.Context,
    site_dir: Path,
    output_dir: Path | None,
    base_url: str | None,
    jobs: int | None,
    scheduler: str | None,
    strict: bool,
    full: bool,
) -> None:
    """Build the static site from content/."""
    from generator.commands.build import run_build

    _, quiet = _verbosity(ctx)
    _start(ctx)
    # absolute, not resolved: a symbolic link given as --out is refused like output_dir's
    out = str(output_dir.absolute()) if output_dir is not None else None
    config = _config(site_dir, base_url=base_url, output_dir=out, scheduler=scheduler)
    if config.scheduler:
        from generator.build.cluster import INSTALL_HINT, cluster_available

        if not cluster_available():
            click.echo(f"error: {INSTALL_HINT}", err=True)
            sys.exit(EXIT_USAGE)
    _claim_output(config.output_dir, config.root, "--out" if out else "output_dir")
    sys.exit(run_build(config, jobs=jobs, strict=strict, full=full, quiet=quiet))


def _watch_options(command: Callable[..., None]) -> Callable[..., None]:
    command = click.option(
        "--inbox",
        type=click.Path(file_okay=False, path_type=Path),
        help="Also ingest raw stories that land in this folder.",
    )(command)
    return click.option(
        "--poll", is_flag=True, help="Poll for changes (file systems without native events)."
    )(command)


@main.command()
@site_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this host name (repeatable); local names always work.",
)
@_watch_options
@click.pass_context
def serve(
    ctx: click.Context,
    site_dir: Path,
    host: str,
    port: int,
    allowed_hosts: tuple[str, ...],
    inbox: Path | None,
    poll: bool,
) -> None:
    """Build, serve and watch the site for a preview.

    Pages open in a browser reload themselves when a rebuild changes them.
    """
    from generator.preview.loop import preview_folder, serve_site

    _start(ctx)
    config = _config(site_dir)
    _claim_output(preview_folder(config), config.root, "preview folder")
    try:
        serve_site(
            config,
            host=host,
            port=port,
            inbox=inbox,
            poll=poll,
            echo=_say,
            allowed_hosts=allowed_hosts,
        )
    except OSError as exc:
        raise click.UsageError(f"cannot serve on {host}:{port}: {exc.strerror}") from None


@main.command()
@site_option
@_watch_options
@click.pass_context
def watch(ctx: click.Context, site_dir: Path, inbox: Path | None, poll: bool) -> None:
    """Rebuild the site whenever its files change.

    Content, templates, static files and site.toml are watched; public/ (or output_dir) is
    rebuilt incrementally and atomically.
    """
    from generator.preview.loop import watch_site

    _start(ctx)
    config = _config(site_dir)
    _claim_output(config.output_dir, config.root, "output_dir")
    watch_site(config, inbox=inbox, poll=poll, echo=_say)


@main.command()
@site_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report for people, or JSON for machines.",
)
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: all cores).")
@click.pass_context
def check(ctx: click.Context, site_dir: Path, output_format: str, jobs: int | None) -> None:
    """Check the whole site before publishing.

    Validates every story, builds into a temporary folder with --strict, then checks every
    internal link, the markup of every page, the feeds and the sitemaps.
    """
    from generator.check.pipeline import check_site, format_json, format_text
    from generator.interrupts import Interrupted, signal_name

    _, quiet = _verbosity(ctx)
    try:
        report = check_site(_config(site_dir), jobs=jobs)
    except Interrupted as stop:  # its temporary build is removed; nothing of the site changed
        how = signal_name(stop.signum)
        click.echo(f"interrupted ({how}): check stopped before it finished", err=True)
        sys.exit(stop.exit_code)
    if output_format == "json":
        click.echo(format_json(report), nl=False)
    elif not (quiet and report.ok):  # quiet: the report only when something is wrong
        click.echo(format_text(report), nl=False)
    sys.exit(EXIT_OK if report.ok else EXIT_REJECTED)


@main.group()
def theme() -> None:
    """List or copy the built-in theme's files.

    A site's templates/ and static/ override the theme file by file: copy a file there, then
    edit it.
    """


@theme.command(name="list")
@click.pass_context
def theme_list(ctx: click.Context) -> None:
    """List the theme's files, as a site names its copies."""
    from generator.commands.theme import theme_files

    _start(ctx)
    for path in theme_files():
        click.echo(path)


@theme.command(name="copy")
@site_option
@click.argument("names", nargs=-1, metavar="[FILE]...")
@click.pass_context
def theme_copy(ctx: click.Context, site_dir: Path, names: tuple[str, ...]) -> None:
    """Copy theme files into the site, to override them.

    FILE is a template ("story.html"), a static file ("assets/style.css") or a folder of the
    theme ("templates", "static/assets"); without FILE, the whole theme. A file the site has
    already is never overwritten.
    """
    from generator.commands.theme import UnknownThemeFile, copy_theme

    _start(ctx)
    config = _config(site_dir)
    try:
        results = copy_theme(config, names)
    except UnknownThemeFile as exc:
        raise click.UsageError(str(exc)) from None
    for result in results:
        if result.created:
            click.echo(f"created {result.path}")
        else:
            click.echo(f"kept {result.path}: the site has it already (not overwritten)", err=True)
    made = sum(result.created for result in results)
    click.echo(
        f"{counted(made, 'file')} copied, {counted(len(results) - made, 'file')} kept; "
        "edit them: the site's copies replace the theme's"
    )


def _say(line: str) -> None:
    click.echo(line, err=line.startswith(("error", "warning")))


def _add_verbosity(command: click.Command) -> None:
    """`-v` and `-q` on every command and subcommand (the group itself has its own)."""
    for sub in getattr(command, "commands", {}).values():
        sub.params.extend(_verbosity_options())
        _add_verbosity(sub)


_add_verbosity(main)

"""The Jinja2 environment, Markdown, and the page functions: descriptor in, `Output` out.

Nothing here touches the disk except the template loader. Story text is untrusted: it reaches a
page only as a template variable (autoescaped) or as Markdown rendered with raw HTML off and only
safe link schemes; it is never compiled as a template.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from generator import urls
from generator.config import SiteConfig
from generator.models import Output
from generator.pages import archives, views
from generator.site.gather import GatheredSite
from generator.site.plan import Page

THEME_DIR = Path(__file__).parents[1] / "theme"
"""Morgue's own templates and static files, shipped inside the package."""
STYLESHEET_URL = "/assets/style.css"
"""Site URL of the theme's stylesheet."""

_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|[^:]*$)", re.I)
# Text that CommonMark renders as plain paragraphs and nothing else: no inline markup, entity,
# escape or HTML character, no line that could open a block (list, heading, quote, rule, code),
# no hard break (trailing spaces). For such text, escaping and wrapping paragraphs gives exactly
# markdown-it's output at a fraction of the cost; wire copy is almost always like this.
_MARKUP_CHARS = re.compile(r"[\\`*_\[\]<>!&#~|\t\r\x00]")
_BLOCK_START = re.compile(r"^(?:[ \-+=>]|\d{1,9}[.)](?:\s|$))|[ ]$", re.M)


class TemplateFailure(Exception):
    """A template that cannot be compiled or rendered; names the template and the line."""

    def __init__(self, template: str, line: int, message: str) -> None:
        super().__init__(template, line, message)
        self.template, self.line, self.message = template, line, message

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: template error: {self.message}"


@dataclass(frozen=True, slots=True)
class Hooks:
    """Functions of other stages that pages embed; build.py supplies them (stages never import
    each other), and a missing one leaves its part out."""

    story_json_ld: Callable[[GatheredSite, int], str] | None = None
    """JSON-LD of a story, safe to embed in a script element."""
    term_json_ld: Callable[[GatheredSite, str, str], str] | None = None
    """JSON-LD of a term's landing page (kind, slug), or ""."""
    feed: Callable[[GatheredSite, Any], bytes] | None = None
    """An Atom feed: key None for the site feed, (kind, slug) for a term's."""


@dataclass(slots=True)
class RenderContext:
    """What one process needs to render pages; built once per worker, never shared."""

    site: GatheredSite
    """The gathered site (read-only)."""
    env: Environment
    """Templates."""
    markdown: MarkdownIt
    """Story bodies."""
    hooks: Hooks
    """JSON-LD and feeds."""
    story_index: dict[str, int]
    """Story id -> index in `site.stories`."""
    timings: dict[str, float] = field(default_factory=dict)
    """CPU seconds per activity ("markdown", "templates", "feeds"): CPU, not wall clock, so the
    split stays meaningful when workers share cores with other processes."""


def create_environment(config: SiteConfig) -> Environment:
    """Templates: the site's own `templates/` first, then the theme's, file by file."""
    loaders = [FileSystemLoader(config.templates_dir)] if config.templates_dir.is_dir() else []
    loaders.append(FileSystemLoader(THEME_DIR / "templates"))
    # Compiled templates are kept beside the build state (keyed by their source's checksum, so an
    # edit is never missed): a rebuild or a render worker loads them instead of compiling.
    compiled = config.cache_dir / "templates"
    compiled.mkdir(parents=True, exist_ok=True)
    env = Environment(
        bytecode_cache=FileSystemBytecodeCache(str(compiled)),
        loader=ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its file name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    base = config.base_path.rstrip("/")
    env.globals["site"] = {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "home_href": base + urls.HOME_URL,
        "stylesheet_href": base + STYLESHEET_URL,
        "feed_href": base + urls.FEED_URL,
        "people_href": base + urls.term_index_url("people"),
        "topics_href": base + urls.term_index_url("topics"),
        "places_href": base + urls.term_index_url("places"),
    }
    return env


def check_templates(env: Environment) -> None:
    """Compile every template now, so a syntax error stops the build before any page is made."""
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        try:
            env.get_template(name)
        except TemplateSyntaxError as exc:
            raise TemplateFailure(
                exc.filename or exc.name or name, exc.lineno, exc.message or ""
            ) from None


def _template_failure(exc: Exception, name: str) -> TemplateFailure:
    """Name the template file and line an error was raised from (Jinja rewrites the traceback so
    that template frames carry the template's file and line)."""
    if isinstance(exc, TemplateSyntaxError):
        return TemplateFailure(exc.filename or exc.name or name, exc.lineno, exc.message or "")
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".html"):
            return TemplateFailure(frame.filename, frame.lineno or 0, str(exc))
    return TemplateFailure(name, 0, str(exc))


def _validate_link(url: str) -> bool:
    # Allow-list rather than markdown-it's deny-list: only web and mail links, or relative ones.
    return bool(_SAFE_SCHEME.match(url.strip()))


def create_markdown() -> MarkdownIt:
    """CommonMark with raw HTML off and only http(s), mailto and relative links."""
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


def render_markdown(md: MarkdownIt, text: str) -> str:
    """A story body as HTML; plain prose takes a fast path with markdown-it's exact output."""
    if _MARKUP_CHARS.search(text) is None and _BLOCK_START.search(text) is None:
        paragraphs = (p.strip("\n") for p in re.split(r"\n[ \t]*\n", text))
        return "".join(f"<p>{escapeHtml(p)}</p>\n" for p in paragraphs if p.strip())
    return md.render(text)


def create_context(site: GatheredSite, hooks: Hooks) -> RenderContext:
    """Everything a process needs to render any page of `site`."""
    return RenderContext(
        site=site,
        env=create_environment(site.config),
        markdown=create_markdown(),
        hooks=hooks,
        story_index={story.id: index for index, story in enumerate(site.stories)},
        timings={"markdown": 0.0, "templates": 0.0, "feeds": 0.0},
    )


def _story_page(ctx: RenderContext, page: Page) -> dict[str, Any]:
    index = ctx.story_index[page.key]
    started = time.process_time()
    body = Markup(render_markdown(ctx.markdown, ctx.site.stories[index].body))
    ctx.timings["markdown"] += time.process_time() - started
    view = views.story_view(ctx.site, index)
    view["body_html"] = body
    hook = ctx.hooks.story_json_ld
    return {"story": view, "json_ld": hook(ctx.site, index) if hook else ""}


def _term_page(ctx: RenderContext, page: Page) -> dict[str, Any]:
    kind, slug = page.key
    hook = ctx.hooks.term_json_ld
    return {
        "term": views.term_view(ctx.site, kind, slug),
        "json_ld": hook(ctx.site, kind, slug) if hook else "",
    }


_PAGE_VIEWS: dict[str, Callable[[RenderContext, Page], dict[str, Any]]] = {
    "story": _story_page,
    "term": _term_page,
    "term_page": lambda ctx, page: {"page": views.term_page_view(ctx.site, *page.key)},
    "term_index": lambda ctx, page: {"index": views.term_index_view(ctx.site, page.key)},
    "year": lambda ctx, page: {"year": archives.year_view(ctx.site, page.key)},
    "month": lambda ctx, page: {"month": archives.month_view(ctx.site, *page.key)},
    "day": lambda ctx, page: {"day": archives.day_view(ctx.site, dt.date.fromisoformat(page.key))},
    "home": lambda ctx, page: {"home": archives.home_view(ctx.site)},
    "not_found": lambda ctx, page: {"home": archives.not_found_view(ctx.site)},
    "search": lambda ctx, page: {"search": archives.search_view(ctx.site)},
}


def render_page(ctx: RenderContext, page: Page) -> Output:
    """Render one planned page (or feed) to its output file."""
    if page.kind == "feed":
        started = time.process_time()
        data = ctx.hooks.feed(ctx.site, page.key) if ctx.hooks.feed else b""
        ctx.timings["feeds"] += time.process_time() - started
        return Output(page.path, data)
    started = time.process_time()
    markdown_before = ctx.timings["markdown"]
    variables = _PAGE_VIEWS[page.kind](ctx, page)
    # Each page has one main view; the base layout reads its <title>, description and canonical.
    main = next(iter(variables.values()))
    variables["meta"] = main["meta"]
    try:
        html = ctx.env.get_template(page.template).render(variables)
    except TemplateFailure:
        raise
    except (TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        raise _template_failure(exc, page.template) from None
    spent = time.process_time() - started - (ctx.timings["markdown"] - markdown_before)
    ctx.timings["templates"] += spent
    return Output(page.path, html.encode("utf-8"))

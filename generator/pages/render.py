"""The Jinja2 environment, Markdown, and the page functions: descriptor in, `Output` out.

Nothing here touches the disk except the template loader (and, on a cluster's worker, not even
that: see `build/bundle.py`). Story text is untrusted: it reaches a
page only as a template variable (autoescaped) or as Markdown rendered with raw HTML off and only
safe link schemes; it is never compiled as a template.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.runtime import Context
from markdown_it import MarkdownIt
from markupsafe import Markup

from generator import urls
from generator.config import SiteConfig
from generator.models import Organisation, Output, Person, TermKind
from generator.pages import archives, feeds, seo, terms, views
from generator.pages.i18n import Language, language
from generator.pages.markdown import create_markdown, render_markdown
from generator.pages.opensearch import render_opensearch
from generator.pages.search_record import SearchRecord, story_record, tag_names
from generator.pages.theme import template_folders
from generator.pages.views import SiteReader, View
from generator.site.gather import GatheredSite
from generator.site.plan import (
    DayKey,
    MonthKey,
    OnThisDayKey,
    Page,
    StoryKey,
    TermIndexKey,
    TermKey,
    TermPageKey,
    YearKey,
)

STYLESHEET_URL = "/assets/style.css"
"""Site URL of the theme's stylesheet."""
FAVICON_URL = "/favicon.ico"
"""Site URL of the icon every browser asks for (a file of the theme's `static/`)."""
FAVICON_SVG_URL = "/assets/favicon.svg"
"""Site URL of the scalable icon, which browsers that read SVG prefer."""


class TemplateFailure(Exception):
    """A template that cannot be compiled or rendered; names the template and the line."""

    def __init__(self, template: str, line: int, message: str) -> None:
        super().__init__(template, line, message)
        self.template, self.line, self.message = template, line, message

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: template error: {self.message}"


@dataclass(slots=True)
class RenderContext:
    """What one process needs to render pages; built once per worker, never shared."""

    reader: SiteReader
    """The gathered site (read-only), with this process's memo of what many pages repeat."""
    env: Environment
    """Templates."""
    markdown: MarkdownIt
    """Story bodies."""
    mention_names: dict[TermKind, dict[str, str]]
    """Kind -> slug -> display name of people and organisations, for a story's JSON-LD."""
    category_names: dict[TermKind, dict[str, str]]
    """Kind -> slug -> display name of people, organisations and topics, for the categories of
    feed entries."""
    unpublished: frozenset[tuple[TermKind, str]]
    """(kind, slug) of the terms without a page, named in a story's JSON-LD without a link."""
    story_index: Mapping[str, int]
    """Story id -> index in `site.stories` (the site's own `positions`)."""
    tag_names: dict[TermKind, dict[str, str]]
    """Kind -> slug -> display name of every tag, for search records."""
    bodies: dict[str, str] = field(default_factory=dict)
    """Story id -> body HTML, for feeds with full content (see `_feed_bodies`)."""
    feed_entries: dict[str, str] = field(default_factory=dict)
    """Story id -> its Atom entry, made once for every feed that lists the story."""
    records: list[SearchRecord] | None = None
    """Where story pages leave their search record as they render (None: no records wanted)."""
    timings: dict[str, float] = field(default_factory=dict)
    """CPU seconds per activity ("markdown", "templates", "feeds"): CPU, not wall clock, so the
    split stays meaningful when workers share cores with other processes."""

    @property
    def site(self) -> GatheredSite:
        """The gathered site."""
        return self.reader.site


def template_loader(config: SiteConfig) -> BaseLoader:
    """The site's own `templates/` first, then the theme's, file by file."""
    # The loader asks each folder in turn: the one that overrides the others comes first.
    folders = reversed(template_folders(config))
    return ChoiceLoader([FileSystemLoader(folder) for folder in folders if folder.is_dir()])


def create_environment(
    config: SiteConfig,
    *,
    loader: BaseLoader | None = None,
    bytecode_cache: BytecodeCache | None = None,
) -> Environment:
    """Templates, from the site's and the theme's folders unless another `loader` is given (a
    cluster's worker loads them from what the client shipped); compiled templates are kept in the
    cache folder unless another `bytecode_cache` is given."""
    if bytecode_cache is None:
        # Compiled templates are kept beside the build state (keyed by their source's checksum,
        # so an edit is never missed): a rebuild or a render worker loads them, not compiles.
        compiled = config.cache_dir / "templates"
        compiled.mkdir(parents=True, exist_ok=True)
        bytecode_cache = FileSystemBytecodeCache(str(compiled))
    lang = language(config.language)
    env = Environment(
        # `_()` and `ngettext()` in templates: the theme's strings in the site's language
        # (pages/i18n.py); a site's own templates may use them too.
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=bytecode_cache,
        loader=loader or template_loader(config),
        autoescape=True,  # every template, whatever its file name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = env.globals["gettext"] = _remembered_gettext(lang)
    env.globals["story_item_once"] = _once_per_story(env)
    base = config.base_path.rstrip("/")
    env.globals["site"] = {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "direction": lang.direction,
        "home_href": base + urls.HOME_URL,
        "stylesheet_href": base + STYLESHEET_URL,
        "feed_href": base + urls.FEED_URL,
        "opensearch_href": base + urls.OPENSEARCH_URL if config.search else "",
        "json_feed_href": base + urls.JSON_FEED_URL,
        "messages": lang.script_messages(),
        "archive_href": base + urls.ARCHIVE_URL,
        "favicon_href": base + FAVICON_URL,
        "favicon_svg_href": base + FAVICON_SVG_URL,
        "script_href": base + terms.FILTER_SCRIPT_URL,
        "share_image": config.share_image_url,
        "share_image_alt": config.share_image_alt or config.title,
        **{f"{kind}_href": base + urls.term_index_url(kind) for kind in TermKind},
    }
    return env


def _remembered_gettext(lang: Language) -> Callable[..., str]:
    """Templates' `_()` and `gettext()`, as Jinja's i18n extension installs them (new style: the
    translation is markup, its `%(name)s` values are escaped), with each translation looked up
    once. Pages call them tens of thousands of times with a few dozen strings."""
    translated: dict[str, str] = {}

    @pass_context
    def gettext(context: Context, message: str, **variables: object) -> str:
        text = translated.get(message)
        if text is None:
            text = translated[message] = lang.gettext(message)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    return gettext


def _once_per_story(env: Environment) -> Callable[..., Markup]:
    """`story_item_once(item, dates, summaries)`: the `story_item` macro of `macros.html`,
    rendered once per story and choice, then reused (as Hugo's `partialCached`). A list page
    shows about 20 stories, so an archive shows each story's item hundreds of times; its item is
    a pure function of the story within one build (each build makes a new environment)."""
    rendered: dict[tuple[str, bool, bool], Markup] = {}

    def story_item_once(item: View, dates: bool = True, summaries: bool = True) -> Markup:
        key = (item["href"], dates, summaries)
        found = rendered.get(key)
        if found is None:
            macro = env.get_template("macros.html").module.story_item  # type: ignore[attr-defined]
            found = rendered[key] = Markup(macro(item, dates, summaries))
        return found

    return story_item_once


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
    # The frames' files and lines only: looking up their text would read the files (a cluster's
    # worker has none of them).
    for frame, line in reversed(list(traceback.walk_tb(exc.__traceback__))):
        if frame.f_code.co_filename.endswith(".html"):
            return TemplateFailure(frame.f_code.co_filename, line, str(exc))
    return TemplateFailure(name, 0, str(exc))


def create_context(site: GatheredSite, env: Environment | None = None) -> RenderContext:
    """Everything a process needs to render any page of `site` (with the templates of `env`, by
    default the site's own)."""
    named = (TermKind.PEOPLE, TermKind.ORGANISATIONS, TermKind.TOPICS)
    names = {kind: site.names(kind) for kind in named}
    return RenderContext(
        reader=SiteReader(site),
        env=env or create_environment(site.config),
        markdown=create_markdown(),
        # A story's JSON-LD names its people, organisations and topics by their names.
        mention_names=names,
        category_names=names,
        unpublished=site.unpublished(),
        story_index=site.positions,
        tag_names=tag_names(site),
        timings={"markdown": 0.0, "templates": 0.0, "feeds": 0.0},
    )


def _story_page(ctx: RenderContext, story_id: str) -> dict[str, Any]:
    index = ctx.story_index[story_id]
    story = ctx.site.stories[index]
    started = time.process_time()
    body = Markup(render_markdown(ctx.markdown, story.body))
    ctx.timings["markdown"] += time.process_time() - started
    if ctx.records is not None:
        base_path = ctx.site.config.base_path
        ctx.records.append(story_record(story, body, ctx.tag_names, base_path))
    view = views.story_view(ctx.reader, index)
    view["body_html"] = body
    json_ld = seo.story_json_ld(ctx.site.config, story, ctx.mention_names, ctx.unpublished)
    return {"story": view, "json_ld": json_ld}


def _term_page(ctx: RenderContext, key: TermKey) -> dict[str, Any]:
    json_ld = ""
    term = ctx.site.terms[key.kind][key.slug]
    if key.kind == TermKind.PEOPLE:
        person = Person(slug=key.slug, name=term.name, description=term.description)
        json_ld = seo.person_json_ld(ctx.site.config, person, len(term.stories))
    elif key.kind == TermKind.ORGANISATIONS:
        found = Organisation(slug=key.slug, name=term.name, description=term.description)
        json_ld = seo.organisation_json_ld(ctx.site.config, found, len(term.stories))
    return {"term": terms.term_view(ctx.reader, key.kind, key.slug), "json_ld": json_ld}


# Pages about the whole site, which have no key: what each shows, by kind.
_SITE_VIEWS: dict[str, Callable[[SiteReader], dict[str, View]]] = {
    "home": lambda reader: {"home": archives.home_view(reader)},
    "archive": lambda reader: {"archive": archives.archive_view(reader.site)},
    "not_found": lambda reader: {"home": archives.not_found_view(reader.site)},
    "search": lambda reader: {"search": archives.search_view(reader.site)},
}


def _page_variables(ctx: RenderContext, page: Page) -> dict[str, Any]:
    """The template variables of a page: its main view first, by what the page is about."""
    reader, key = ctx.reader, page.key
    match key:
        case StoryKey():
            return _story_page(ctx, key.story_id)
        case TermKey():
            return _term_page(ctx, key)
        case TermPageKey():
            return {"page": terms.term_page_view(reader, key.kind, key.slug, key.number)}
        case TermIndexKey():
            return {"index": terms.term_index_view(reader.site, key.kind)}
        case YearKey():
            return {"year": archives.year_view(reader.site, key.year)}
        case MonthKey():
            return {"month": archives.month_view(reader, key.year, key.month)}
        case DayKey():
            return {"day": archives.day_view(reader, key.day)}
        case OnThisDayKey():
            return {"on_this_day": archives.on_this_day_view(reader, key.month, key.day)}
    return _SITE_VIEWS[page.kind](reader)


def _feed_bodies(ctx: RenderContext, key: TermKey | None) -> dict[str, str]:
    """Story id -> body HTML of a feed's entries, for feeds with full content. The build gives
    the site the bodies of every story a rendered feed lists (`work.with_bodies`); each process
    keeps what it rendered."""
    site = ctx.site
    result = {}
    for index in feeds.feed_story_indices(site, key):
        story = site.stories[index]
        found = ctx.bodies.get(story.id)
        if found is None:
            started = time.process_time()
            found = ctx.bodies[story.id] = render_markdown(ctx.markdown, story.body)
            ctx.timings["markdown"] += time.process_time() - started
        result[story.id] = found
    return result


def render_page(ctx: RenderContext, page: Page) -> Output:
    """Render one planned page (or feed) to its output file."""
    if page.kind == "feed_stylesheet":
        return Output(page.path, ctx.env.get_template(page.template).render().encode("utf-8"))
    if page.kind == "opensearch":
        return Output(page.path, render_opensearch(ctx.site.config))
    if page.kind in ("feed", "json_feed"):
        started = time.process_time()
        key = page.key if isinstance(page.key, TermKey) else None
        bodies = _feed_bodies(ctx, key) if ctx.site.config.feed_content == "full" else None
        if page.kind == "feed":
            data = feeds.page_feed(ctx.site, key, ctx.category_names, bodies, ctx.feed_entries)
        else:
            data = feeds.page_json_feed(ctx.site, key, ctx.category_names, bodies)
        ctx.timings["feeds"] += time.process_time() - started
        return Output(page.path, data)
    started = time.process_time()
    markdown_before = ctx.timings["markdown"]
    variables = _page_variables(ctx, page)
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

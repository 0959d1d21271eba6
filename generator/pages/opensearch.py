"""The OpenSearch 1.1 description (`/opensearch.xml`): browsers read it to offer the archive's
search in their address bar. Written only when the site has search."""

from __future__ import annotations

from generator import urls
from generator.config import SiteConfig
from generator.pages.feeds import _attr, _text

_FAVICON_URL = "/favicon.ico"
# OpenSearch 1.1 limits: ShortName 16 characters, Description 1024.
_SHORT_NAME = 16
_DESCRIPTION = 1024


def render_opensearch(config: SiteConfig) -> bytes:
    """The description document: the search page's URL with `?q={searchTerms}`. It depends on
    the settings alone, so a settings change (a full build) is the only thing that changes it."""
    query = urls.absolute_url(config.base_url, urls.SEARCH_URL) + "?q={searchTerms}"
    own = urls.absolute_url(config.base_url, urls.OPENSEARCH_URL)
    icon = urls.absolute_url(config.base_url, _FAVICON_URL)
    short = config.title[:_SHORT_NAME].strip() or "Morgue"
    description = (config.description or config.title)[:_DESCRIPTION]
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
        f"<ShortName>{_text(short)}</ShortName>",
        f"<Description>{_text(description)}</Description>",
        f"<LongName>{_text(config.title[:48])}</LongName>",
        "<InputEncoding>UTF-8</InputEncoding>",
        f"<Language>{_text(config.language)}</Language>",
        f'<Image height="16" width="16" type="image/x-icon">{_text(icon)}</Image>',
        f'<Url type="text/html" method="get" template="{_attr(query)}"/>',
        f'<Url type="application/opensearchdescription+xml" rel="self" template="{_attr(own)}"/>',
        "</OpenSearchDescription>",
        "",
    ]
    return "\n".join(lines).encode("utf-8")

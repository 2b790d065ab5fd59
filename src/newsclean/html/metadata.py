"""Page metadata read straight off the parsed page, before pruning: the meta tags and JSON-LD that
publishers fill in for search engines, then the page's visible headline and byline. This replaces
trafilatura's metadata pass, which costs more than the extraction itself (htmldate's searches); htmldate
is asked only when the page names no date at all."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from newsclean import dates
from newsclean.normalise import normalise_line
from newsclean.text.bylines import byline_name
from newsclean.urls import absolute_url, oembed_target

# Characters XML forbids: lxml refuses to set them as text and htmldate's clean-up of such a page raised.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_JSON_LD_CHARS = 200_000
MAX_TITLE_CHARS = 400
MAX_BYLINE_CHARS = 120

_TITLE = ('meta[property="og:title"]', 'meta[name="twitter:title"]', 'meta[name="title"]')
_AUTHOR = (
    'meta[name="author"]',
    'meta[property="article:author"]',
    'meta[name="parsely-author"]',
    'meta[name="sailthru.author"]',
    'meta[name="byl"]',
    'meta[name="dc.creator"]',
)
_PUBLISHED = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="pubdate"]',
    'meta[name="publishdate"]',
    'meta[name="parsely-pub-date"]',
    'meta[name="sailthru.date"]',
    'meta[name="date"]',
    'meta[name="dc.date"]',
    'meta[property="og:article:published_time"]',
)
_SECTION = (
    'meta[property="article:section"]',
    'meta[name="article:section"]',
    'meta[name="section"]',
    'meta[name="parsely-section"]',
)
_URL = (
    'link[rel="canonical"]',
    'meta[property="og:url"]',
    'meta[name="twitter:url"]',
    'meta[property="twitter:url"]',
    'link[rel="shortlink"]',
)
_OEMBED = 'link[type="application/json+oembed"], link[type="text/xml+oembed"]'

_VISIBLE_BYLINE = (
    '[rel="author"]',
    '[itemprop="author"] [itemprop="name"]',
    '[itemprop="author"]',
    '[class*="byline"] [class*="name"]',
    '[class*="byline"]',
    '[class*="author-name"]',
)


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None
    byline: str | None
    published: datetime | None
    section: str | None
    url: str | None


# The selectors above are all `tag[attribute="value"]`: the page's <meta> and <link> tags are read in one
# query and looked up by (tag, attribute, value), not searched for once per selector.
_SIMPLE = re.compile(r'^(\w+)\[(\w+)="([^"]+)"\]$')
Tags = dict[tuple[str, str, str], list[str]]


def _head_tags(tree: LexborHTMLParser) -> Tags:
    """(tag, attribute, value) -> the content (or href) of each such <meta>/<link>, in page order."""
    tags: Tags = {}
    for node in tree.css("meta, link"):
        attributes = node.attributes
        value = attributes.get("content") or attributes.get("href")
        if not value or not value.strip():
            continue
        for name in ("property", "name", "itemprop", "rel"):
            if found := attributes.get(name):
                tags.setdefault((node.tag, name, found), []).append(value.strip())
    return tags


def read_metadata(tree: LexborHTMLParser) -> PageMetadata:
    linked = list(_json_ld(tree))
    tags = _head_tags(tree)
    return PageMetadata(
        title=_title(tree, tags, linked),
        byline=_byline(tree, tags, linked),
        published=_published(tree, tags, linked),
        section=_first(_attrs(tags, _SECTION), _ld_values(linked, "articleSection")),
        url=_url(tree, tags),
    )


def _url(tree: LexborHTMLParser, tags: Tags) -> str | None:
    """The page's own address: canonical, og:url, twitter:url, shortlink, else the page an oEmbed discovery
    link describes; a relative one resolved against `<base href>` or another of them."""
    oembed = (oembed_target(node.attributes.get("href") or "") for node in tree.css(_OEMBED))
    base = tree.css_first("base[href]")
    return absolute_url(chain(_attrs(tags, _URL), oembed), base.attributes.get("href") if base else None)


def _title(tree: LexborHTMLParser, tags: Tags, linked: list[dict[str, Any]]) -> str | None:
    heading = tree.css_first("h1")
    candidates = (
        *_attrs(tags, _TITLE),
        *_ld_values(linked, "headline"),
        heading.text(separator=" ", strip=True) if heading else None,
        tree.css_first("title").text(strip=True) if tree.css_first("title") else None,
    )
    return _first(c[:MAX_TITLE_CHARS] if c else None for c in candidates)


def _byline(tree: LexborHTMLParser, tags: Tags, linked: list[dict[str, Any]]) -> str | None:
    named = (v for v in chain(_attrs(tags, _AUTHOR), _ld_authors(linked)) if "://" not in v)
    visible = (node.text(separator=" ", strip=True) for sel in _VISIBLE_BYLINE for node in tree.css(sel))
    for value in chain(named, visible):  # the page is searched for a visible byline only when needed
        value = normalise_line(value)
        if 0 < len(value) <= MAX_BYLINE_CHARS:
            return byline_name(value) or (byline_name(f"By {value}") if not value.lower().startswith("by ") else None)
    return None


def _published(tree: LexborHTMLParser, tags: Tags, linked: list[dict[str, Any]]) -> datetime | None:
    stamps = (
        *_attrs(tags, _PUBLISHED),
        *_ld_values(linked, "datePublished"),
        *(node.attributes.get("datetime") or "" for node in tree.css("time[datetime]")),
    )
    return next(filter(None, (dates.parse_datetime(s) for s in stamps if s)), None)


def htmldate_search(html: str) -> datetime | None:
    """htmldate's quick search (URL, then the page; no extensive search): the last resort for a page
    that names its date neither in its metadata nor in a date line of its text (it costs milliseconds)."""
    from htmldate import find_date

    found = find_date(_NOT_XML.sub("", html), extensive_search=False, original_date=True)
    return datetime.fromisoformat(found).replace(tzinfo=UTC) if found else None


def _attrs(tags: Tags, selectors: tuple[str, ...]) -> Iterator[str]:
    """The values of the tags each selector names, selector by selector."""
    for selector in selectors:
        found = _SIMPLE.match(selector)
        assert found is not None, f"not a tag[attribute=value] selector: {selector}"
        yield from tags.get((found[1], found[2], found[3]), ())


def _json_ld(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    """The JSON-LD objects of the page, @graph members included; broken or huge blocks are skipped."""
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(strip=True) or ""
        if len(raw) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                yield item
                yield from (g for g in item.get("@graph", []) if isinstance(g, dict))


def _ld_values(linked: list[dict[str, Any]], key: str) -> Iterator[str]:
    for item in linked:
        value = item.get(key)
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str)), None)
        if isinstance(value, str) and value.strip():
            yield value.strip()


def _ld_authors(linked: list[dict[str, Any]]) -> Iterator[str]:
    for item in linked:
        authors = item.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str) and name.strip():
                yield name.strip()


def _first(*sources: Any) -> str | None:
    for source in sources:
        for value in source:
            if value and (text := normalise_line(value)):
                return text
    return None

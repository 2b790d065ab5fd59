"""The article's `url`, always absolute, and its `domain`.

Pages name themselves with relative addresses often enough (`<link rel="canonical" href="/news/x">`,
`//www.example.com/x`), and a record's own URL can be relative too; grouping by site breaks on those. A
relative URL is resolved against the first absolute one the record offers (its own URL, the page's
canonical, og:url); a scheme-relative one takes the scheme of that base, or https. Only http(s) URLs with
a host are kept: `javascript:`, `mailto:` or a relative path with nothing to resolve it against give None.
No URL is ever fetched: this is string work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urljoin, urlsplit

WEB_SCHEMES = ("http", "https")
DEFAULT_SCHEME = "https"
WWW = "www."
# A Wayback Machine copy names the page it archived: /web/<14-digit stamp><optional flag like im_>/<original>.
_WAYBACK = re.compile(r"^(?:https?://web\.archive\.org)?/web/\d{1,14}(?:[a-z]{2}_)?/(https?://.+)$", re.IGNORECASE)
_WOMBAT = '__wm.wombat("'
MAX_URL_CHARS = 4_000


def absolute_url(candidates: Iterable[str | None], base: str | None = None) -> str | None:
    """The first candidate (in order of preference) that can be made absolute, resolved against `base`
    (a page's `<base href>`) or else the first absolute candidate; an archived copy's address names the
    page it archived."""
    found = [unarchived(c.strip()) for c in candidates if c and c.strip()]
    base = base if base and is_absolute(base) else next((c for c in found if is_absolute(c)), None)
    return next(filter(None, (_resolve(c, base) for c in found)), None)


def unarchived(url: str) -> str:
    """The original address inside a Wayback Machine address (absolute or site-relative), else `url`."""
    found = _WAYBACK.match(url[:MAX_URL_CHARS])
    return found[1] if found else url


def oembed_target(url: str) -> str | None:
    """The page an oEmbed discovery link describes: its `url` query parameter."""
    try:
        return next(iter(parse_qs(urlsplit(url).query).get("url", [])), None)
    except ValueError:
        return None


def wayback_original(html: str) -> str | None:
    """The archived page's address as a Wayback Machine copy's replay script names it
    (`__wm.wombat("http://original", ...)`); a plain search, no pattern over the page."""
    start = html.find(_WOMBAT)
    if start < 0:
        return None
    start += len(_WOMBAT)
    end = html.find('"', start, start + MAX_URL_CHARS)
    return html[start:end] if end > start else None


def is_absolute(url: str) -> bool:
    """An http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)
    except ValueError:  # a malformed address, e.g. an unclosed IPv6 bracket
        return False


def _resolve(url: str, base: str | None) -> str | None:
    """`url` if absolute, else resolved against `base`; None when it cannot be made an http(s) URL."""
    if is_absolute(url):
        return url
    try:
        if url.startswith("//"):
            scheme = urlsplit(base).scheme.lower() if base else DEFAULT_SCHEME
            return _web(f"{scheme}:{url}")
        if base is None or urlsplit(url).scheme:  # nothing to resolve against, or another scheme (mailto:)
            return None
        return _web(urljoin(base, url))
    except ValueError:  # malformed
        return None


def _web(url: str) -> str | None:
    return url if is_absolute(url) else None


def domain(url: str | None) -> str | None:
    """The URL's host, lower case, without a leading `www.` (nor a trailing dot); None without a host."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    host = (host or "").rstrip(".").removeprefix(WWW)
    return host or None

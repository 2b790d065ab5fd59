"""`url` is always absolute (resolved against the record's URL, the page's canonical or og:url) and
`domain` is its host, lower case, without `www.`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsclean.clean import clean_record
from newsclean.model import Article, RawRecord
from newsclean.urls import absolute_url, domain, unarchived
from newsclean.write.schema import ARTICLES, article_row

BASE = "https://www.example.com/news/2024/story.html"


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        ([BASE], BASE),
        (["/newsticker/meldung/x.html", BASE], "https://www.example.com/newsticker/meldung/x.html"),
        (["other.html", BASE], "https://www.example.com/news/2024/other.html"),
        (["../x", BASE], "https://www.example.com/news/x"),
        (["?p=4", BASE], "https://www.example.com/news/2024/story.html?p=4"),
        (["//cdn.example.org/a", BASE], "https://cdn.example.org/a"),
        (["//cdn.example.org/a", "http://example.com/"], "http://cdn.example.org/a"),
        (["//cdn.example.org/a"], "https://cdn.example.org/a"),  # no base: https
        (["/only/relative"], None),
        ([None, "", "  ", "/a", "http://x.example/b/"], "http://x.example/a"),
        (["  https://x.example/a  "], "https://x.example/a"),
        (["javascript:void(0)", BASE], BASE),
        (["mailto:desk@example.com"], None),
        (["ftp://example.com/file"], None),
        (["http://[::1/broken", BASE], BASE),
        (["http:///no-host", "/a"], None),
        ([BASE, "https://elsewhere.example/"], BASE),  # the first absolute candidate wins as it is
        ([], None),
    ],
)
def test_absolute_url(candidates: list[str | None], expected: str | None) -> None:
    assert absolute_url(candidates) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.COM/x", "example.com"),
        ("https://news.example.co.uk:8443/x", "news.example.co.uk"),
        ("https://user:pw@www.example.com./", "example.com"),
        ("https://www2.example.com/", "www2.example.com"),
        ("https://www.www.example.com/", "www.example.com"),
        ("http://[::1]/x", "::1"),
        ("http://[::1/broken", None),
        (None, None),
        ("", None),
        ("/relative", None),
    ],
)
def test_domain(url: str | None, expected: str | None) -> None:
    assert domain(url) == expected


PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the story says something long enough to count as the article's own text, "
    f"and then it goes on for a while so that an extractor keeps it as body text.</p>"
    for n in range(6)
)


def page(head: str) -> bytes:
    body = f"<article><h1>A story</h1>{PARAGRAPHS}</article>"
    return f"<html><head><title>A story</title>{head}</head><body>{body}</body></html>".encode()


def clean_page(head: str, url: str | None = None) -> Article:
    out = clean_record(RawRecord("doc", "doc.html", "html", page(head), payload="html", url=url))
    assert isinstance(out, Article), out
    return out


def test_a_relative_canonical_is_resolved_against_og_url() -> None:
    head = '<link rel="canonical" href="/newsticker/meldung/x.html"><meta property="og:url" content="https://www.heise.de/">'
    article = clean_page(head)
    assert (article.url, article.domain) == ("https://www.heise.de/newsticker/meldung/x.html", "heise.de")


def test_a_scheme_relative_canonical_gets_https() -> None:
    article = clean_page('<link rel="canonical" href="//www.Example.org/a/b">')
    assert (article.url, article.domain) == ("https://www.Example.org/a/b", "example.org")


def test_a_relative_record_url_is_resolved_against_the_page() -> None:
    article = clean_page('<meta property="og:url" content="http://example.net/section/">', url="story-7")
    assert (article.url, article.domain) == ("http://example.net/section/story-7", "example.net")


def test_the_records_absolute_url_wins_over_the_page() -> None:
    article = clean_page('<link rel="canonical" href="https://example.net/a">', url="https://mirror.example/b")
    assert article.url == "https://mirror.example/b"


def test_no_absolute_url_anywhere_gives_nulls() -> None:
    article = clean_page('<link rel="canonical" href="/a">')
    assert (article.url, article.domain) == (None, None)


def test_a_text_record_keeps_only_an_absolute_url() -> None:
    text = b"A headline\n\nThe first paragraph of the story is here, and it says something about it.\n"
    good = clean_record(RawRecord("t", "f.jsonl", "jsonl", text, url="https://www.x.example/t"))
    relative = clean_record(RawRecord("t", "f.jsonl", "jsonl", text, url="/t"))
    assert isinstance(good, Article) and isinstance(relative, Article)
    assert (good.url, good.domain, relative.url, relative.domain) == (
        "https://www.x.example/t",
        "x.example",
        None,
        None,
    )


def test_the_articles_row_has_the_domain_after_the_url() -> None:
    article = clean_page('<link rel="canonical" href="https://www.example.com/a">')
    row = article_row(article, datetime.now(UTC))
    assert ARTICLES.names.index("domain") == ARTICLES.names.index("url") + 1
    assert list(row) == ARTICLES.names
    assert row["domain"] == "example.com"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://web.archive.org/web/20120216182711/http://www.stol.it/a", "http://www.stol.it/a"),
        ("/web/20070228213001im_/http://example.fr/logo.gif", "http://example.fr/logo.gif"),
        ("https://web.archive.org/web/", "https://web.archive.org/web/"),
        ("https://example.com/web/123/not-a-copy", "https://example.com/web/123/not-a-copy"),
    ],
)
def test_an_archived_copy_names_the_page_it_archived(url: str, expected: str) -> None:
    assert unarchived(url) == expected


def test_a_relative_canonical_is_resolved_against_the_base_href() -> None:
    article = clean_page('<base href="https://www.l-mag.de/"><link rel="canonical" href="artikel/x-1">')
    assert (article.url, article.domain) == ("https://www.l-mag.de/artikel/x-1", "l-mag.de")


def test_a_relative_base_href_is_no_base() -> None:
    assert clean_page('<base href="/"><link rel="canonical" href="/a">').url is None


def test_twitter_url_and_the_shortlink_name_the_page() -> None:
    assert clean_page('<meta name="twitter:url" content="https://t.example/a">').url == "https://t.example/a"
    assert clean_page('<link rel="shortlink" href="https://s.example/?p=7">').url == "https://s.example/?p=7"


def test_an_oembed_discovery_link_names_the_page_it_describes() -> None:
    link = (
        '<link rel="alternate" type="application/json+oembed" '
        'href="https://x.example/wp-json/oembed/1.0/embed?url=https%3A%2F%2Fx.example%2Fitems%2Fone%2F">'
    )
    assert clean_page(link).url == "https://x.example/items/one/"


def test_a_wayback_copy_is_the_page_it_archived() -> None:
    script = (
        '<script>__wm.wombat("http://www.stol.it:80/Artikel/x","20120216182711","https://web.archive.org/");</script>'
    )
    article = clean_page(script)
    assert (article.url, article.domain) == ("http://www.stol.it:80/Artikel/x", "stol.it")

"""Safety: cleaning never opens a network connection, and folder parameters stay under the configured roots."""

from __future__ import annotations

import gzip
import socket
from pathlib import Path

import pytest

from newsclean.clean import clean_record
from newsclean.model import Article, RawRecord
from newsclean.settings import PathNotAllowed, allowed_roots, resolve_folder
from tests.conftest import SHARED

REMOTE_PAGE = """<!doctype html><html><head>
<meta http-equiv="refresh" content="0; url=http://example.invalid/next">
<link rel="stylesheet" href="http://example.invalid/site.css"><script src="https://example.invalid/app.js"></script>
<meta property="og:image" content="http://example.invalid/lead.jpg"><base href="http://example.invalid/">
<link rel="canonical" href="http://example.invalid/story"></head><body><article>
<h1>Council Approves The Budget</h1>
<p>The council voted on Tuesday to approve the new budget for the coming year after a long debate.</p>
<figure><img src="http://example.invalid/photo.jpg" srcset="http://example.invalid/p2.jpg 2x">
<figcaption>The council chamber on Tuesday. Photo: Example Agency</figcaption></figure>
<iframe src="https://www.youtube.com/embed/abc123"></iframe>
<blockquote class="twitter-tweet"><p>Budget passed tonight.</p>&mdash; Mayor (@mayor)
<a href="https://twitter.com/mayor/status/1">May 1, 2024</a></blockquote>
<script async src="https://platform.twitter.com/widgets.js"></script>
<p>Spending on schools rises by four percent, the largest increase in a decade, officials said.</p>
</article></body></html>"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to connect or resolve a name is recorded and refused."""
    attempts: list[object] = []

    def refuse(*args: object, **_kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access while cleaning")

    monkeypatch.setattr(socket.socket, "connect", lambda self, address: refuse(address))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, address: refuse(address))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_cleaning_a_page_full_of_remote_resources_opens_no_connection(no_network: list[object]) -> None:
    record = RawRecord(
        "page", "page.html", "html", REMOTE_PAGE.encode(), payload="html", url="http://example.invalid/story"
    )
    outcome = clean_record(record)
    assert isinstance(outcome, Article), outcome
    assert "schools rises" in outcome.body and outcome.embeds
    assert no_network == []


def test_cleaning_real_pages_opens_no_connection(no_network: list[object]) -> None:
    pages = sorted((SHARED / "devset" / "snippets" / "html").glob("*.html.gz"))[:25]
    if not pages:
        pytest.skip("../shared/devset is not beside this checkout")
    for path in pages:
        clean_record(RawRecord(path.name, path.name, "html", gzip.decompress(path.read_bytes()), payload="html"))
    assert no_network == []


def test_folders_resolve_under_the_roots(tmp_path: Path) -> None:
    (tmp_path / "root" / "raw").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "root" / "link").symlink_to(tmp_path / "elsewhere")
    roots = [tmp_path / "root"]
    assert resolve_folder(str(tmp_path / "root" / "raw"), "raw_dir", roots) == tmp_path / "root" / "raw"
    for escape in ("root/raw/../../elsewhere", "root/link", "/etc"):
        with pytest.raises(PathNotAllowed, match="outside the allowed roots"):
            resolve_folder(str(tmp_path / escape), "raw_dir", roots)
    assert resolve_folder("/etc", "raw_dir", None) == Path("/etc").resolve(), "no roots: anywhere"


def test_roots_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCLEAN_ROOTS", f"{tmp_path}/a:{tmp_path}/b")
    assert allowed_roots() == [tmp_path / "a", tmp_path / "b"]
    monkeypatch.setenv("NEWSCLEAN_ROOTS", "")
    assert allowed_roots() is None

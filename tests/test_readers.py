"""The readers for every input kind: txt, html(.gz), jsonl(.gz) and warc(.gz), on files made in tmp_path."""

from __future__ import annotations

import gzip
import io
import json
import random
import tracemalloc
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsclean.model import RawRecord, Reject
from newsclean.read import discover, read_records
from newsclean.settings import DEFAULT_LIMITS, Limits

PAGE = "<html><head><title>Café</title></head><body><p>Zürich’s café reopened.</p></body></html>"


def read(root: Path, relpath: str, limits: Limits = DEFAULT_LIMITS) -> list[RawRecord | Reject]:
    (item,) = [f for f in discover(root) if f.relpath == relpath]
    found = list(read_records(item, limits))
    doc_ids = [r.doc_id for r in found]
    assert len(doc_ids) == len(set(doc_ids)), doc_ids
    for r in found:
        if isinstance(r, Reject):
            assert r.source == relpath and r.detail.endswith(".") and "\n" not in r.detail, r
    return found


def write(root: Path, relpath: str, data: bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def noise(n: int, seed: int = 0) -> str:
    """Text that does not compress much, so that cutting a gzip file cuts its content."""
    rng = random.Random(seed)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(n))


def test_txt_and_html_files(tmp_path: Path) -> None:
    write(tmp_path, "site/2024/story.txt", b"Headline\n\nBody.\n")
    write(tmp_path, "a/page.htm", PAGE.encode())
    write(tmp_path, "a/page2.html.gz", gzip.compress(PAGE.encode()))
    (txt,) = read(tmp_path, "site/2024/story.txt")
    assert (txt.doc_id, txt.source_format, txt.payload, txt.data) == (
        "site/2024/story",
        "txt",
        "text",
        b"Headline\n\nBody.\n",
    )
    (htm,) = read(tmp_path, "a/page.htm")
    assert (htm.doc_id, htm.source_format, htm.payload, htm.data) == ("a/page", "html", "html", PAGE.encode())
    (gz,) = read(tmp_path, "a/page2.html.gz")
    assert isinstance(gz, RawRecord)
    assert (gz.doc_id, gz.source, gz.payload, gz.data) == ("a/page2", "a/page2.html.gz", "html", PAGE.encode())


def test_names_with_spaces_and_non_ascii_letters(tmp_path: Path) -> None:
    write(tmp_path, "Été 2024/Ünïcode page.HTML.gz", gzip.compress(PAGE.encode()))
    write(tmp_path, "Été 2024/sa mañana.jsonl", b'{"text": "Hola."}\n')
    (page,) = read(tmp_path, "Été 2024/Ünïcode page.HTML.gz")
    assert page.doc_id == "Été 2024/Ünïcode page" and isinstance(page, RawRecord)
    (line,) = read(tmp_path, "Été 2024/sa mañana.jsonl")
    assert line.doc_id == "Été 2024/sa mañana#1" and isinstance(line, RawRecord)


JSONL_LINES = [
    json.dumps({"id": "a1", "url": "https://example.com/a1", "html": PAGE}),
    json.dumps({"text": "Plain text, no id.\nSecond line."}),
    "",
    '{"id": "b2", "html": "<p>unterminated',
    json.dumps({"id": "c3", "title": "neither html nor text"}),
    json.dumps({"id": 7, "text": 42, "html": "<p>Numeric id.</p>"}),
    "   ",
    json.dumps({"id": "a1", "text": "Same id as line 1."}),
    json.dumps(["not", "an", "object"]),
    json.dumps({"html": "   ", "text": "Text wins over a blank html."}),
    json.dumps({"id": "2", "text": "An id that is line 2's number."}),
]


def check_jsonl(found: list[RawRecord | Reject], base: str, source: str) -> None:
    by_id = {r.doc_id: r for r in found}
    assert list(by_id) == [
        f"{base}#a1",
        f"{base}#2",
        f"{base}#4",
        f"{base}#c3",
        f"{base}#7",
        f"{base}#a1@8",
        f"{base}#9",
        f"{base}#10",
        f"{base}#2@11",
    ]
    first = by_id[f"{base}#a1"]
    assert isinstance(first, RawRecord)
    assert (first.source, first.source_format, first.payload, first.url) == (
        source,
        "jsonl",
        "html",
        "https://example.com/a1",
    )
    assert first.data == PAGE.encode("utf-8")
    second = by_id[f"{base}#2"]
    assert isinstance(second, RawRecord) and second.payload == "text" and second.url is None
    assert second.data == b"Plain text, no id.\nSecond line."
    numeric = by_id[f"{base}#7"]
    assert isinstance(numeric, RawRecord) and numeric.payload == "html" and numeric.data == b"<p>Numeric id.</p>"
    text_wins = by_id[f"{base}#10"]
    assert isinstance(text_wins, RawRecord) and text_wins.payload == "text"
    reasons = {r.doc_id: r.reason for r in found if isinstance(r, Reject)}
    assert reasons == {
        f"{base}#4": "bad_json",
        f"{base}#c3": "no_text",
        f"{base}#a1@8": "duplicate_id",
        f"{base}#9": "bad_json",
        f"{base}#2@11": "duplicate_id",
    }
    broken = by_id[f"{base}#4"]
    assert isinstance(broken, Reject) and broken.raw_sha256 is not None


def test_jsonl_records_and_rejects(tmp_path: Path) -> None:
    write(tmp_path, "feeds/day.jsonl", "\n".join(JSONL_LINES).encode() + b"\n")
    check_jsonl(read(tmp_path, "feeds/day.jsonl"), "feeds/day", "feeds/day.jsonl")


def test_jsonl_gz_reads_the_same(tmp_path: Path) -> None:
    write(tmp_path, "feeds/day.jsonl.gz", gzip.compress("\r\n".join(JSONL_LINES).encode()))  # CRLF, no final EOL
    check_jsonl(read(tmp_path, "feeds/day.jsonl.gz"), "feeds/day", "feeds/day.jsonl.gz")


def test_jsonl_line_too_long_is_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "short"}), json.dumps({"text": "x" * 5000}), json.dumps({"text": "after"})]
    write(tmp_path, "big.jsonl.gz", gzip.compress("\n".join(lines).encode()))
    found = read(tmp_path, "big.jsonl.gz", Limits(max_record_bytes=1000))
    assert [(r.doc_id, type(r).__name__) for r in found] == [
        ("big#1", "RawRecord"),
        ("big#2", "Reject"),
        ("big#3", "RawRecord"),
    ]
    assert isinstance(found[1], Reject) and found[1].reason == "too_large" and found[1].raw_sha256 is None


def test_jsonl_past_the_file_limit_stops_with_one_reject(tmp_path: Path) -> None:
    lines = [json.dumps({"text": noise(100, seed=i)}) for i in range(100)]
    write(tmp_path, "many.jsonl.gz", gzip.compress("\n".join(lines).encode()))
    found = read(tmp_path, "many.jsonl.gz", Limits(max_decompressed_bytes=2000))
    *records, last = found
    assert 5 < len(records) < 20 and all(isinstance(r, RawRecord) for r in records)
    assert isinstance(last, Reject) and last.reason == "too_large" and last.doc_id == f"many#{len(records) + 1}"


def test_truncated_jsonl_gz_keeps_the_lines_before_the_break(tmp_path: Path) -> None:
    lines = [json.dumps({"text": noise(3000, seed=i)}) for i in range(10)]
    data = gzip.compress("\n".join(lines).encode())
    write(tmp_path, "cut.jsonl.gz", data[: len(data) // 2])
    *records, last = read(tmp_path, "cut.jsonl.gz")
    assert 1 <= len(records) < 10 and all(isinstance(r, RawRecord) for r in records)
    assert isinstance(last, Reject) and (last.reason, last.doc_id) == ("bad_gzip", f"cut#{len(records) + 1}")


def test_truncated_and_fake_gzip(tmp_path: Path) -> None:
    data = gzip.compress(noise(20000).encode())
    write(tmp_path, "cut.html.gz", data[: len(data) - 100])
    write(tmp_path, "fake.html.gz", PAGE.encode())
    write(tmp_path, "fake-lines.jsonl.gz", b'{"text": "not gzipped"}\n')
    for name, doc_id in (("cut.html.gz", "cut"), ("fake.html.gz", "fake"), ("fake-lines.jsonl.gz", "fake-lines#1")):
        (reject,) = read(tmp_path, name)
        assert isinstance(reject, Reject) and (reject.reason, reject.doc_id) == ("bad_gzip", doc_id)


def test_gzip_bomb_is_too_large_without_inflating_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    with gzip.open(path, "wb") as out:
        out.write(b"<html><body>")
        for _ in range(64):
            out.write(b"\0" * (1 << 20))
    assert path.stat().st_size < 200_000
    tracemalloc.start()
    try:
        (reject,) = read(tmp_path, "bomb.html.gz", Limits(max_record_bytes=1 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(reject, Reject) and (reject.reason, reject.doc_id, reject.raw_sha256) == (
        "too_large",
        "bomb",
        None,
    )
    assert peak < 4 << 20


def test_unreadable_file(tmp_path: Path) -> None:
    write(tmp_path, "gone.jsonl", b"")
    (item,) = discover(tmp_path)
    item.path.unlink()
    (reject,) = read_records(item)
    assert isinstance(reject, Reject) and (reject.reason, reject.doc_id) == ("unreadable", "gone#1")


# --- WARC -------------------------------------------------------------------------------------------------------


def response(writer: WARCWriter, url: str, body: bytes, headers: list[tuple[str, str]]) -> str:
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID")


def test_warc_yields_html_responses_only(tmp_path: Path) -> None:
    latin = PAGE.replace("’", "'").encode("latin-1")
    with (tmp_path / "crawl.warc.gz").open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record("http://example.com/", "request", http_headers=request))
        html_id = response(
            writer,
            "http://example.com/café",
            gzip.compress(latin),
            [("Content-Type", "text/html; charset=ISO-8859-1"), ("Content-Encoding", "gzip")],
        )
        response(
            writer, "http://example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), [("Content-Type", "image/png")]
        )
    (record,) = read(tmp_path, "crawl.warc.gz")
    assert isinstance(record, RawRecord)
    assert record.doc_id == f"crawl#{html_id.strip('<>')}" and html_id.startswith("<urn:uuid:")
    assert (record.source, record.source_format, record.payload) == ("crawl.warc.gz", "warc", "html")
    assert record.url == "http://example.com/caf%C3%A9" or record.url == "http://example.com/café"
    assert record.declared_charset == "ISO-8859-1"
    assert record.data == latin


def test_warc_chunked_deflate_xhtml_and_limits(tmp_path: Path) -> None:
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    deflated = raw_deflate.compress(PAGE.encode()) + raw_deflate.flush()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (deflated[:10], deflated[10:])) + b"0\r\n\r\n"
    with (tmp_path / "more.warc").open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        first = response(
            writer,
            "http://example.com/x",
            chunked,
            [
                ("Content-Type", "application/xhtml+xml"),
                ("Transfer-Encoding", "chunked"),
                ("Content-Encoding", "deflate"),
            ],
        )
        big = response(
            writer,
            "http://example.com/big",
            gzip.compress(b"<p>" * 10_000),
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        )
        lying = response(
            writer,
            "http://example.com/plain",
            PAGE.encode(),
            [("Content-Type", "TEXT/HTML"), ("Content-Encoding", "gzip")],
        )
    first_record, too_large, plain = read(tmp_path, "more.warc", Limits(max_record_bytes=5000))
    assert isinstance(first_record, RawRecord) and first_record.data == PAGE.encode()
    assert first_record.doc_id == f"more#{first.strip('<>')}" and first_record.declared_charset is None
    assert (
        isinstance(too_large, Reject)
        and too_large.reason == "too_large"
        and too_large.doc_id == f"more#{big.strip('<>')}"
    )
    assert isinstance(plain, RawRecord) and plain.data == PAGE.encode() and plain.doc_id == f"more#{lying.strip('<>')}"


def warc_with_pages(path: Path, count: int, *, gzipped: bool) -> list[str]:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        return [
            response(
                writer,
                f"http://example.com/{i}",
                f"<p>{noise(60_000, seed=i)}</p>".encode(),
                [("Content-Type", "text/html")],
            )
            for i in range(count)
        ]


def test_truncated_warc(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    ids = warc_with_pages(path, 3, gzipped=False)
    path.write_bytes(path.read_bytes()[: path.stat().st_size - 30_000])
    first, second, reject = read(tmp_path, "cut.warc")
    assert [first.doc_id, second.doc_id] == [f"cut#{i.strip('<>')}" for i in ids[:2]]
    assert isinstance(reject, Reject) and (reject.reason, reject.doc_id, reject.raw_sha256) == (
        "bad_warc",
        "cut#3",
        None,
    )


def test_truncated_warc_gz(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    ids = warc_with_pages(path, 3, gzipped=True)
    path.write_bytes(path.read_bytes()[: path.stat().st_size - 20_000])
    first, second, reject = read(tmp_path, "cut.warc.gz")
    assert [first.doc_id, second.doc_id] == [f"cut#{i.strip('<>')}" for i in ids[:2]]
    assert isinstance(reject, Reject) and (reject.reason, reject.doc_id) == ("bad_gzip", "cut#3")


def test_not_a_warc(tmp_path: Path) -> None:
    write(tmp_path, "junk.warc", b"this is not a WARC file\n\n" * 10)
    (reject,) = read(tmp_path, "junk.warc")
    assert isinstance(reject, Reject) and (reject.reason, reject.doc_id) == ("bad_warc", "junk#1")


def test_warc_body_bomb_is_too_large_without_inflating_it(tmp_path: Path) -> None:
    squeezed = zlib.compressobj(wbits=31)
    body = squeezed.compress(b"<p>") + b"".join(squeezed.compress(bytes(1 << 20)) for _ in range(64)) + squeezed.flush()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    with (tmp_path / "bomb.warc").open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
        response(writer, "http://example.com/bomb", chunked, headers)
        response(writer, "http://example.com/ok", PAGE.encode(), [("Content-Type", "text/html")])
    tracemalloc.start()
    try:
        reject, record = read(tmp_path, "bomb.warc", Limits(max_record_bytes=1 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(reject, Reject) and reject.reason == "too_large"
    assert isinstance(record, RawRecord) and record.data == PAGE.encode()
    assert peak < 4 << 20


def test_two_files_naming_one_document_are_both_accounted_for(tmp_path: Path) -> None:
    (tmp_path / "story.html").write_text("<html><body><p>The page.</p></body></html>")
    (tmp_path / "story.txt").write_text("The text.")
    items = list(discover(tmp_path))
    assert [(i.relpath, i.doc_id, i.shadowed_by) for i in items] == [
        ("story.html", "story", None),
        ("story.txt", "story", "story.html"),
    ]
    shadowed = list(read_records(items[1]))
    assert len(shadowed) == 1 and isinstance(shadowed[0], Reject)
    assert (shadowed[0].doc_id, shadowed[0].reason) == ("story.txt", "duplicate_id")
    assert "story.html" in shadowed[0].detail

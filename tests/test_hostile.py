"""Hostile input, generated here (nothing large is committed): every record a run discovers ends in `articles`
(with the right text) or in `rejects` (with the right reason), and the good records beside it are still cleaned.

The library-level run (open_update -> batches -> finish) goes over one corpus per test; one end-to-end run of the
real `newsclean run` command goes over the same corpus plus the five seeds, whose score must stay 1.0.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsclean import batch
from newsclean.bounds import RecordTimeout, time_limit
from newsclean.model import Article, RawRecord
from newsclean.report import Report
from newsclean.settings import DEFAULT_LIMITS, Limits, MiB
from newsclean.update import open_update
from tests.conftest import RAW, REPO

NEWSCLEAN = Path(sys.executable).parent / "newsclean"
STORY = "The council met on Monday in {place}, and residents said the new plan would help them.\n"
CAFE = "Zürich’s “café” — reopened on Monday after a long closure, the owner said.\n\nQueues formed outside.\n"


@dataclass(frozen=True)
class Expect:
    """A reject with `reason`, or an article whose body holds every one of `texts`."""

    reason: str | None = None
    texts: tuple[str, ...] = ()


def cleaned(*texts: str) -> Expect:
    return Expect(texts=texts)


def rejected(reason: str) -> Expect:
    return Expect(reason=reason)


Corpus = dict[str, Expect]  # doc_id -> what it must end as


def write(raw: Path, relpath: str, data: bytes) -> Path:
    path = raw / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def story(place: str) -> bytes:
    return STORY.format(place=place).encode()


# --- the corpus, one builder per kind of trouble ------------------------------------------------------------------


def empty_and_binary(raw: Path) -> Corpus:
    write(raw, "empty.txt", b"")
    write(raw, "blank.txt", " \n\u00a0\n\t\r\n".encode())
    write(raw, "blank-page.html", b"   \n\n")
    write(raw, "picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    write(raw, "noise.html", random.Random(5).randbytes(20_000))
    write(raw, "good.txt", story("Derby"))
    write(raw, "good.html", b"<html><body><p>" + story("Kent") + b"</p></body></html>")
    return {
        "empty": rejected("empty"),
        "blank": rejected("empty"),
        "blank-page": rejected("empty"),
        "picture": rejected("binary"),
        "noise": rejected("binary"),
        "good": cleaned("in Kent"),  # good.html comes first in name order
        "good.txt": rejected("duplicate_id"),  # and shadows good.txt, which names the same document
    }


def encodings(raw: Path) -> Corpus:
    write(raw, "enc/utf16-bom.txt", CAFE.encode("utf-16"))
    write(raw, "enc/utf16-le.txt", CAFE.encode("utf-16-le"))
    write(raw, "enc/utf16-be.txt", CAFE.encode("utf-16-be"))
    write(raw, "enc/cp1252.txt", CAFE.encode("cp1252"))
    latin = "Zürich: the café in Genève reopened on Monday, the owner said.\n\nQueues formed outside.\n"
    write(raw, "enc/latin1.txt", latin.encode("latin-1"))
    page = f"<html><head><meta charset='iso-8859-1'></head><body><p>{latin}</p></body></html>"
    write(raw, "enc/latin1-page.html", page.encode("latin-1"))
    mojibake = "Zürich’s café reopened on Monday, the owner said.\n".encode().decode("cp1252")  # "ZÃ¼richâ€™s cafÃ©"
    write(raw, "enc/mojibake.txt", mojibake.encode("utf-8"))
    stray = CAFE.encode().replace(b"Queues formed", b"Queues \xff\xfe formed")
    write(raw, "enc/stray-bytes.txt", stray)
    cafe = cleaned("Zürich’s “café” — reopened on Monday", "Queues")
    return {f"enc/{n}": cafe for n in ("utf16-bom", "utf16-le", "utf16-be", "cp1252")} | {
        "enc/mojibake": cleaned("Zürich’s café reopened on Monday"),
        "enc/latin1": cleaned("the café in Genève reopened"),
        "enc/latin1-page": cleaned("the café in Genève reopened"),
        "enc/stray-bytes": cleaned("Zürich’s “café” — reopened on Monday", "Queues ÿþ formed outside."),
    }


def sizes(raw: Path) -> Corpus:
    cut = gzip.compress(random.Random(1).randbytes(30_000).hex().encode())
    write(raw, "size/cut.html.gz", cut[: len(cut) // 2])
    write(raw, "size/bomb.html.gz", gzip.compress(b"<p>" + b"a" * (DEFAULT_LIMITS.max_record_bytes + MiB)))
    write(raw, "size/huge.txt", b"a " * (25 * 1_000_000))  # 50 MB
    write(raw, "size/long-line.txt", b"The council met again. " * 220_000)  # one line of 5 MB
    write(raw, "size/deep.html", b"<html><body>" + b"<div>" * 100_000 + story("Deep") + b"</div>" * 100_000)
    write(raw, "size/tags.html", b"<html><body>" + b"<b>x</b>" * 1_000_000 + b"</body></html>")
    return {
        "size/cut": rejected("bad_gzip"),
        "size/bomb": rejected("too_large"),
        "size/huge": rejected("too_large"),
        "size/long-line": cleaned("The council met again. The council met again."),
        "size/deep": rejected("too_deep"),
        "size/tags": rejected("too_many_tags"),
    }


def jsonl(raw: Path) -> Corpus:
    lines = [
        json.dumps({"id": "good-1", "text": STORY.format(place="Leeds")}),
        '{"id": "broken", "text": "no end',
        json.dumps({"id": "neither", "title": "A title, but neither html nor text"}),
        "",
        json.dumps({"id": "good-2", "html": f"<html><body><p>{STORY.format(place='Hull')}</p></body></html>"}),
        json.dumps(["an", "array"]),
        '{"id": "bad-bytes", "text": "\xff\xfe"}',
        json.dumps({"id": "good-3", "text": STORY.format(place="Bath")}),
    ]
    data = "\n".join(lines).encode("utf-8").replace("\xff\xfe".encode(), b"\xff\xfe")
    write(raw, "feed.jsonl", data)
    return {
        "feed#good-1": cleaned("in Leeds"),
        "feed#2": rejected("bad_json"),
        "feed#neither": rejected("no_text"),
        "feed#good-2": cleaned("in Hull"),
        "feed#6": rejected("bad_json"),
        "feed#7": rejected("bad_json"),
        "feed#good-3": cleaned("in Bath"),
    }


def response(writer: WARCWriter, url: str, body: bytes, media: str) -> str:
    http = StatusAndHeaders("200 OK", [("Content-Type", media)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    writer.write_record(record)
    return str(record.rec_headers.get_header("WARC-Record-ID")).strip("<>")


def warc(raw: Path) -> Corpus:
    """warcinfo, request, HTML, PNG, plain text, HTML, then an HTML response cut off in the middle."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
    writer.write_record(writer.create_warc_record("http://example.com/", "request", http_headers=request))
    first = response(writer, "http://example.com/a", b"<p>" + story("York") + b"</p>", "text/html")
    response(writer, "http://example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "image/png")
    response(writer, "http://example.com/robots.txt", b"User-agent: *\nDisallow:\n", "text/plain")
    second = response(writer, "http://example.com/b", b"<p>" + story("Ely") + b"</p>", "text/html; charset=utf-8")
    whole = out.tell()
    response(writer, "http://example.com/c", b"<p>" + story("Cut") * 200 + b"</p>", "text/html")
    write(raw, "crawl.warc", out.getvalue()[: whole + 4000])
    return {f"crawl#{first}": cleaned("in York"), f"crawl#{second}": cleaned("in Ely"), "crawl#7": rejected("bad_warc")}


def names(raw: Path) -> Corpus:
    found: Corpus = {}
    for name in ("with space", "Ünïcödé ñame", "new\nline", "-dash", "folder.txt/inner"):
        write(raw, f"names/{name}.txt", story(name.replace("\n", " ")))
        found[f"names/{name}"] = cleaned(f"in {name.replace(chr(10), ' ')}")
    return found


def unreadable(raw: Path) -> Corpus:
    """A symlink loop (folder and file), a dangling symlink, a FIFO, and (not as root) a file chmod 000."""
    folder = raw / "odd"
    folder.mkdir()
    (folder / "loop").symlink_to("..", target_is_directory=True)  # not followed: no records, no endless walk
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    found = {f"odd/{n}": rejected("unreadable") for n in ("self", "gone", "pipe")}
    if os.geteuid() != 0:  # root reads files whatever their mode: the FIFO and the links stand in for it
        write(raw, "odd/locked.txt", story("Locked")).chmod(0)
        found["odd/locked"] = rejected("unreadable")
    return found


BUILDERS: tuple[Callable[[Path], Corpus], ...] = (empty_and_binary, encodings, sizes, jsonl, warc, names, unreadable)


def build(raw: Path) -> Corpus:
    """The whole hostile corpus, good files and records beside the bad ones."""
    found: Corpus = {}
    for builder in BUILDERS:
        found |= builder(raw)
    return found


# --- checking a run ------------------------------------------------------------------------------------------------


def update(raw: Path, out: Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    report = Report()
    with open_update(raw, out, limits=limits) as run:
        for part in run.batches(workers=2):
            report.merge(part.run())
        run.finish(report)
    return report


def table(out: Path, name: str) -> dict[str, dict[str, object]]:
    found = ds.dataset(out / name, format="parquet").to_table().to_pylist()
    ids = [r["doc_id"] for r in found]
    assert len(ids) == len(set(ids)), f"one row per doc_id in {name}"
    return {str(r["doc_id"]): r for r in found}


def check(out: Path, corpus: Corpus) -> None:
    """Every record of the corpus has its one row, as expected, and no other row is there."""
    articles, rejects = table(out, "articles"), table(out, "rejects")
    assert not set(articles) & set(rejects)
    wrong = {
        doc_id: outcome(articles, rejects, doc_id)
        for doc_id, e in corpus.items()
        if not meets(articles, rejects, doc_id, e)
    }
    assert not wrong, wrong
    assert set(articles) | set(rejects) == set(corpus)


def meets(
    articles: dict[str, dict[str, object]], rejects: dict[str, dict[str, object]], doc_id: str, expect: Expect
) -> bool:
    if expect.reason is not None:
        return doc_id in rejects and rejects[doc_id]["reason"] == expect.reason
    body = articles.get(doc_id, {}).get("body")
    return isinstance(body, str) and all(text in body for text in expect.texts)


def outcome(articles: dict[str, dict[str, object]], rejects: dict[str, dict[str, object]], doc_id: str) -> str:
    if doc_id in rejects:
        return f"rejected: {rejects[doc_id]['reason']}: {rejects[doc_id]['detail']}"
    return f"cleaned: {str(articles[doc_id]['body'])[:200]!r}" if doc_id in articles else "missing"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    raw = tmp_path_factory.mktemp("hostile") / "raw"
    raw.mkdir()
    return raw, build(raw)


def test_every_hostile_record_is_cleaned_or_rejected_as_expected(corpus: tuple[Path, Corpus], tmp_path: Path) -> None:
    raw, expected = corpus
    report = update(raw, tmp_path / "out")
    check(tmp_path / "out", expected)
    assert report.read == len(expected) and report.reasons["internal_error"] == 0


def test_gzip_bombs_and_long_lines_past_small_limits(tmp_path: Path) -> None:
    """Limits shrunk to KiB so that the bombs stay small: one record over max_record_bytes is rejected and reading
    goes on; a file decompressing past max_decompressed_bytes keeps its records up to there, then one reject."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    lines = [json.dumps({"text": STORY.format(place=p)}) for p in ("Ayr", "Bude", "Cork")]
    lines += [json.dumps({"text": "a" * 200_000}), json.dumps({"text": STORY.format(place="Diss")})]
    lines += [json.dumps({"text": "b" * MiB}), json.dumps({"text": STORY.format(place="Eye")})]
    write(raw, "bombs.jsonl.gz", gzip.compress("\n".join(lines).encode()))
    write(raw, "page.html.gz", gzip.compress(b"<p>" + b"a" * MiB))
    write(raw, "fine.html.gz", gzip.compress(b"<p>" + story("Fife") + b"</p>"))
    small = replace(DEFAULT_LIMITS, max_record_bytes=64 << 10, max_decompressed_bytes=512 << 10)
    update(raw, out, small)
    expected = {f"bombs#{n}": cleaned(f"in {p}") for n, p in ((1, "Ayr"), (2, "Bude"), (3, "Cork"), (5, "Diss"))}
    expected |= {"bombs#4": rejected("too_large"), "bombs#6": rejected("too_large")}
    check(out, expected | {"page": rejected("too_large"), "fine": cleaned("in Fife")})


def feed_line(n: int) -> bytes:
    return json.dumps({"id": f"n{n}", "text": STORY.format(place=f"Town {n}")}).encode() + b"\n"


def append(path: Path, data: bytes) -> None:
    """One write(2) in append mode: a reader sees the whole line or none of it."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def test_a_file_that_grows_as_each_record_is_cleaned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each record cleaned appends a line to the feed being read: the run reads the 20 lines the file held when
    it was opened, not a line it gained since (chasing the writer, it would never end), and the next run reads
    the 20 new ones, leaving the first 20 as they were."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    feed = write(raw, "feed.jsonl", b"".join(feed_line(n) for n in range(20)))
    clean = batch.clean_record

    def clean_and_grow(record: RawRecord, limits: Limits) -> Article | object:
        if feed.stat().st_size < 200 * len(feed_line(99)):  # bounded, so that a regression ends too
            append(feed, feed_line(len(feed.read_bytes().splitlines())))
        return clean(record, limits)

    monkeypatch.setattr(batch, "clean_record", clean_and_grow)
    first = update(raw, out)
    assert (first.read, first.cleaned) == (20, 20)
    check(out, {f"feed#n{n}": cleaned(f"in Town {n}") for n in range(20)})
    monkeypatch.undo()
    second = update(raw, out)
    assert (second.read, second.cleaned, second.unchanged) == (20, 20, 20)
    check(out, {f"feed#n{n}": cleaned(f"in Town {n}") for n in range(40)})


def test_a_file_appended_to_by_another_thread_during_the_run(tmp_path: Path) -> None:
    """A crawler appending to a feed while a run reads it: the run ends, accounts for the lines it read (a
    prefix of the feed), and a later run, once the writer is done, accounts for all of them."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    feed = write(raw, "feed.jsonl", feed_line(0))
    started, stop = threading.Event(), threading.Event()

    def crawl() -> None:
        for n in range(1, 5000):  # bounded, so that a regression (a reader chasing the writer) ends too
            append(feed, feed_line(n))
            started.set()
            if stop.wait(0.001):  # paced like a crawler, until the run is over
                return

    writer = threading.Thread(target=crawl)
    writer.start()
    try:
        assert started.wait(10)
        first = update(raw, out)
    finally:
        stop.set()
        writer.join()
    read = len(table(out, "articles"))
    assert first.read == first.cleaned == read >= 2
    check(out, {f"feed#n{n}": cleaned(f"in Town {n}") for n in range(read)})
    total = len(feed.read_bytes().splitlines())
    assert total > read, "the feed grew while the run read it"
    second = update(raw, out)
    assert (second.read, second.unchanged) == (total - read, read)
    check(out, {f"feed#n{n}": cleaned(f"in Town {n}") for n in range(total)})


class SlowToDelete:
    """Its destructor takes 90% of the loop below: an exception raised in there is dropped by Python."""

    def __del__(self) -> None:
        busy(0.009)


def busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_time_limit_holds_when_a_destructor_swallows_its_exception() -> None:
    started = time.perf_counter()
    with pytest.raises(RecordTimeout), time_limit(0.05):
        for _ in range(500):  # 5 s at most: a time limit that gives up after one swallowed exception
            SlowToDelete()
            busy(0.001)
    assert time.perf_counter() - started < 3  # re-armed every 10 ms, one lands outside the destructor


# --- end to end: the real command over the hostile corpus and the seeds ----------------------------------------------


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus, subprocess.CompletedProcess[str]]:
    raw, out = tmp_path_factory.mktemp("cli") / "raw", tmp_path_factory.mktemp("cli") / "out"
    raw.mkdir()
    expected = build(raw)
    for seed in sorted(RAW.glob("*.txt")):
        shutil.copy(seed, raw / seed.name)
        expected[seed.stem] = cleaned()
    command = [str(NEWSCLEAN), "run", str(raw), str(out), "--workers", "2", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=REPO)
    return out, expected, result


@pytest.mark.e2e
def test_the_command_accounts_for_every_hostile_record(
    cli_run: tuple[Path, Corpus, subprocess.CompletedProcess[str]],
) -> None:
    out, expected, result = cli_run
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"documents read {len(expected)}," in result.stdout
    check(out, expected)


@pytest.mark.e2e
def test_the_seeds_still_score_full_marks_beside_the_hostile_corpus(
    shared: Path, cli_run: tuple[Path, Corpus, subprocess.CompletedProcess[str]]
) -> None:
    out, _, result = cli_run
    assert result.returncode == 0, result.stderr[-2000:]
    score_tool = shared / "tools" / "newsclean_score.py"
    command = [sys.executable, str(score_tool), "seeds", str(out), str(shared / "seeds" / "gold"), "--min", "1.0"]
    score = subprocess.run(command, capture_output=True, text=True)
    assert score.returncode == 0, score.stdout
    assert score.stdout.strip().endswith("= 1.000")

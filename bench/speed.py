"""Speed and memory, side by side with their references. Run by hand (not a test), on an idle machine:

    .venv/bin/python bench/corpus.py bench/data/corpus-100k --docs 100000          # once
    .venv/bin/python bench/speed.py --corpus bench/data/corpus-100k [--sample 3000] [--workers 1 2]

Prints one table:
- text path, one core: newsclean's cleaner (`clean_record`, what a worker runs per record) over the first
  `--sample` corpus documents, against ftfy's full fix alone (`ftfy.fix_text`) over the same texts;
- HTML path, one core: newsclean against trafilatura alone over the devset pages (as bench/html_quality.py);
- the whole run (the clean-news flow, Prefect's API already up) over the corpus with each `--workers`
  count: documents and MB per second, speed-up over the first count, and peak resident memory of the run's
  processes (this one and its workers, sampled every 0.2 s; the Prefect API server is not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import ftfy
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from html_quality import PAGES, read_pages, side_by_side, trafilatura_alone
from html_quality import newsclean as newsclean_html

from newsclean.clean import clean_record
from newsclean.model import RawRecord

MB = 1e6
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no internet: no telemetry


def corpus_texts(corpus: Path, limit: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open() as handle:
            texts += [json.loads(line)["text"] for line in handle]
        if len(texts) >= limit:
            break
    return texts[:limit]


def per_second(work: Callable[[], None], count: int, size: int) -> tuple[float, float]:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    return count / seconds, size / MB / seconds


def text_path(texts: list[str]) -> list[tuple[str, float, float]]:
    data = [t.encode() for t in texts]
    size = sum(map(len, data))

    def newsclean() -> None:
        for n, raw in enumerate(data):
            clean_record(RawRecord(f"d{n}", f"d{n}.txt", "txt", raw))

    def ftfy_alone() -> None:
        for text in texts:
            ftfy.fix_text(text)

    return [
        ("text path: newsclean", *per_second(newsclean, len(data), size)),
        ("text path: ftfy alone", *per_second(ftfy_alone, len(data), size)),
    ]


def html_path() -> list[tuple[str, float, float]]:
    """Both extractors over the devset pages, taking turns page by page (bench/html_quality.py)."""
    pages = read_pages(PAGES, None)
    size = sum(len(page) for _, page in pages) / len(pages)
    _, speeds = side_by_side({"newsclean": newsclean_html, "trafilatura alone": trafilatura_alone}, pages, 2)
    return [(f"HTML path: {name}", speed, speed * size / MB) for name, speed in speeds.items()]


@contextmanager
def peak_rss() -> Iterator[list[int]]:
    """Peak summed RSS of this process and the children it starts inside the block."""
    me = psutil.Process()
    before = {child.pid for child in me.children(recursive=True)}
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            processes = [me, *(c for c in me.children(recursive=True) if c.pid not in before)]
            total = 0
            for process in processes:
                with suppress(psutil.Error):
                    total += process.memory_info().rss
            peak[0] = max(peak[0], total)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()


def whole_runs(corpus: Path, worker_counts: list[int]) -> list[tuple[str, float, float, float, float]]:
    from flows.api import shared_api

    size = sum(p.stat().st_size for p in corpus.glob("*.jsonl"))
    rows = []
    with shared_api():
        from flows.clean_news import clean_news

        for workers in worker_counts:
            with tempfile.TemporaryDirectory() as out, peak_rss() as peak:
                started = time.perf_counter()
                result = clean_news(raw_dir=str(corpus), out_dir=out, workers=workers)
                seconds = time.perf_counter() - started
            count = result["report"].read
            rows.append((f"run: {workers} worker(s)", count / seconds, size / MB / seconds, seconds, peak[0] / 2**20))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help="a folder made by bench/corpus.py (jsonl)")
    parser.add_argument("--sample", type=int, default=3000, help="documents for the one-core text figures")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip-html", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    print(f"{'measure':<32} {'docs/s':>9} {'MB/s':>7}")
    rows = text_path(corpus_texts(args.corpus, args.sample)) + ([] if args.skip_html else html_path())
    for name, docs, mbs in rows:
        print(f"{name:<32} {docs:>9.0f} {mbs:>7.2f}")
    print(
        f"\n{'whole run over the corpus':<32} {'docs/s':>9} {'MB/s':>7} {'seconds':>8} {'speed-up':>9} {'peak MiB':>9}"
    )
    runs = whole_runs(args.corpus, args.workers)
    for name, docs, mbs, seconds, mib in runs:
        print(f"{name:<32} {docs:>9.0f} {mbs:>7.2f} {seconds:>8.1f} {docs / runs[0][1]:>8.2f}x {mib:>9.0f}")


if __name__ == "__main__":
    main()

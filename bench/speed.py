"""Speed and memory, side by side with their references. Run by hand (not a test), on an idle machine:

    .venv/bin/python bench/corpus.py bench/data/corpus-100k --docs 100000          # once
    .venv/bin/python bench/speed.py --corpus bench/data/corpus-100k [--sample 3000] [--rounds 3] [--workers 1 2]

Prints one table:
- real page text, one core: newsclean's cleaner and ftfy alone over the labelled pages rendered to whole-page
  text (bench/text_training_data.py render; skipped when not cached): what the synthetic corpus, whose
  repeated furniture a memo remembers, does not show;
- text path, one core: newsclean's cleaner (`clean_record`, what a worker runs per record) against ftfy's
  full fix alone (`ftfy.fix_text`) over the same texts: after a warm-up over the first `--sample` corpus
  documents, the best of `--rounds` rounds, each over the next `--sample` documents;
- HTML path, one core: newsclean against trafilatura alone over the devset pages (as bench/quality.py);
- the whole run (the clean-news flow in a fresh interpreter, Prefect's API already up) over the corpus with
  each `--workers` count: documents and MB per second, speed-up over the first count, and peak resident
  memory of the run's processes (its interpreter and its workers, sampled every 0.2 s; the Prefect API
  server, which a served deployment runs apart, is not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import ftfy
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import load_set, newsclean_with, run_extractors, trafilatura_alone

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


def text_path(texts: list[str], rounds: int) -> list[tuple[str, float, float]]:
    """newsclean and ftfy alone, best of `rounds`, each round over its own slice of the texts (nothing a
    round remembers helps the next one), after a warm-up slice: the steady state of a long run's worker,
    whose phrase memo holds the furniture it has met (that is what it is for), not its first second."""
    data = [t.encode() for t in texts]
    size = len(data) // (rounds + 1)
    slices = [range(k * size, (k + 1) * size) for k in range(rounds + 1)]
    clean_slice(data, slices[0])

    def best(work: Callable[[range], None], data_of: Callable[[range], int]) -> tuple[float, float]:
        speeds = [per_second(lambda s=s: work(s), len(s), data_of(s)) for s in slices[1:]]
        return max(speeds)

    def slice_bytes(span: range) -> int:
        return sum(len(data[n]) for n in span)

    return [
        ("text path: newsclean", *best(lambda span: clean_slice(data, span), slice_bytes)),
        ("text path: ftfy alone", *best(lambda span: ftfy_slice(texts, span), slice_bytes)),
    ]


def real_text_path(limit: int) -> list[tuple[str, float, float]]:
    """newsclean and ftfy alone over real whole-page text: the labelled corpora's pages rendered to every
    visible line (bench/text_training_data.py render), no two alike, so no memo helps; after a warm-up over
    the first 200 pages. Empty when the renderings are not cached."""
    folder = Path(__file__).resolve().parent / "data" / "text" / "page"
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*/*.txt"))][: limit + 200]
    if len(texts) <= 200:
        return []
    data = [t.encode() for t in texts]
    clean_slice(data, range(200))
    span = range(200, len(texts))
    size = sum(len(data[n]) for n in span)
    return [
        ("real page text: newsclean", *per_second(lambda: clean_slice(data, span), len(span), size)),
        ("real page text: ftfy alone", *per_second(lambda: ftfy_slice(texts, span), len(span), size)),
    ]


def clean_slice(data: list[bytes], span: range) -> None:
    for n in span:
        clean_record(RawRecord(f"d{n}", f"d{n}.txt", "txt", data[n]))


def ftfy_slice(texts: list[str], span: range) -> None:
    for n in span:
        ftfy.fix_text(texts[n])


def html_path() -> list[tuple[str, float, float]]:
    """Both extractors over the devset pages, taking turns page by page (as bench/quality.py)."""
    pages = load_set("devset", None).pages
    size = sum(len(page.data) for page in pages) / len(pages)
    results = run_extractors({"newsclean": newsclean_with(None), "trafilatura alone": trafilatura_alone}, pages)
    return [
        (f"HTML path: {name}", len(pages) / r.seconds, len(pages) / r.seconds * size / MB)
        for name, r in results.items()
    ]


# One whole run in a fresh interpreter (nothing the one-core figures loaded counts against its memory):
# the clean-news flow over CORPUS into OUT with N workers; prints its record count and seconds.
RUN = """
import sys, time
from flows.clean_news import clean_news
started = time.perf_counter()
result = clean_news(raw_dir=sys.argv[1], out_dir=sys.argv[2], workers=int(sys.argv[3]))
print(result["report"].read, time.perf_counter() - started)
"""


def peak_rss(process: subprocess.Popen[str]) -> int:
    """Peak summed RSS of a process and its children (its workers), sampled every 0.2 s until it ends."""
    root, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        total = 0
        for member in (root, *root.children(recursive=True)):
            with suppress(psutil.Error):
                total += member.memory_info().rss
        peak = max(peak, total)
        time.sleep(0.2)
    return peak


def whole_runs(corpus: Path, worker_counts: list[int]) -> list[tuple[str, float, float, float, float]]:
    """Each run in its own interpreter, on one Prefect API started here: the API server is Prefect's, not
    the run's (a served deployment talks to a long-running one), so its memory is not counted."""
    from flows.api import shared_api

    size = sum(p.stat().st_size for p in corpus.glob("*.jsonl"))
    rows = []
    with shared_api():
        for workers in worker_counts:
            with tempfile.TemporaryDirectory() as out:
                command = [sys.executable, "-c", RUN, str(corpus), out, str(workers)]
                process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
                peak = peak_rss(process)
                count, seconds = process.communicate()[0].split()[-2:]
            if process.returncode:
                raise SystemExit(f"the run with {workers} workers failed")
            rows.append(
                (
                    f"run: {workers} worker(s)",
                    int(count) / float(seconds),
                    size / MB / float(seconds),
                    float(seconds),
                    peak / 2**20,
                )
            )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help="a folder made by bench/corpus.py (jsonl)")
    parser.add_argument("--sample", type=int, default=3000, help="documents per round of the one-core text figures")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the one-core text figures (the best counts)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--real-pages", type=int, default=2000, help="whole-page renderings for the real-text figures")
    parser.add_argument("--skip-html", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    print(f"{'measure':<32} {'docs/s':>9} {'MB/s':>7}")
    texts = corpus_texts(args.corpus, args.sample * (args.rounds + 1))
    rows = text_path(texts, args.rounds) + real_text_path(args.real_pages)
    rows += [] if args.skip_html else html_path()
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

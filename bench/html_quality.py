"""HTML path quality and speed: newsclean against trafilatura alone, on the same pages, one process.

    .venv/bin/python bench/html_quality.py [--pages DIR] [--evaldata FILE] [--limit N]

For every page of the snippet devset this runs `trafilatura.extract(html, include_comments=False)` and
newsclean's cleaner for one record (`newsclean.clean.clean_record`, the code a worker runs), times each,
writes each one's bodies as an `articles` table and scores both with ../shared/tools/newsclean_score.py's
snippet scorer. Prints one table: pages per second, precision, recall and F1 side by side; then how many
of the pages' <figcaption>s longer than 20 characters end up in `captions` and not in the body.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType

import pyarrow as pa
import pyarrow.parquet as pq
import trafilatura

from newsclean.clean import clean_record
from newsclean.html import dom
from newsclean.model import Article, RawRecord
from newsclean.read.decode import decode_bytes
from newsclean.roles.features import fold

SHARED = Path(__file__).resolve().parents[2] / "shared"
PAGES = SHARED / "devset" / "snippets" / "html"
EVALDATA = SHARED / "devset" / "snippets" / "evaldata.json"

Extractor = Callable[[str, bytes], str]


def trafilatura_alone(_doc_id: str, page: bytes) -> str:
    return trafilatura.extract(page, include_comments=False) or ""


def newsclean(doc_id: str, page: bytes) -> str:
    outcome = clean_record(RawRecord(doc_id, f"{doc_id}.html", "html", page, payload="html"))
    return outcome.body if isinstance(outcome, Article) else ""


def figure_captions(pages: list[tuple[str, bytes]], min_chars: int = 20) -> tuple[int, int, int]:
    """(figcaptions longer than min_chars, of those in `captions` and not in the body, of those in the body)."""
    total = lifted = leaked = 0
    for doc_id, page in pages:
        found = [dom.text_of(n) for n in dom.parse(decode_bytes(page)).css("figcaption")]
        found = [fold(c) for c in found if len(c) > min_chars]
        outcome = clean_record(RawRecord(doc_id, f"{doc_id}.html", "html", page, payload="html"))
        if not found or not isinstance(outcome, Article):
            continue
        body, captions = fold(outcome.body), fold(" | ".join(outcome.captions))
        total += len(found)
        lifted += sum(c in captions and c not in body for c in found)
        leaked += sum(c in body for c in found)
    return total, lifted, leaked


def side_by_side(
    extractors: dict[str, Extractor], pages: list[tuple[str, bytes]], rounds: int = 1
) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """Each extractor's bodies by doc_id, and its pages per second. The extractors take turns page by page
    (who goes first alternates), so that a machine whose speed drifts, as a shared VM's does, slows
    them alike: timing one over all pages, then the other, swung the ratio by 20% here."""
    bodies: dict[str, dict[str, str]] = {name: {} for name in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    order = list(extractors)
    for turn, (doc_id, page) in enumerate(pages * rounds):
        for name in order[turn % 2 :] + order[: turn % 2]:
            started = time.perf_counter()
            bodies[name][doc_id] = extractors[name](doc_id, page)
            seconds[name] += time.perf_counter() - started
    return bodies, {name: len(pages) * rounds / seconds[name] for name in extractors}


def score(bodies: dict[str, str], evaldata: Path, scorer: ModuleType) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as out:
        (Path(out) / "articles").mkdir()
        table = pa.table({"doc_id": list(bodies), "body": list(bodies.values())})
        pq.write_table(table, Path(out) / "articles" / "part.parquet")
        with redirect_stdout(io.StringIO()):
            return scorer.score_snippets(out, str(evaldata))


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("newsclean_score", SHARED / "tools" / "newsclean_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_pages(folder: Path, limit: int | None) -> list[tuple[str, bytes]]:
    paths = sorted(folder.glob("*.html.gz"))[:limit]
    return [(p.name.removesuffix(".html.gz"), gzip.decompress(p.read_bytes())) for p in paths]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--evaldata", type=Path, default=EVALDATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--rounds", type=int, default=2, help="times over the pages, for the speed figures")
    args = parser.parse_args(argv)
    pages = read_pages(args.pages, args.limit)
    scorer = load_scorer()
    extractors = {"trafilatura alone": trafilatura_alone, "newsclean": newsclean}
    bodies, speeds = side_by_side(extractors, pages, args.rounds)
    print(f"{len(pages)} pages, one process, {args.rounds} rounds, the extractors taking turns page by page\n")
    print(f"{'extractor':<20} {'pages/s':>8} {'precision':>10} {'recall':>8} {'F1':>7}")
    for name in extractors:
        f1, precision, recall = score(bodies[name], args.evaldata, scorer)
        print(f"{name:<20} {speeds[name]:>8.1f} {precision:>10.3f} {recall:>8.3f} {f1:>7.3f}")
    print(f"\nnewsclean's speed: {speeds['newsclean'] / speeds['trafilatura alone']:.2f}x trafilatura alone's")
    total, lifted, leaked = figure_captions(pages)
    print(
        f"\nfigcaptions over 20 characters: {total}; in captions, not body: {lifted} ({lifted / max(total, 1):.1%});"
        f" in body: {leaked}"
    )


if __name__ == "__main__":
    main()

"""Training tables for the body model, from the labelled corpora (../shared/corpora/*: pages with their gold
article text).

    .venv/bin/python bench/training_data.py [--corpora dragnet,readability,...] [--out bench/data/training]

Every page goes through the HTML path's own preparation (newsclean.html.pipeline.prepare_page: the same
lifts, blocks and evidence the cleaning uses), its blocks get the features the model reads
(newsclean.html.block_features) and a label from the gold text, and each corpus becomes one Parquet table
`blocks-<corpus>.parquet`: the feature columns, `label`, `weight`, `page`, `words`, `text`.

A block is body when at least half of its word 4-grams are in the gold text (a block of under four words:
when it is a whole line of the gold). The labels follow newsclean's contract, not each corpus's habits:
a block that repeats the headline, a byline or date line, a block that trafilatura reads as a reader
comment, or that lies in a comment section trafilatura left out is not body (Dragnet's gold keeps its pages'
comments, bylines and datelines; the contract keeps them in their own fields). Each page weighs the same in
training: a block's weight is its share of the page's words (the score averages over pages).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newsclean import dates
from newsclean.html.block_features import FEATURES, block_table
from newsclean.html.classwords import class_words
from newsclean.html.evidence import word_key
from newsclean.html.pipeline import prepare_page
from newsclean.read.decode import decode_bytes, meta_charset
from newsclean.text.bylines import byline_name

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = ("dragnet", "cleanportaleval", "readability", "cleaneval")
OUT = Path(__file__).resolve().parent / "data" / "training"
GRAM = 4
BODY_SHARE = 0.5
COMMENT_SECTION_LEVELS = 3
REPEAT_MIN_WORDS = 8  # a repeated block of fewer words is labelled as its first copy
T = TypeVar("T")
Rows = dict[str, list[object]]  # a page's rows, as columns of lists


def corpus_pages(corpus: str) -> Iterator[tuple[str, Path, str]]:
    """(page id, page file, gold text) of every page of a corpus."""
    folder = SHARED / "corpora" / corpus
    gold = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    for path in sorted((folder / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        yield page_id, path, gold[page_id]["articleBody"]


def read_page(path: Path) -> str:
    data = gzip.decompress(path.read_bytes())
    return decode_bytes(data, meta_charset(data))


def grams(key: str) -> Counter[tuple[str, ...]]:
    words = key.split(" ")
    return Counter(tuple(words[i : i + GRAM]) for i in range(len(words) - GRAM + 1))


def gold_share(key: str, gold_grams: Counter[tuple[str, ...]], gold_lines: Counter[str]) -> float:
    """How much of a block the gold holds: the share of its 4-grams, or (short) whether it is a gold line."""
    if key.count(" ") + 1 < GRAM:
        return float(bool(key) and gold_lines[key] > 0)
    own = grams(key)
    return sum((own & gold_grams).values()) / max(1, sum(own.values()))


def gold_holds(keys: list[str], gold: str) -> np.ndarray:
    """For each block or line (its word_key), whether the gold holds it: BODY_SHARE of its 4-grams, or (short)
    a whole gold line. The one overlap test the training labels and the ceilings in bench/ are made with."""
    gold_grams = grams(word_key(gold))
    gold_lines = Counter(word_key(line) for line in gold.split("\n") if line.strip())
    return np.array([gold_share(k, gold_grams, gold_lines) >= BODY_SHARE for k in keys], dtype=bool)


def labels(
    table: dict[str, np.ndarray], keys: list[str], repeats: list[int], texts: list[str], gold: str
) -> np.ndarray:
    """1 for a block the contract counts as article body, 0 otherwise (see the module's docstring)."""
    gold_key = word_key(gold)
    body = gold_holds(keys, gold)
    copies = np.array([copy_held(k, r, gold_key) for k, r in zip(keys, repeats, strict=True)])
    comment_section = (table["class_comment"] <= COMMENT_SECTION_LEVELS) & (table["trafilatura"] < 0.5)
    not_body = (table["is_title"] > 0) | (table["trafilatura_comments"] >= 0.5) | comment_section
    return (body & copies & ~not_body & ~metadata_lines(texts)).astype(np.int8)


def copy_held(key: str, before: int, gold_key: str) -> bool:
    """Whether the gold holds this copy of a block that `before` identical blocks precede: the n-th copy of a
    repeated sentence is body only when the gold holds it n times (a page that prints its article twice, a
    second copy under its comments or a print version, has it once in the gold, as in an extractor's text).
    A short block (a heading, a menu item: a table of contents repeats the headings the article holds once)
    is labelled as its first copy."""
    if before == 0 or key.count(" ") + 1 < REPEAT_MIN_WORDS:
        return True
    text, found, start = f" {gold_key} ", 0, 0
    while (start := text.find(f" {key} ", start) + 1) > 0:  # copies printed one after another share a space
        found += 1
    return found > before


def metadata_lines(texts: list[str]) -> np.ndarray:
    """Byline and date lines: the contract puts them in `byline` and `published`, not in the body (Dragnet's
    gold keeps them)."""
    return np.array([byline_name(t) is not None or (len(t) < 80 and dates.is_date_line(t)) for t in texts])


def page_rows(item: tuple[str, Path, str]) -> dict[str, list[object]] | None:
    """One page's rows (columns of lists), or None when it has no text blocks."""
    page_id, path, gold = item
    blocks = prepare_page(read_page(path), None).blocks
    blocks.ask_trafilatura()  # every feature, both models'
    if not blocks.blocks:
        return None
    table = block_table(blocks)
    words = np.maximum(blocks.words, 1)
    rows: dict[str, list[object]] = {name: table[name].tolist() for name in FEATURES}
    texts = [" ".join(b.text.split()) for b in blocks.blocks]
    rows["label"] = labels(table, blocks.keys, blocks.repeats, texts, gold).tolist()
    rows["weight"] = (words / words.sum()).tolist()
    rows["page"] = [page_id] * len(words)
    rows["words"] = blocks.words.astype(int).tolist()
    rows["text"] = [b.text[:200] for b in blocks.blocks]
    return rows


def build(corpus: str, out: Path, workers: int) -> int:
    return write_table(page_rows, corpus_pages(corpus), out / f"blocks-{corpus}.parquet", workers)


def write_table(rows_of: Callable[[T], Rows | None], items: Iterable[T], path: Path, workers: int) -> int:
    """The rows `rows_of` makes of each item (in worker processes), as one Parquet table; its row count."""
    columns: dict[str, list[object]] = {}
    with ProcessPoolExecutor(workers) as pool:
        for rows in pool.map(rows_of, items, chunksize=8):
            for name, values in (rows or {}).items():
                columns.setdefault(name, []).extend(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path, compression="zstd")
    return len(columns.get("label", []))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", default=",".join(CORPORA))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    class_words()  # load once before the workers fork
    for corpus in args.corpora.split(","):
        rows = build(corpus, args.out, args.workers)
        print(f"{corpus}: {rows:,} blocks -> {args.out / f'blocks-{corpus}.parquet'}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Text renderings of the labelled pages, and the line model's training tables built from them.

    .venv/bin/python bench/text_training_data.py render [--sets dragnet,...,devset] [--workers 2]
    .venv/bin/python bench/text_training_data.py tables [--corpora dragnet,...] [--out bench/data/training]

`render` turns every page of ../shared/corpora/* and ../shared/devset into the two kinds of text dump the text
path is handed, cached under bench/data/text/<rendering>/<set>/<page id>.txt (git-ignored):

- `page`: the whole page, every visible line (html-text with its layout guess: menus, footers, related lists
  and all), what a scraper that keeps "the page's text" writes, like the seeds;
- `article`: the article region as a readability-based scraper prints it (bench/text_devset.py's rendering:
  the title line, then readability-lxml's summary, one block a line);
- `page-inscriptis`: the whole page again, as another renderer lays it out (inscriptis: list items with
  their bullets, table cells side by side, no title line). Nothing learns from it: bench/text_quality.py
  scores it to show how the models, trained on html-text's line breaks, read another scraper's.

`tables` runs the text path's rule passes over each rendering of each corpus page (newsclean.roles.model:
everything before the line model), computes the line features of the document (newsclean.roles.line_features)
and writes, per corpus, `lines-<corpus>.parquet`: one row per line the rules left undecided (the lines the
model decides; on the whole-page rendering the standfirst too, as the cleaning hands it back on a whole
page), the feature columns, `label`, `weight`, `page` (`<rendering>/<page id>`), `words`, `text`;
and `layout-<corpus>.parquet`: one row per rendered page, the layout model's features (newsclean.roles.layout)
labelled by the rendering itself (whole page 1, article region 0).

A line is body when at least half of its word 4-grams are in the gold text (a line of under four words: when
it is a whole line of the gold), as bench/training_data.py labels the HTML path's blocks; byline and date
lines are not body (the contract puts them in their own fields; Dragnet's gold keeps them). Each page weighs
the same in training: a line's weight is its share of the words of the page's undecided lines (the scorer
averages over pages, counting words).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from text_devset import fixed_hash_seed
from training_data import gold_holds, metadata_lines, read_page, write_table

from newsclean.html.evidence import word_key

BENCH = Path(__file__).resolve().parent
SHARED = BENCH.parents[1] / "shared"
CORPORA = ("dragnet", "cleanportaleval", "readability", "cleaneval")
SETS = (*CORPORA, "devset")
RENDERINGS = ("page", "article")  # what the line and layout models learn from
OTHER_PAGE = "page-inscriptis"  # measured, not learnt from
MEASURED = (*RENDERINGS, OTHER_PAGE)
TEXT = BENCH / "data" / "text"
OUT = BENCH / "data" / "training"


def html_folder(name: str) -> Path:
    return SHARED / "devset" / "snippets" / "html" if name == "devset" else SHARED / "corpora" / name / "html"


def page_id(path: Path) -> str:
    return path.name.removesuffix(".gz").removesuffix(".html").removesuffix(".htm")


def rendered(rendering: str, name: str) -> Path:
    return TEXT / rendering / name


# ------------------------------------------------------------------------------------------- rendering
def whole_page(html: str) -> str:
    """Every visible line of the page (html-text: block elements on their own lines, as a browser lays
    them out), blank lines dropped."""
    import html_text

    text = html_text.extract_text(html, guess_layout=True)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


def other_whole_page(html: str) -> str:
    """Every visible line of the page as inscriptis lays it out, blank lines dropped."""
    from inscriptis import get_text

    return "\n".join(line.strip() for line in get_text(html).splitlines() if line.strip()) + "\n"


def article_region(html: str) -> str:
    """The title line and readability-lxml's summary, one block a line (bench/text_devset.py)."""
    from text_devset import render, to_text

    return to_text(render(html), tight=True)


def render_page(item: tuple[str, Path]) -> tuple[str, str]:
    """(set, page id) after writing the page's renderings that are not cached yet."""
    name, path = item
    html = None
    for rendering, make in (("page", whole_page), ("article", article_region), (OTHER_PAGE, other_whole_page)):
        target = rendered(rendering, name) / f"{page_id(path)}.txt"
        if target.exists():
            continue
        html = html if html is not None else read_page(path)
        try:
            text = make(html)
        except Exception as exc:  # a page a renderer cannot read renders to nothing (as a scraper's would)
            print(f"{name}/{path.name} ({rendering}): {type(exc).__name__}: {exc}", file=sys.stderr)
            text = ""
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return name, page_id(path)


def render_all(sets: list[str], workers: int) -> None:
    items = [(name, path) for name in sets for path in sorted(html_folder(name).glob("*.htm*.gz"))]
    with ProcessPoolExecutor(workers) as pool:
        for done, _ in enumerate(pool.map(render_page, items, chunksize=4), 1):
            if done % 250 == 0:
                print(f"rendered {done}/{len(items)}", file=sys.stderr)


def texts(rendering: str, name: str) -> Iterator[tuple[str, str]]:
    """(page id, text) of every cached rendering of a set's pages."""
    for path in sorted(rendered(rendering, name).glob("*.txt")):
        yield path.stem, path.read_text("utf-8")


# ------------------------------------------------------------------------------------------- tables
def gold_texts(corpus: str) -> dict[str, str]:
    gold = json.loads((SHARED / "corpora" / corpus / "ground-truth.json").read_text("utf-8"))
    return {key: value["articleBody"] for key, value in gold.items()}


def page_rows(item: tuple[str, str, str, str]) -> dict[str, list[object]] | None:
    """The rows of one rendered page's undecided lines (columns of lists), or None when it has none."""
    from newsclean.roles.line_features import FEATURES
    from newsclean.roles.model import undecided_table

    rendering, pid, text, gold = item
    found = undecided_table(text, whole_page=rendering == "page")  # as the cleaning reads a whole page
    if found is None:
        return None
    table, lines = found
    keys = [word_key(line) for line in lines]
    body = gold_holds(keys, gold)
    label = body & ~metadata_lines(lines)
    words = np.array([max(1, k.count(" ") + 1) for k in keys], dtype=np.float64)
    rows: dict[str, list[object]] = {name: table[name].tolist() for name in FEATURES}
    rows["label"] = label.astype(np.int8).tolist()
    rows["weight"] = (words / words.sum()).tolist()
    rows["page"] = [f"{rendering}/{pid}"] * len(lines)
    rows["words"] = words.astype(int).tolist()
    rows["text"] = [line[:200] for line in lines]
    return rows


def layout_rows(item: tuple[str, str, str, str]) -> dict[str, list[object]] | None:
    """The layout model's row of one rendered page: its layout features, labelled by its rendering (a whole
    page is 1, the article region 0); None when the rules leave no line to the models."""
    from newsclean.roles.layout import FEATURES
    from newsclean.roles.model import layout_table

    rendering, pid, text, _gold = item
    table = layout_table(text)
    if table is None:
        return None
    rows: dict[str, list[object]] = {name: table[name].tolist() for name in FEATURES}
    return rows | {"label": [int(rendering == "page")], "weight": [1.0], "page": [f"{rendering}/{pid}"]}


def build(corpus: str, out: Path, workers: int) -> tuple[int, int]:
    gold = gold_texts(corpus)
    items = [
        (rendering, pid, text, gold[pid])
        for rendering in RENDERINGS
        for pid, text in texts(rendering, corpus)
        if pid in gold
    ]
    lines = write_table(page_rows, items, out / f"lines-{corpus}.parquet", workers)
    return lines, write_table(layout_rows, items, out / f"layout-{corpus}.parquet", workers)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser("render", help="cache the page and article renderings of every set")
    render.add_argument("--sets", default=",".join(SETS))
    tables = sub.add_parser("tables", help="write lines-<corpus>.parquet from the cached renderings")
    tables.add_argument("--corpora", default=",".join(CORPORA))
    tables.add_argument("--out", type=Path, default=OUT)
    for command in (render, tables):
        command.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.command == "render":
        render_all(args.sets.split(","), args.workers)
        return
    render_all(args.corpora.split(","), args.workers)  # a no-op once cached
    for corpus in args.corpora.split(","):
        lines, texts_ = build(corpus, args.out, args.workers)
        print(
            f"{corpus}: {lines:,} lines, {texts_:,} texts -> {args.out}/(lines|layout)-{corpus}.parquet",
            file=sys.stderr,
        )


if __name__ == "__main__":
    fixed_hash_seed()  # a process entry: main(argv) called from Python runs in the caller's process
    main()

"""`newsclean report OUT_DIR --html FILE`: an output folder's figures as one self-contained HTML page.

Charts by plotly (its JavaScript inlined once in the page: nothing is fetched when it is viewed, offline
included): segments by role and by rule, rejects by reason, articles by domain and rejects by source folder
(a reject has no url), words per document, languages. Then a table of the documents, each linked to its
explain page (newsclean.explain), written beside the report. Large folders list their first MAX_LISTED
documents (by doc_id) and say how many more there are.
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from newsclean import __version__, explain
from newsclean.write.carry import read_filtered
from newsclean.write.parts import write_text

MAX_LISTED = 2000  # documents listed (and given an explain page)
TOP_BARS = 30  # bars of the by-rule and by-domain charts; the rest are summed as "other"
ARTICLE_COLUMNS = ["doc_id", "title", "domain", "lang", "word_count", "near_duplicate_of", "story_id"]


@dataclass
class Tables:
    """What the report reads of an output folder."""

    articles: pa.Table
    rejects: pa.Table
    segments: pa.Table  # doc_id, role, rule, kept


def read_tables(out_dir: Path) -> Tables:
    for name in ("articles", "rejects", "segments"):
        if not (out_dir / name).is_dir():
            raise explain.NotFound(f"{out_dir / name} is not a table of newsclean's (run `newsclean run` first)")
    return Tables(
        ds.dataset(out_dir / "articles", format="parquet").to_table(columns=ARTICLE_COLUMNS),
        ds.dataset(out_dir / "rejects", format="parquet").to_table(columns=["doc_id", "source", "reason", "detail"]),
        ds.dataset(out_dir / "segments", format="parquet").to_table(columns=["doc_id", "role", "rule", "kept"]),
    )


def counts(column: pa.ChunkedArray) -> list[tuple[str, int]]:
    """Value counts, most common first, then by name (nulls as "(none)"), counted by Arrow: the segments of
    100,000 documents as Python strings took over a gigabyte."""
    found = [("(none)" if p["values"] is None else str(p["values"]), p["counts"]) for p in _value_counts(column)]
    return sorted(found, key=lambda item: (-item[1], item[0]))


def _value_counts(column: pa.ChunkedArray) -> list[dict[str, Any]]:
    return pc.value_counts(column).to_pylist() if len(column) else []


def top(items: list[tuple[str, int]], n: int = TOP_BARS) -> list[tuple[str, int]]:
    rest = sum(count for _, count in items[n:])
    return items[:n] + ([("other", rest)] if rest else [])


def source_folder(source: str) -> str:
    return source.rsplit("/", 1)[0] if "/" in source else "(top folder)"


def figures(tables: Tables) -> list[tuple[str, Any]]:
    """(title, plotly figure) of each chart."""
    import plotly.graph_objects as go

    def bars(items: list[tuple[str, int]], colours: list[str] | None = None) -> Any:
        names = [name for name, _ in items][::-1]
        values = [count for _, count in items][::-1]
        marker = {"color": colours[::-1]} if colours else {}
        figure = go.Figure(go.Bar(x=values, y=names, orientation="h", marker=marker))
        return figure.update_layout(height=max(260, 22 * len(items) + 80), margin={"l": 10, "r": 10, "t": 10, "b": 30})

    roles = counts(tables.segments["role"])
    words = tables.articles["word_count"].to_pylist()
    histogram = go.Figure(go.Histogram(x=words, nbinsx=40)).update_layout(
        height=320, margin={"l": 10, "r": 10, "t": 10, "b": 30}, xaxis_title="words in body", yaxis_title="documents"
    )
    rejected_by_folder = counts(pa.chunked_array([[source_folder(s) for s in tables.rejects["source"].to_pylist()]]))
    return [
        ("Segments by role", bars(roles, [explain.colour(role) for role, _ in roles])),
        ("Segments by rule", bars(top(counts(tables.segments["rule"])))),
        ("Rejects by reason", bars(counts(tables.rejects["reason"]))),
        ("Articles by domain", bars(top(counts(tables.articles["domain"])))),
        ("Rejects by source folder (a reject has no url)", bars(top(rejected_by_folder))),
        ("Words per document", histogram),
        ("Languages", bars(top(counts(tables.articles["lang"])))),
    ]


def chart_html(figure_list: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """Each figure as an HTML fragment; the first carries plotly.js inline, once for the page."""
    return [
        (
            title,
            figure.to_html(
                full_html=False,
                include_plotlyjs=(n == 0),
                default_width="100%",  # the chart fits its column, and follows the window
                config={"displaylogo": False, "responsive": True},
            ),
        )
        for n, (title, figure) in enumerate(figure_list)
    ]


def page_name(doc_id: str) -> str:
    """An explain page's file name: doc_ids hold slashes, spaces and any letter."""
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:20] + ".html"


def document_rows(tables: Tables, explain_href: str) -> list[dict[str, Any]]:
    """The listed documents (articles and rejects, the first MAX_LISTED by doc_id), each with its explain
    page's link and its segment counts; only their rows are read out of the tables."""
    ids = [*tables.articles["doc_id"].to_pylist(), *tables.rejects["doc_id"].to_pylist()]
    listed = pa.array(sorted(ids)[:MAX_LISTED], pa.string())
    articles, rejects, segments = (
        _of_docs(table, listed) for table in (tables.articles, tables.rejects, tables.segments)
    )
    rows = [{**row, "status": "article"} for row in articles.to_pylist()]
    rows += [{"doc_id": r["doc_id"], "status": r["reason"], "title": r["detail"]} for r in rejects.to_pylist()]
    rows.sort(key=lambda row: row["doc_id"])
    segment_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc_id, kept in zip(segments["doc_id"].to_pylist(), segments["kept"].to_pylist(), strict=True):
        segment_counts[doc_id][0] += 1
        segment_counts[doc_id][1] += bool(kept)
    for row in rows[:MAX_LISTED]:
        row["segments"], row["kept"] = segment_counts.get(row["doc_id"], [0, 0])
        row["href"] = f"{explain_href}/{page_name(row['doc_id'])}"
    return rows[:MAX_LISTED]


def _of_docs(table: pa.Table, doc_ids: pa.Array) -> pa.Table:
    return table.filter(pc.is_in(table["doc_id"], value_set=doc_ids))


def write_explain_pages(out_dir: Path, doc_ids: list[str], folder: Path, back_link: str) -> None:
    """One explain page per listed document, reading the segments of all of them in one pass."""
    wanted = pa.array(doc_ids, pa.string())
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows_of(out_dir / "segments", wanted):
        by_doc[row["doc_id"]].append(row)
    article_of = {row["doc_id"]: row for row in _rows_of(out_dir / "articles", wanted)}
    reject_of = {row["doc_id"]: row for row in _rows_of(out_dir / "rejects", wanted)}
    for doc_id in doc_ids:
        segs = sorted(by_doc.get(doc_id, []), key=lambda row: row["seq"])
        doc = explain.Explained(doc_id, article_of.get(doc_id), reject_of.get(doc_id), segs)
        write_text(folder / page_name(doc_id), explain.render_html(doc, back_link))


def _rows_of(table: Path, doc_ids: pa.Array) -> Iterator[dict[str, Any]]:
    """The rows of one table whose doc_id is listed, read a row group at a time: a dataset scan with that
    filter held some 800 MB of segments at once on 100,000 documents."""
    for batch in read_filtered(sorted(table.glob("*.parquet")), doc_ids):
        yield from batch.to_pylist()


def render(out_dir: Path, html: Path, explain_dir: Path) -> dict[str, int]:
    """Write the report page and its documents' explain pages; returns the headline counts."""
    tables = read_tables(out_dir)
    href = _relative(explain_dir, html.parent)
    rows = document_rows(tables, href)
    write_explain_pages(out_dir, [row["doc_id"] for row in rows], explain_dir, _relative(html, explain_dir))
    totals = {
        "articles": tables.articles.num_rows,
        "rejects": tables.rejects.num_rows,
        "segments": tables.segments.num_rows,
        "kept segments": int(pc.sum(tables.segments["kept"]).as_py() or 0),
        "stories": pc.count_distinct(tables.articles["story_id"]).as_py(),
        "near-duplicate groups": pc.count_distinct(tables.articles["near_duplicate_of"]).as_py(),
    }
    page = (
        explain.environment()
        .get_template("report.html.j2")
        .render(
            out_dir=str(out_dir),
            version=__version__,
            totals=totals,
            charts=chart_html(figures(tables)),
            rows=rows,
            unlisted=tables.articles.num_rows + tables.rejects.num_rows - len(rows),
        )
    )
    write_text(html, page)
    return totals


def _relative(target: Path, start: Path) -> str:
    import os

    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def report_command(out_dir: Path, html: Path, explain_dir: Path | None) -> int:
    """Write the report (exit status 0), or say in one line why it cannot be written (1)."""
    folder = explain_dir or html.with_name(f"{html.stem}_explain")
    try:
        totals = render(out_dir, html, folder)
    except explain.NotFound as exc:
        print(f"newsclean: {exc}", file=sys.stderr)
        return 1
    print(", ".join(f"{name} {n}" for name, n in totals.items()) + f"; wrote {html} and explain pages in {folder}")
    return 0

"""`newsclean explain OUT_DIR DOC_ID [--html FILE]`: one document's cleaning, read back from the tables.

Every segment in order with its role, the rule that decided it and what fired (phrase, pattern, CSS
selector, what a rule read, or the body model's score); lines left out of the body are marked `-`, kept
ones `+`. `--html` writes the same as a self-contained page (no scripts, no network), a colour per role.
A rejected record shows its reason instead.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from jinja2 import Environment, PackageLoader, select_autoescape

from newsclean.vocab import Role
from newsclean.write.parts import write_text

ARTICLE_FIELDS = ("title", "url", "domain", "published", "lang", "word_count", "near_duplicate_of", "story_id")
TEXT_WIDTH = 100  # characters of a segment's text on the terminal (the HTML page shows it whole)

# One colour per role (background of the role badge and the line's left border), readable on white.
ROLE_COLOURS: dict[str, str] = {
    Role.TITLE: "#1f5fbf",
    Role.SECTION: "#5b6fa6",
    Role.BYLINE: "#2f8f9d",
    Role.DATE: "#4c8c4a",
    Role.BODY: "#2e7d32",
    Role.CAPTION: "#b26a00",
    Role.EMBED: "#7b3fa0",
    Role.PROMO: "#c2185b",
    Role.RELATED: "#ad1457",
    Role.COMMENT: "#00838f",
    Role.COMMENT_FORM: "#6d4c41",
    Role.CHROME: "#757575",
    Role.DUPLICATE: "#9e9d24",
}
OTHER_COLOUR = "#424242"


class NotFound(LookupError):
    """No row of either table has this doc_id."""


@dataclass
class Explained:
    """A document as the tables hold it: its article row (or reject row) and its segments in order."""

    doc_id: str
    article: dict[str, Any] | None
    reject: dict[str, Any] | None
    segments: list[dict[str, Any]]


def load(out_dir: Path, doc_id: str) -> Explained:
    """The document's rows, read from OUT_DIR's tables (a filter on doc_id: row groups of other documents
    are skipped by their statistics)."""
    article = _rows(out_dir / "articles", doc_id)
    reject = _rows(out_dir / "rejects", doc_id)
    if not article and not reject:
        raise NotFound(f"no document {doc_id!r} in {out_dir}")
    segments = sorted(_rows(out_dir / "segments", doc_id), key=lambda row: row["seq"])
    return Explained(doc_id, article[0] if article else None, reject[0] if reject else None, segments)


def _rows(folder: Path, doc_id: str) -> list[dict[str, Any]]:
    if not folder.is_dir():
        raise NotFound(f"{folder} is not a table of newsclean's (run `newsclean run` first)")
    table: pa.Table = ds.dataset(folder, format="parquet").to_table(filter=pc.field("doc_id") == doc_id)
    return table.to_pylist()


def render_text(doc: Explained) -> str:
    """The terminal form: a header of the article's fields, then one line per segment."""
    lines = [f"doc_id: {doc.doc_id}"]
    if doc.reject is not None:
        return "\n".join([*lines, f"rejected: {doc.reject['reason']}: {doc.reject['detail']}"])
    assert doc.article is not None
    lines += [f"{name}: {doc.article[name]}" for name in ARTICLE_FIELDS if doc.article.get(name) is not None]
    lines.append(f"segments: {len(doc.segments)} ({sum(s['kept'] for s in doc.segments)} kept in the body)")
    lines.append("")
    for seg in doc.segments:
        mark = "+" if seg["kept"] else "-"
        matched = f"  [{seg['matched']}]" if seg["matched"] else ""
        repeat = f"  (repeats {seg['duplicate_of']})" if seg["duplicate_of"] is not None else ""
        lines.append(f"{seg['seq']:>4} {mark} {seg['role']:<12} {seg['rule']}{matched}{repeat}")
        lines.append(f"         {_clip(seg['text'])}")
    return "\n".join(lines)


def _clip(text: str) -> str:
    return text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"


def render_html(doc: Explained, back_link: str | None = None) -> str:
    """The page form: self-contained (inline style, no script, nothing fetched), a colour per role."""
    roles = sorted({s["role"] for s in doc.segments})
    return _template("explain.html.j2").render(
        doc=doc,
        fields=[(n, doc.article[n]) for n in ARTICLE_FIELDS if doc.article and doc.article.get(n) is not None],
        legend=[(role, colour(role)) for role in roles],
        colour=colour,
        back_link=back_link,
    )


def colour(role: str) -> str:
    return ROLE_COLOURS.get(role, OTHER_COLOUR)


@cache
def environment() -> Environment:
    """Jinja2 over the package's templates, escaping every value: the texts come from the web."""
    return Environment(loader=PackageLoader("newsclean", "templates"), autoescape=select_autoescape(default=True))


def _template(name: str) -> Any:
    return environment().get_template(name)


def explain_command(out_dir: Path, doc_id: str, html: Path | None) -> int:
    """Print the document's explanation (and write its page); exit status 1 with one line when it is not
    there."""
    try:
        doc = load(out_dir, doc_id)
    except NotFound as exc:
        print(f"newsclean: {exc}", file=sys.stderr)
        return 1
    print(render_text(doc))
    if html is not None:
        write_text(html, render_html(doc))
        print(f"\nwrote {html}")
    return 0

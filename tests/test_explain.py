"""`newsclean explain` and `newsclean report`, read back from a real output folder (in process, no Prefect):
seed 003's comment form lines with the phrase that matched each and its comment; a devset page's removed
blocks with the CSS selector or the body model's score; the report's pages written with their links."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

from newsclean import cli, explain, report_html
from tests.conftest import RAW, SHARED
from tests.test_incremental import update


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for path in RAW.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    pages = sorted((SHARED / "devset" / "snippets" / "html").glob("*.html.gz"))
    if pages:
        shutil.copy(pages[0], raw / "page.html.gz")
    (raw / "empty.txt").write_bytes(b"")
    found = raw.parent / f"{raw.name}-out"
    update(raw, found)
    return found


def test_seed_003_lists_the_form_lines_with_their_phrases_and_the_comment(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["explain", str(out), "003_21f0040f89a799a4"]) == 0
    text = capsys.readouterr().out
    assert re.search(r"- comment_form +comment_form\.form_line +\[Leave a Reply\]\n +Leave a Reply", text)
    assert "comment_form.form_line  [You are commenting using your]" in text
    assert "comment_form.form_field  [Twitter picture]" in text
    assert re.search(r"- comment +comment\.thread +\[One comment\]\n +That’s ten battalion tactical groups", text)
    # body by the line model (its score as what fired) or, where the layout model reads what the rules left
    # as article text, by the rules' verdict (the layout score as what fired)
    body = r"\+ body +body\.(model +\[|article_text +\[layout )[01]\.\d{3}\]\n +Russia has lost 10,000 troops"
    assert re.search(body, text)


def test_a_devset_page_names_the_selector_or_model_that_removed_each_block(out: Path) -> None:
    if not (out / "articles").exists() or not (SHARED / "devset").is_dir():
        pytest.skip("no devset beside the checkout")
    doc = explain.load(out, "page")
    removed = [s for s in doc.segments if not s["kept"]]
    assert removed
    for seg in removed:
        assert seg["matched"], seg
        if ".html_" in seg["rule"]:
            assert not re.fullmatch(r"[01]\.\d{3}", seg["matched"]), seg  # a selector
        elif seg["rule"].endswith((".model", ".trafilatura")):
            assert re.fullmatch(r"[01]\.\d{3}", seg["matched"]), seg  # the model's score
    text = explain.render_text(doc)
    assert any(f"[{s['matched']}]" in text for s in removed)


def test_an_explain_page_colours_roles_and_escapes_the_text(out: Path, tmp_path: Path) -> None:
    page = tmp_path / "e.html"
    assert cli.main(["explain", str(out), "003_21f0040f89a799a4", "--html", str(page)]) == 0
    html = page.read_text()
    assert f"border-color: {explain.colour('comment_form')}" in html
    assert "<script" not in html and "http://" not in html.split("<body>")[0]
    doc = explain.load(out, "003_21f0040f89a799a4")
    doc.segments[0]["text"] = "<script>alert(1)</script>"
    assert "<script>alert" not in explain.render_html(doc)


def test_unknown_and_rejected_documents(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", str(out), "nope"]) == 1
    assert capsys.readouterr().err.strip() == f"newsclean: no document 'nope' in {out}"
    assert cli.main(["explain", str(out), "empty"]) == 0
    assert "rejected: empty: The record has no bytes." in capsys.readouterr().out


def test_the_report_links_every_document_to_its_explain_page(out: Path, tmp_path: Path) -> None:
    html = tmp_path / "report" / "index.html"
    assert cli.main(["report", str(out), "--html", str(html)]) == 0
    page = html.read_text()
    links = re.findall(r'<a href="(index_explain/[0-9a-f]+\.html)">([^<]+)</a>', page)
    assert {doc_id for _, doc_id in links} >= {p.stem for p in RAW.glob("*.txt")} | {"empty"}
    for href, _ in links:
        assert (html.parent / href).is_file()
    assert page.count("<script") >= 1 and not re.search(r'<script[^>]+src="http', page)
    for title in (
        "Segments by role",
        "Segments by rule",
        "Rejects by reason",
        "Articles by domain",
        "Words per document",
    ):
        assert title in page
    assert cli.main(["report", str(tmp_path / "nothing"), "--html", str(html)]) == 1


def test_report_lists_a_bounded_number_of_documents(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_html, "MAX_LISTED", 2)
    rows = report_html.document_rows(report_html.read_tables(out), "x")
    assert len(rows) == 2


def test_report_counts_and_listed_rows_are_the_plain_python_ones(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted by Arrow (a plain count over Python strings took gigabytes on 100,000 documents), the charts'
    counts, the listed rows and their segment counts are those of a count over the rows."""
    tables = report_html.read_tables(out)
    segments = tables.segments.to_pylist()
    roles = Counter("(none)" if s["role"] is None else s["role"] for s in segments)
    assert report_html.counts(tables.segments["role"]) == sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))
    assert report_html.counts(pa.chunked_array([["a", None, "b", "a"]])) == [("a", 2), ("(none)", 1), ("b", 1)]
    assert report_html.counts(pa.chunked_array([], pa.string())) == []
    monkeypatch.setattr(report_html, "MAX_LISTED", 3)
    rows = report_html.document_rows(tables, "x")
    everyone = sorted([*tables.articles["doc_id"].to_pylist(), *tables.rejects["doc_id"].to_pylist()])
    assert [row["doc_id"] for row in rows] == everyone[:3]
    for row in rows:
        mine = [s for s in segments if s["doc_id"] == row["doc_id"]]
        assert (row["segments"], row["kept"]) == (len(mine), sum(bool(s["kept"]) for s in mine))

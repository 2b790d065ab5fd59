"""State follows the code: the pipeline fingerprint covers the output schemas and every file of the
package (code, rule tables, model files), any change to them cleans everything again, and a snapshot
never holds parts of two schemas."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from newsclean.write import schema, state
from tests.test_incremental import STORY, all_doc_ids, rows, update

NEW_COLUMN = pa.field("quality", pa.float64())


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the package's files, to edit."""
    copy = tmp_path / "newsclean"
    shutil.copytree(state.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_every_file_that_shapes_a_row_moves_the_package_digest(package: Path) -> None:
    before = state.source_digest(package)
    edits = [
        lambda: (package / "roles" / "captions.py").write_text((package / "roles" / "captions.py").read_text() + "\n"),
        lambda: (package / "html" / "selectors.toml").write_bytes(b"# x\n"),
        lambda: (package / "roles" / "model.bin").write_bytes(b"\x00weights"),
        lambda: (package / "roles" / "model.bin").rename(package / "roles" / "other.bin"),
    ]
    seen = {before}
    for edit in edits:
        edit()
        seen.add(state.source_digest(package))
    assert len(seen) == len(edits) + 1, "each edit gives a new digest"


def test_bytecode_and_hidden_files_do_not_move_it(package: Path) -> None:
    before = state.source_digest(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "clean.cpython-311.pyc").write_bytes(b"bytecode")
    (package / ".clean.py.swp").write_bytes(b"editor")
    assert state.source_digest(package) == before


def test_the_fingerprint_covers_the_schemas_and_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    before = state.pipeline_fingerprint()
    assert state.pipeline_fingerprint() == before, "stable within a process"
    monkeypatch.setitem(schema.TABLES, "articles", schema.ARTICLES.append(NEW_COLUMN))
    with_column = state.pipeline_fingerprint()
    monkeypatch.setattr(state, "package_digest", lambda: "a rule's code changed")
    assert len({before, with_column, state.pipeline_fingerprint()}) == 3


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    for folder in ("a", "b"):
        (raw / folder).mkdir(parents=True)
        for n in range(2):
            (raw / folder / f"story {n}.txt").write_text(STORY.format(n=f"{folder}{n}"))
    return raw


def part_schemas(out: Path, table: str) -> list[pa.Schema]:
    return [state.read_schema(path) for path in sorted((out / table).glob("*.parquet"))]


def test_a_code_change_cleans_everything_again(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    update(raw, out)
    assert update(raw, out).read == 0
    monkeypatch.setattr(state, "package_digest", lambda: "a rule's code changed")
    report = update(raw, out)
    assert (report.read, report.cleaned, report.unchanged) == (4, 4, 0)
    assert update(raw, out).read == 0, "and then the new state is current"


def test_a_new_column_cleans_everything_and_no_snapshot_mixes_schemas(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    update(raw, out)
    old_ids = all_doc_ids(out)
    monkeypatch.setitem(schema.TABLES, "articles", schema.ARTICLES.append(NEW_COLUMN))

    report = update(raw, out, pattern="a/**")  # b/ is outside the pattern: its rows are carried over
    assert (report.read, report.cleaned) == (2, 2)
    assert all(s.equals(schema.TABLES["articles"]) for s in part_schemas(out, "articles")), "one schema"
    assert all(s.equals(schema.SEGMENTS) for s in part_schemas(out, "segments"))
    articles = rows(out)
    assert set(articles) == old_ids, "nothing lost"
    assert {doc: row["quality"] for doc, row in articles.items() if doc.startswith("b/")} == {
        "b/story 0": None,
        "b/story 1": None,
    }
    linked = [p.name for p in (out / "articles").glob("*.parquet") if os.stat(p).st_nlink > 1]
    assert not linked, "a part of the old schema is rewritten, never linked"
    assert [p for p in (out / "segments").glob("*.parquet") if os.stat(p).st_nlink > 1], "same schema: linked"

    report = update(raw, out)  # b/'s rows were made under the old fingerprint: cleaned as soon as in scope
    assert (report.read, report.cleaned, report.unchanged) == (2, 2, 0)
    assert update(raw, out).read == 0


def test_rows_of_gone_inputs_are_carried_into_the_new_schema(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    update(raw, out)
    shutil.rmtree(raw / "b")
    monkeypatch.setitem(schema.TABLES, "articles", schema.ARTICLES.append(NEW_COLUMN))
    report = update(raw, out)
    assert (report.read, report.cleaned) == (2, 2)
    assert all(s.equals(schema.TABLES["articles"]) for s in part_schemas(out, "articles"))
    table = ds.dataset(out / "articles", format="parquet").to_table()
    assert table.schema.equals(schema.TABLES["articles"]) and table.num_rows == 4


def test_a_column_the_new_type_cannot_hold_stops_the_run() -> None:
    old = pa.table({"doc_id": ["x"], "word_count": ["many"]})
    new = pa.schema([("doc_id", pa.string()), ("word_count", pa.int64())])
    with pytest.raises(schema.SchemaMismatch, match="word_count"):
        schema.conform(old, new, "part-1")
    assert schema.conform(pa.table({"word_count": ["3"], "gone": [1]}), new).to_pylist() == [
        {"doc_id": None, "word_count": 3}
    ]

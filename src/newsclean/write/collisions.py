"""One doc_id, one record: a doc_id that two input files claim (`hash#1.txt` beside `hash.jsonl`, whose
first line has no id; a file whose escaped name equals another's) keeps its first claimant's row, and the
other claimant's record becomes a `duplicate_id` reject under an id of its own, instead of failing the run.

Which claimant is first: the one whose row the previous snapshot already holds under that doc_id, so that
an id never moves from one record to another between runs; among newcomers, the first source path in
sorted order. The second one's reject gets the id `<its source path><the rest of the doc_id>`
(`hash.jsonl#1`, or `hash#1.txt` for a one-record file), with `@2`, `@3`... added while that is taken too.

Batches run apart (on other workers, even other machines) and cannot see each other's ids, so this is
settled when the run finishes, before the rows are carried over: the losing rows are taken out of this
run's own part files (never committed yet, so rewriting them in place hides nothing from any reader).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from newsclean.read.discover import doc_id_for
from newsclean.report import Report
from newsclean.vocab import Reason
from newsclean.write.carry import read_filtered
from newsclean.write.parts import part_info, write_batches, write_table
from newsclean.write.schema import PARTS, RECORDS, REJECTS, ROW_PER_RECORD, TABLES
from newsclean.write.state import SnapshotState, read_parquet


@dataclass(frozen=True)
class Loser:
    """A record of this run whose doc_id another source keeps."""

    doc_id: str
    source: str
    raw_sha256: str | None
    part: str
    winner: str  # the source that keeps the doc_id


def settle_duplicates(
    snapshot: Path, pieces: pa.Table, parts: pa.Table, state: SnapshotState, untouched: list[str], report: Report
) -> tuple[pa.Table, pa.Table]:
    """This run's records manifest pieces and parts manifest, with every doc_id claimed by one source
    only. `untouched`: present files this run did not read, whose old rows keep claiming their ids."""
    losers = _losers(pieces, state, untouched)
    if not losers:
        return pieces, parts
    taken = _taken(pieces, state)
    new_ids = {(x.doc_id, x.source): _new_id(x, taken) for x in losers}
    parts = _take_out(snapshot, losers, parts, report)
    name = f"{snapshot.name}-duplicates"
    rows = [_reject_row(x, new_ids[(x.doc_id, x.source)]) for x in losers]
    write_table(pa.Table.from_pylist(rows, schema=REJECTS), snapshot / "rejects" / f"{name}.parquet")
    parts = pa.concat_tables(
        [
            parts,
            pa.Table.from_pylist(
                [part_info(snapshot / "rejects" / f"{name}.parquet", "rejects", len(rows))], schema=PARTS
            ),
        ]
    )
    report.rejected += len(rows)
    report.reasons[Reason.DUPLICATE_ID] += len(rows)
    return _renamed(pieces, new_ids, name), parts


def _losers(pieces: pa.Table, state: SnapshotState, untouched: list[str]) -> list[Loser]:
    """The claims of this run's records and of the untouched files' old rows, and, for every doc_id with
    more than one source, the claims that lose it."""
    old = state.records.filter(pc.is_in(state.records["source"], value_set=pa.array(untouched, pa.string())))
    claims = pa.concat_tables([pieces.select(["doc_id", "source"]), old.select(["doc_id", "source"])])
    grouped = claims.group_by("doc_id").aggregate([("source", "count_distinct")])
    contested = grouped.filter(pc.greater(grouped["source_count_distinct"], 1))["doc_id"]
    if not len(contested):
        return []
    holder = _holders(state, contested)
    rows = pieces.filter(pc.is_in(pieces["doc_id"], value_set=contested)).to_pylist()
    sources: dict[str, set[str]] = {}
    for row in [*rows, *old.filter(pc.is_in(old["doc_id"], value_set=contested)).to_pylist()]:
        sources.setdefault(row["doc_id"], set()).add(row["source"])
    winner = {d: holder[d] if holder.get(d) in s else min(s) for d, s in sources.items()}
    return [
        Loser(r["doc_id"], r["source"], r["raw_sha256"], r["part"], winner[r["doc_id"]])
        for r in rows
        if r["source"] != winner[r["doc_id"]] and r["part"] is not None
    ]


def _holders(state: SnapshotState, doc_ids: pa.ChunkedArray) -> dict[str, str]:
    """doc_id -> the source whose row the previous snapshot holds under it."""
    held = state.records.filter(pc.is_in(state.records["doc_id"], value_set=doc_ids))
    return dict(zip(held["doc_id"].to_pylist(), held["source"].to_pylist(), strict=True))


def _taken(pieces: pa.Table, state: SnapshotState) -> set[str]:
    """The doc_ids the new snapshot holds but for the losers': this run's, and the old ones of the files it
    did not read (the old rows of a file read again are replaced, a loser's own reject of last run too)."""
    read = pc.unique(pieces["source"])
    old = state.records.filter(pc.invert(pc.is_in(state.records["source"], value_set=read)))
    return set(pieces["doc_id"].to_pylist()) | set(old["doc_id"].to_pylist())


def _new_id(loser: Loser, taken: set[str]) -> str:
    """`<source path><rest of the doc_id>`: `hash.jsonl#1` for `hash#1` of hash.jsonl, `hash#1.txt` for
    the file hash#1.txt; `@2`, `@3`... appended while it is taken. It is taken now."""
    stem = doc_id_for(loser.source) or loser.source
    base = loser.source + (loser.doc_id[len(stem) :] if loser.doc_id.startswith(stem) else f"#{loser.doc_id}")
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}@{n}"
    taken.add(found)
    return found


def _take_out(snapshot: Path, losers: list[Loser], parts: pa.Table, report: Report) -> pa.Table:
    """Rewrite this run's parts without the losers' rows (their article or reject, their segments), and
    take their outcomes out of the report's counts."""
    by_part: dict[str, list[str]] = {}
    for x in losers:
        by_part.setdefault(x.part, []).append(x.doc_id)
    infos = parts.to_pylist()
    for part, doc_ids in by_part.items():
        ids = pa.array(doc_ids, pa.string())
        _uncount(snapshot, part, ids, report)
        for table, schema in TABLES.items():
            path = snapshot / table / f"{part}.parquet"
            if path.is_file():
                rows = write_batches(read_filtered([path], ids, keep=False), schema, path)
                infos = [i for i in infos if (i["table"], i["part"]) != (table, part)]
                if rows:
                    infos.append(part_info(path, table, rows))
                else:
                    path.unlink()
    return pa.Table.from_pylist(infos, schema=PARTS)


def _uncount(snapshot: Path, part: str, ids: pa.Array, report: Report) -> None:
    """The report's counts without the rows about to be taken out of `part`."""
    for table in ROW_PER_RECORD:
        path = snapshot / table / f"{part}.parquet"
        if not path.is_file():
            continue
        found = read_parquet(path, ["doc_id", "reason"] if table == "rejects" else ["doc_id"])
        found = found.filter(pc.is_in(found["doc_id"], value_set=ids))
        if table == "articles":
            report.cleaned -= found.num_rows
        else:
            report.rejected -= found.num_rows
            report.reasons.subtract(Counter(found["reason"].to_pylist()))
    path = snapshot / "segments" / f"{part}.parquet"
    if path.is_file():
        segments = read_parquet(path, ["doc_id", "role", "rule"])
        segments = segments.filter(pc.is_in(segments["doc_id"], value_set=ids))
        report.roles.subtract(Counter(segments["role"].to_pylist()))
        report.rules.subtract(Counter(segments["rule"].to_pylist()))
    for counter in (report.reasons, report.roles, report.rules):
        for key in [k for k, n in counter.items() if n <= 0]:
            del counter[key]


def _reject_row(loser: Loser, doc_id: str) -> dict[str, object]:
    """The loser's `duplicate_id` reject, naming the source that keeps the doc_id."""
    detail = f"Its doc_id {loser.doc_id} is also claimed by {loser.winner}, which keeps it."
    return {
        "doc_id": doc_id,
        "source": loser.source,
        "reason": Reason.DUPLICATE_ID,
        "detail": detail,
        "raw_sha256": loser.raw_sha256,
        "processed_at": datetime.now(UTC),
    }


def _renamed(pieces: pa.Table, new_ids: dict[tuple[str, str], str], part: str) -> pa.Table:
    """The pieces with each loser's claim replaced by its reject's row in the duplicates part."""
    rows = pieces.to_pylist()
    for row in rows:
        new = new_ids.get((row["doc_id"], row["source"]))
        if new is not None and row["part"] is not None:
            row["doc_id"], row["part"] = new, part
    return pa.Table.from_pylist(rows, schema=RECORDS)
